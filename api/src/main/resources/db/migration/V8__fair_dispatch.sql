-- Fair dispatch: the relay paces job dispatches per tenant (diffusion.dispatch.max-in-flight-per-tenant), so it must
-- know a dispatch's tenant without reading its payload. Set on JobDispatch rows only; other rows (control commands,
-- dead letters) have none and are never held back.
alter table outbox add column tenant_id uuid;

update outbox o set tenant_id = j.tenant_id
from jobs j
where o.message_type = 'JobDispatch' and o.status = 'PENDING' and o.message_key = j.id::text;

-- the relay's turn order: a tenant's due dispatches, oldest first
create index outbox_pending_dispatch on outbox (tenant_id, id) where status = 'PENDING' and tenant_id is not null;
