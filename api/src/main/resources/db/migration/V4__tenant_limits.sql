-- Per-tenant limits (null: the installation's default, diffusion.limits.*; 0: unlimited) and the tenant's
-- submission token bucket. The bucket lives in the tenant's row, so every api instance draws from the same one.

alter table tenants add column submissions_per_minute integer;
alter table tenants add column max_open_jobs integer;
alter table tenants add column bucket_tokens double precision;      -- null: full
alter table tenants add column bucket_refilled_at timestamptz;
alter table tenants add constraint tenants_limits_check
    check (submissions_per_minute >= 0 and max_open_jobs >= 0);
