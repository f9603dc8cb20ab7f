-- Per-job maximums of a tenant (null: the installation's default, diffusion.limits.*; 0: unlimited): training work
-- (steps x batch size) and images per generation or evaluation job.
alter table tenants add column max_training_work bigint;
alter table tenants add column max_images_per_job integer;
alter table tenants add constraint tenants_job_size_check check (max_training_work >= 0 and max_images_per_job >= 0);
