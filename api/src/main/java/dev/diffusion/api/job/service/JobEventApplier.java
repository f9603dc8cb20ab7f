package dev.diffusion.api.job.service;

import dev.diffusion.api.job.messaging.IncomingRecord;
import dev.diffusion.api.job.messaging.JobEventHandler;
import dev.diffusion.api.job.messaging.Outbox;
import dev.diffusion.api.job.persistence.ArtifactEntity;
import dev.diffusion.api.job.persistence.ArtifactRepository;
import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.job.persistence.JobRepository;
import dev.diffusion.api.json.SpecJson;
import dev.diffusion.api.model.service.ModelRegistry;
import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.DeadLetter;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobError;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.JobStatus;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.messaging.MalformedMessageException;
import dev.diffusion.common.messaging.MessageCodec;
import dev.diffusion.common.messaging.Progress;
import dev.diffusion.common.spec.ImportSpec;
import dev.diffusion.common.storage.ObjectKeys;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * Applies worker events to jobs: the api's single writer of job state for everything workers report.
 * Each event is applied in its own transaction through the {@link JobStateMachine}; every event,
 * applied or not, is appended to the job's history.
 *
 * <p>Ignored (logged, recorded, no change): events of another attempt than the job's current one,
 * events for finished jobs, duplicates (sequence not above the last applied one of the attempt),
 * events of a worker that does not run the attempt. A STARTED of a superseded attempt or of a
 * cancelled job is answered with a CANCEL so the zombie stops. Unreadable events and events for
 * unknown jobs go to the dead-letter topic.
 */
@ApplicationScoped
public class JobEventApplier implements JobEventHandler {

    private static final Logger LOG = Logger.getLogger(JobEventApplier.class);
    private static final String CONSUMER = "diffusion-api";
    /** Progress phase of a succeeded job. */
    static final String DONE_PHASE = "done";

    private final JobRepository jobs;
    private final ArtifactRepository artifacts;
    private final JobStateMachine states;
    private final ModelRegistry models;
    private final MetricSeries series;
    private final RetryPolicy retries;
    private final Outbox outbox;
    private final Clock clock;
    private final MeterRegistry registry;
    private final DistributionSummary secondsPerStep;

    @Inject
    public JobEventApplier(JobRepository jobs, ArtifactRepository artifacts, JobStateMachine states,
                           ModelRegistry models, MetricSeries series, RetryPolicy retries, Outbox outbox, Clock clock,
                           MeterRegistry registry) {
        this.jobs = jobs;
        this.artifacts = artifacts;
        this.states = states;
        this.models = models;
        this.series = series;
        this.retries = retries;
        this.outbox = outbox;
        this.clock = clock;
        this.registry = registry;
        this.secondsPerStep = DistributionSummary.builder("diffusion.worker.step.seconds")
                .description("Seconds per training or sampling step reported by workers (metric secondsPerStep)")
                .baseUnit("seconds").register(registry);
    }

    @Override
    public void handle(IncomingRecord record) {
        apply(record);
    }

    /** Applies one record of the events topic in its own transaction. */
    public AppliedOutcome apply(IncomingRecord record) {
        long started = System.nanoTime();
        JobEvent event;
        try {
            event = MessageCodec.decode(record.value(), JobEvent.class);
            if (record.key() != null && !record.key().equals(event.jobId().toString())) {
                throw new MalformedMessageException("key '" + record.key() + "' is not the event's jobId " + event.jobId(), null);
            }
        } catch (MalformedMessageException e) {
            deadLetter(record, e.getMessage());
            return timed(started, "UNREADABLE", AppliedOutcome.DEAD_LETTERED);
        }
        AppliedOutcome outcome = Transactions.inNewTransaction(() -> applyInTransaction(event, record));
        if (outcome != AppliedOutcome.APPLIED && outcome != AppliedOutcome.DEAD_LETTERED) {
            LOG.infof("ignored %s seq %d of job %s attempt %d from %s: %s", event.kind(), event.sequence(), event.jobId(),
                    event.attempt(), event.workerId(), outcome);
        }
        return timed(started, event.kind().name(), outcome);
    }

