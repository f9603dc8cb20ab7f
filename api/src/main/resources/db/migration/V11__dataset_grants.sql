-- Locations outside its own area (s3://<datasets bucket>/tenants/<id>/) where a tenant may read data sets, granted by
-- an admin: s3://bucket/ or s3://bucket/prefix/, normalised with a trailing slash. Empty: its own area and the
-- built-in data sets only.
alter table tenants add column dataset_grants text[] not null default '{}';
