-- Evaluation jobs (JobType.EVALUATION): they score a registered model, which model_id names as for a generation job.

alter table jobs drop constraint jobs_type_check;
alter table jobs add constraint jobs_type_check check (type in ('TRAINING', 'GENERATION', 'EVALUATION'));

-- A model's latest succeeded evaluation (GET /models/{id} shows it): the jobs of one model by type and status,
-- newest finished first.
create index jobs_model_latest on jobs (model_id, type, status, finished_at desc, id desc);
