-- Job store of the diffusion api. Times are timestamptz written from the api's clock (UTC).

create table models (
    id              uuid primary key,
    training_job_id uuid          not null unique,
    spec            jsonb         not null,  -- effective TrainingSpec
    bucket          varchar(63)   not null,
    object_key      varchar(1024) not null,
    size_bytes      bigint        not null,
    sha256          char(64)      not null,
    trained_steps   integer,
    metrics         jsonb         not null,  -- final training metrics, name -> number
    created_at      timestamptz   not null
);
create index models_newest on models (created_at desc, id desc);

create table jobs (
    id                   uuid primary key,
    type                 varchar(16)  not null,
    status               varchar(16)  not null,
    version              bigint       not null,  -- optimistic lock
    attempt              integer      not null,
    max_attempts         integer      not null,
    spec                 jsonb        not null,  -- effective TrainingSpec or GenerationSpec
    model_id             uuid,                   -- training: the model it registers; generation: the model it samples
    idempotency_key      varchar(200) unique,
    request_hash         char(64),
    progress_step        integer,
    progress_total_steps integer,
    progress_phase       varchar(64),
    progress_eta_seconds double precision,
    metrics              jsonb,
    error_code           varchar(64),
    error_message        text,
    worker_id            varchar(200),
    last_sequence        bigint,
    heartbeat_at         timestamptz,
    checkpoint_bucket    varchar(63),
    checkpoint_key       varchar(1024),
    checkpoint_step      integer,
    cancel_requested_at  timestamptz,
    retry_at             timestamptz,
    created_at           timestamptz  not null,
    updated_at           timestamptz  not null,
    started_at           timestamptz,
    finished_at          timestamptz,
    constraint jobs_type_check check (type in ('TRAINING', 'GENERATION')),
    constraint jobs_status_check check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED')),
    constraint jobs_attempt_check check (attempt >= 1 and attempt <= max_attempts)
);
create index jobs_newest on jobs (created_at desc, id desc);
create index jobs_status_newest on jobs (status, created_at desc, id desc);
create index jobs_type_newest on jobs (type, created_at desc, id desc);
create index jobs_running_heartbeat on jobs (heartbeat_at) where status = 'RUNNING';

-- Append-only history: every worker event received (applied or ignored, with why) and every
-- transition the api made on its own (submit, cancel, re-queue, retry, timeout).
create table job_events (
    id            bigserial primary key,
    job_id        uuid        not null references jobs (id),
    attempt       integer     not null,
    source        varchar(16) not null,  -- WORKER or API
    kind          varchar(32) not null,  -- an EventKind, or SUBMITTED, CANCEL_REQUESTED, CANCELLED, REQUEUED, RETRY_SCHEDULED, TIMED_OUT
    worker_id     varchar(200),
    sequence      bigint,
    status_before varchar(16),
    status_after  varchar(16),
    outcome       varchar(32) not null,  -- APPLIED or IGNORED_<reason>
    detail        text,
    payload       jsonb,
    occurred_at   timestamptz,
    recorded_at   timestamptz not null
);
create index job_events_by_job on job_events (job_id, id);

create function job_events_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'job_events is append-only';
end;
$$;
create trigger job_events_no_update before update or delete on job_events
    for each row execute function job_events_append_only();

create table artifacts (
    id           bigserial primary key,
    job_id       uuid          not null references jobs (id),
    attempt      integer       not null,
    name         varchar(200)  not null,
    bucket       varchar(63)   not null,
    object_key   varchar(1024) not null,
    content_type varchar(200)  not null,
    size_bytes   bigint        not null,
    sha256       char(64)      not null,
    created_at   timestamptz   not null,
    constraint artifacts_job_name unique (job_id, name)
);

-- Transactional outbox: written in the transaction that changes a job, published by the relay.
create table outbox (
    id            bigserial primary key,
    topic         varchar(249) not null,
    message_key   varchar(200),
    message_type  varchar(64)  not null,
    payload       text         not null,
    status        varchar(16)  not null,  -- PENDING, SENT, DISCARDED
    created_at    timestamptz  not null,
    available_at  timestamptz  not null,  -- not published before (retry back-off)
    sent_at       timestamptz,
    send_attempts integer      not null default 0,
    last_error    text,
    constraint outbox_status_check check (status in ('PENDING', 'SENT', 'DISCARDED'))
);
create index outbox_due on outbox (available_at, id) where status = 'PENDING';
create index outbox_pending_by_key on outbox (message_key) where status = 'PENDING';
