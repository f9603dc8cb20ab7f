-- Tenants and API keys. Jobs and models belong to a tenant; a job's history (job_events) and artifacts belong to
-- it through their job. Rows from before this migration go to the default tenant, which the local run's
-- bootstrap admin key also uses, so an existing data folder stays readable.

create table tenants (
    id         uuid primary key,
    name       varchar(100) not null,
    created_at timestamptz  not null,
    revoked_at timestamptz,             -- a revoked tenant's keys are refused; its jobs and models stay
    constraint tenants_name unique (name)
);
insert into tenants (id, name, created_at) values ('00000000-0000-0000-0000-000000000001', 'default', now());

-- Only the SHA-256 of a key is stored: keys are 256 random bits, so a fast hash cannot be brute-forced.
create table api_keys (
    id         uuid primary key,
    tenant_id  uuid         not null references tenants (id),
    role       varchar(16)  not null,
    name       varchar(100) not null,
    key_hash   char(64)     not null,
    key_prefix varchar(16)  not null,   -- the first characters, to tell keys apart in listings
    created_at timestamptz  not null,
    revoked_at timestamptz,
    constraint api_keys_hash unique (key_hash),
    constraint api_keys_role_check check (role in ('ADMIN', 'MEMBER'))
);
create index api_keys_by_tenant on api_keys (tenant_id, created_at, id);

-- a constant default fills existing rows without rewriting the table; new rows always name their tenant
alter table jobs add column tenant_id uuid not null default '00000000-0000-0000-0000-000000000001'
    references tenants (id);
alter table jobs alter column tenant_id drop default;
alter table models add column tenant_id uuid not null default '00000000-0000-0000-0000-000000000001'
    references tenants (id);
alter table models alter column tenant_id drop default;

-- an Idempotency-Key is the tenant's own: another tenant's equal key must neither replay nor conflict
alter table jobs drop constraint jobs_idempotency_key_key;
alter table jobs add constraint jobs_tenant_idempotency_key unique (tenant_id, idempotency_key);

-- listings are per tenant (jobs_status_newest stays: the queue-age gauge reads it across tenants)
drop index jobs_newest;
drop index jobs_type_newest;
create index jobs_tenant_newest on jobs (tenant_id, created_at desc, id desc);
create index jobs_tenant_status_newest on jobs (tenant_id, status, created_at desc, id desc);
create index jobs_tenant_type_newest on jobs (tenant_id, type, created_at desc, id desc);
drop index models_newest;
create index models_tenant_newest on models (tenant_id, created_at desc, id desc);