    /** Sends a record that cannot be applied to the dead-letter topic (through the outbox). */
    @Override
    public void deadLetter(IncomingRecord record, String reason) {
        LOG.warnf("dead-lettering %s[%d]@%d: %s", record.topic(), record.partition(), record.offset(), reason);
        Transactions.inNewTransaction(() -> {
            outbox.deadLetter(new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                    record.value(), reason, CONSUMER, clock.instant()));
            return null;
        });
    }

    private AppliedOutcome applyInTransaction(JobEvent event, IncomingRecord record) {
        JobEntity job = jobs.findById(event.jobId());
        if (job == null) {
            outbox.deadLetter(new DeadLetter(record.topic(), record.partition(), record.offset(), record.key(),
                    record.value(), "unknown job " + event.jobId(), CONSUMER, clock.instant()));
            return AppliedOutcome.DEAD_LETTERED;
        }
        Cause cause = Cause.worker(event, record.value());
        if (event.attempt() != job.attempt) {
            if (event.kind() == EventKind.STARTED && event.attempt() < job.attempt) {
                states.stopAttempt(job, event.attempt(), "superseded by attempt " + job.attempt);
            }
            return ignore(job, cause, AppliedOutcome.IGNORED_STALE_ATTEMPT,
                    "event of attempt " + event.attempt() + ", the job is on attempt " + job.attempt);
        }
        if (job.status.isTerminal()) {
            if (event.kind() == EventKind.STARTED && job.status == JobStatus.CANCELLED) {
                states.stopAttempt(job, event.attempt(), "job cancelled");
            }
            return ignore(job, cause, AppliedOutcome.IGNORED_FINISHED, "job already " + job.status);
        }
        if (event.kind() == EventKind.STARTED) {
            return started(job, event, cause);
        }
        if (job.workerId == null) {
            return notStarted(job, event, cause);
        }
        if (!job.workerId.equals(event.workerId())) {
            return ignore(job, cause, AppliedOutcome.IGNORED_OTHER_WORKER, "attempt is run by " + job.workerId);
        }
        if (job.lastSequence != null && event.sequence() <= job.lastSequence) {
            return ignore(job, cause, AppliedOutcome.IGNORED_DUPLICATE, "last applied sequence is " + job.lastSequence);
        }
        job.lastSequence = event.sequence();
        job.heartbeatAt = states.now();
        switch (event.kind()) {
            case PROGRESS, HEARTBEAT, CHECKPOINT -> recordProgress(job, event, cause);
            case SUCCEEDED -> succeeded(job, event, cause);
            case FAILED -> failed(job, event, cause);
            case CANCELLED -> cancelled(job, event, cause);
            default -> throw new IllegalStateException("unhandled " + event.kind());
        }
        return AppliedOutcome.APPLIED;
    }

    private AppliedOutcome started(JobEntity job, JobEvent event, Cause cause) {
        if (job.status == JobStatus.QUEUED) {
            states.start(job, event.workerId(), event.sequence(), cause.withDetail("attempt " + job.attempt + " started"));
            return AppliedOutcome.APPLIED;
        }
        if (event.workerId().equals(job.workerId)) {
            return ignore(job, cause, AppliedOutcome.IGNORED_DUPLICATE, "already started by this worker");
        }
        String previous = job.workerId;
        job.workerId = event.workerId();
        job.lastSequence = event.sequence();
        job.heartbeatAt = states.now();
        states.recordApplied(job, cause.withDetail("worker " + event.workerId() + " took over attempt " + job.attempt
                + " from " + previous + " (dispatch redelivered)"));
        return AppliedOutcome.APPLIED;
    }

    /** A non-STARTED event for a QUEUED attempt: only a worker's up-front permanent rejection counts. */
    private AppliedOutcome notStarted(JobEntity job, JobEvent event, Cause cause) {
        if (event.kind() == EventKind.FAILED && !event.error().retryable()) {
            job.workerId = event.workerId();
            job.lastSequence = event.sequence();
            JobError error = event.error();
            states.fail(job, error.code(), error.message(), cause.withDetail("rejected before start: " + error.code()));
            return AppliedOutcome.APPLIED;
        }
        return ignore(job, cause, AppliedOutcome.IGNORED_NOT_STARTED, "no worker started attempt " + job.attempt);
    }

    private void recordProgress(JobEntity job, JobEvent event, Cause cause) {
        applyProgress(job, event.progress());
        mergeMetrics(job, event.metrics());
        series.record(job, event.progress(), event.metrics(), states.now());
        saveArtifacts(job, event);
        if (event.kind() == EventKind.CHECKPOINT) {
            saveCheckpoint(job, event);
        }
        states.recordApplied(job, cause);
    }

    private void succeeded(JobEntity job, JobEvent event, Cause cause) {
        applyProgress(job, event.progress());
        if (event.progress() == null && job.progressTotalSteps != null) {
            job.progressStep = job.progressTotalSteps;
        }
        job.progressEtaSeconds = 0.0;
        // the worker's last phase (uploading, sampling) is over once it reports success
        job.progressPhase = DONE_PHASE;
        mergeMetrics(job, event.metrics());
        saveArtifacts(job, event);
        if (job.type == JobType.TRAINING || job.type == JobType.IMPORT) {
            if (event.model() == null) {
                states.fail(job, "PROTOCOL_ERROR", "the worker reported success without the model file", cause);
                return;
            }
        }
        if (job.type == JobType.TRAINING) {
            models.register(job.tenantId, job.modelId, job.id, job.spec, event.model(), job.progressStep, job.metrics,
                    states.now());
        } else if (job.type == JobType.IMPORT) {
            Artifact source = event.artifacts().stream().filter(a -> a.name().equals(ObjectKeys.IMPORTED_WEIGHTS))
                    .findFirst().orElse(null);
            if (source == null) {
                states.fail(job, "PROTOCOL_ERROR", "the worker reported success without the imported file ('"
                        + ObjectKeys.IMPORTED_WEIGHTS + "')", cause);
                return;
            }
            ImportSpec spec = SpecJson.importing(job.spec);
            models.registerImport(job.tenantId, job.modelId, job.id, SpecJson.write(spec.trainingSpec()), spec.name(),
                    event.model(), source, job.metrics, states.now());
        }
        states.succeed(job, cause.withDetail(event.artifacts().size() + " artifacts"));
    }

    private void failed(JobEntity job, JobEvent event, Cause cause) {
        saveArtifacts(job, event);
        JobError error = event.error();
        job.errorCode = error.code();
        job.errorMessage = error.message();
        if (job.cancelRequestedAt != null) {
            states.cancel(job, cause.withDetail("failed after a cancel request: " + error.code()));
        } else if (error.retryable() && job.attempt < job.maxAttempts) {
            Duration delay = retries.delayBefore(job.attempt + 1);
            states.requeue(job, delay, false, cause.withDetail(error.code() + " (retryable): attempt " + (job.attempt + 1)
                    + " in " + delay.toMillis() + " ms"));
        } else {
            String message = error.retryable()
                    ? error.message() + " (gave up after " + job.attempt + " attempts)"
                    : error.message();
            states.fail(job, error.code(), message, cause);
        }
    }

    private void cancelled(JobEntity job, JobEvent event, Cause cause) {
        applyProgress(job, event.progress());
        saveArtifacts(job, event);
        if (event.checkpoint() != null) {
            saveCheckpoint(job, event);
        }
        states.cancel(job, cause.withDetail(job.cancelRequestedAt != null ? "stopped after cancel request"
                : "stopped by the worker"));
    }

    private void applyProgress(JobEntity job, Progress progress) {
        if (progress == null) {
            return;
        }
        job.progressStep = progress.step();
        job.progressTotalSteps = progress.totalSteps();
        job.progressPhase = progress.phase();
        job.progressEtaSeconds = progress.etaSeconds();
    }

    private void mergeMetrics(JobEntity job, Map<String, Double> latest) {
        if (latest.isEmpty()) {
            return;
        }
        Map<String, Double> merged = SpecJson.metrics(job.metrics);
        merged.putAll(latest);
        job.metrics = SpecJson.write(merged);
        Double perStep = latest.get("secondsPerStep");
        if (perStep != null && perStep >= 0) {
            secondsPerStep.record(perStep);
        }
    }

    private void saveArtifacts(JobEntity job, JobEvent event) {
        for (Artifact a : event.artifacts()) {
            ArtifactEntity row = artifacts.findOrNew(job.id, a.name());
            row.attempt = job.attempt;
            row.bucket = a.bucket();
            row.objectKey = a.key();
            row.contentType = a.contentType();
            row.sizeBytes = a.sizeBytes();
            row.sha256 = a.sha256();
            row.createdAt = states.now();
            if (row.id == null) {
                artifacts.persist(row);
            }
        }
    }

    private static void saveCheckpoint(JobEntity job, JobEvent event) {
        if (job.checkpointStep == null || event.checkpoint().step() >= job.checkpointStep) {
            job.checkpointBucket = event.checkpoint().bucket();
            job.checkpointKey = event.checkpoint().key();
            job.checkpointStep = event.checkpoint().step();
        }
    }

    private AppliedOutcome ignore(JobEntity job, Cause cause, AppliedOutcome outcome, String why) {
        states.recordIgnored(job, cause.withDetail(why), outcome.name());
        return outcome;
    }

    private AppliedOutcome timed(long startedNanos, String kind, AppliedOutcome outcome) {
        Timer.builder("diffusion.events.apply")
                .description("Time to apply one worker event")
                .tag("kind", kind)
                .tag("outcome", outcome.name())
                .register(registry)
                .record(System.nanoTime() - startedNanos, TimeUnit.NANOSECONDS);
        return outcome;
    }
}
