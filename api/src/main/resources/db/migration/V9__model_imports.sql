-- Import jobs (JobType.IMPORT): a PyTorch state dict uploaded to the tenant's area becomes a model; model_id names the
-- model the job registers, as for a training job.
alter table jobs drop constraint jobs_type_check;
alter table jobs add constraint jobs_type_check check (type in ('TRAINING', 'GENERATION', 'EVALUATION', 'IMPORT'));

-- A model's provenance: trained by a training job (training_job_id), or imported by an import job (training_job_id
-- then names the import job) from the weights file at source_uri with that size and SHA-256.
alter table models add column source varchar(16) not null default 'TRAINING';
alter table models add constraint models_source_check check (source in ('TRAINING', 'IMPORT'));
alter table models add column name varchar(200);
alter table models add column source_uri varchar(1100);
alter table models add column source_size_bytes bigint;
alter table models add column source_sha256 char(64);
