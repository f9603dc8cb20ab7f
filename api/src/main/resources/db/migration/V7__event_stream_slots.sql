-- Open SSE streams (GET /jobs/{id}/events) per tenant, so that a tenant's maximum holds across api instances. A
-- stream's instance renews its lease while it runs and deletes the row when it ends; the row of an instance that
-- died expires with its lease. A tenant's max_event_streams: null = the installation's default, 0 = unlimited.
create table event_streams (
    id         uuid primary key,
    tenant_id  uuid        not null references tenants (id),
    job_id     uuid        not null,
    expires_at timestamptz not null
);
create index event_streams_by_tenant on event_streams (tenant_id, expires_at);
alter table tenants add column max_event_streams integer;
alter table tenants add constraint tenants_event_streams_check check (max_event_streams >= 0);
