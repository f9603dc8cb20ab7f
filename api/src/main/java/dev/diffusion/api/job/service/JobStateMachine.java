package dev.diffusion.api.job.service;

import dev.diffusion.api.job.messaging.Outbox;
import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.job.persistence.JobHistoryEntity;
import dev.diffusion.api.job.persistence.JobHistoryRepository;
import dev.diffusion.common.messaging.ControlCommand;
import dev.diffusion.common.messaging.JobControl;
import dev.diffusion.common.messaging.JobStatus;
import dev.diffusion.common.messaging.JobStatusTransitions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The only code that changes a job's status. Each intent-named move ({@link #start}, {@link #succeed},
 * {@link #fail}, {@link #cancel}, {@link #requeue}) goes through one private method that checks
 * {@link JobStatusTransitions}, stamps the times and appends the history entry. Callers hold the job
 * in the current transaction; the row's version turns a concurrent change into an optimistic-lock
 * failure, which they retry.
 */
@ApplicationScoped
@Transactional(Transactional.TxType.MANDATORY)
public class JobStateMachine {

    /** History outcome of an entry that changed the job. */
    public static final String APPLIED = "APPLIED";

    private final JobHistoryRepository history;
    private final Outbox outbox;
    private final DispatchFactory dispatches;
    private final Clock clock;

    @Inject
    public JobStateMachine(JobHistoryRepository history, Outbox outbox, DispatchFactory dispatches, Clock clock) {
        this.history = history;
        this.outbox = outbox;
        this.dispatches = dispatches;
        this.clock = clock;
    }

    /** The api's current time at the database's precision. */
    public Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    /** Records a new QUEUED job and queues its first dispatch. The job must already be persisted. */
    public void submitted(JobEntity job) {
        append(job, Cause.api("SUBMITTED", "attempt 1 of " + job.maxAttempts), null, JobStatus.QUEUED, APPLIED);
        outbox.dispatch(job.tenantId, dispatches.forCurrentAttempt(job, job.createdAt));
    }

    /** QUEUED → RUNNING: a worker started the current attempt. */
    public void start(JobEntity job, String workerId, long sequence, Cause cause) {
        Instant now = now();
        job.workerId = workerId;
        job.lastSequence = sequence;
        job.heartbeatAt = now;
        job.retryAt = null;
        job.errorCode = null;
        job.errorMessage = null;
        job.progressPhase = "starting";
        if (job.startedAt == null) {
            job.startedAt = now;
        }
        moveTo(job, JobStatus.RUNNING, cause);
    }

    /** RUNNING → SUCCEEDED. */
    public void succeed(JobEntity job, Cause cause) {
        moveTo(job, JobStatus.SUCCEEDED, cause);
    }

    /** → FAILED with a reason; no retry. */
    public void fail(JobEntity job, String code, String message, Cause cause) {
        job.errorCode = code;
        job.errorMessage = message;
        job.retryAt = null;
        moveTo(job, JobStatus.FAILED, cause.withDetail(cause.detail() != null ? cause.detail() : code + ": " + message));
    }

    /** → CANCELLED. */
    public void cancel(JobEntity job, Cause cause) {
        job.retryAt = null;
        moveTo(job, JobStatus.CANCELLED, cause);
    }

    /**
     * RUNNING → QUEUED as attempt + 1, dispatched again after {@code delay} (a training job resumes from
     * its last checkpoint). With {@code stopPrevious} the previous attempt's worker, presumed dead, is
     * also told to stop in case it is merely slow.
     */
    public void requeue(JobEntity job, Duration delay, boolean stopPrevious, Cause cause) {
        if (job.attempt >= job.maxAttempts) {
            throw new IllegalStateException("job " + job.id + " has no attempts left (" + job.attempt + " of " + job.maxAttempts + ")");
        }
        int previous = job.attempt;
        Instant now = now();
        Instant dueAt = now.plus(delay);
        moveTo(job, JobStatus.QUEUED, cause);
        job.attempt = previous + 1;
        job.workerId = null;
        job.lastSequence = null;
        job.heartbeatAt = null;
        job.retryAt = delay.isZero() ? null : dueAt;
        outbox.dispatch(job.tenantId, dispatches.forCurrentAttempt(job, now), dueAt);
        if (stopPrevious) {
            stopAttempt(job, previous, "superseded by attempt " + job.attempt);
        }
    }

    /** Tells the worker(s) running {@code attempt} (or an earlier one) of the job to stop. */
    public void stopAttempt(JobEntity job, int attempt, String reason) {
        outbox.control(new JobControl(job.id, ControlCommand.CANCEL, attempt, reason, now()));
    }

    /** Appends a history entry for something that changed the job without a status move. */
    public void recordApplied(JobEntity job, Cause cause) {
        job.updatedAt = now();
        append(job, cause, job.status, job.status, APPLIED);
    }

    /** Appends a history entry for an event that was not applied, with why. */
    public void recordIgnored(JobEntity job, Cause cause, String outcome) {
        append(job, cause, job.status, job.status, outcome);
    }

    private void moveTo(JobEntity job, JobStatus to, Cause cause) {
        JobStatus from = job.status;
        JobStatusTransitions.requireAllowed(from, to);
        Instant now = now();
        job.status = to;
        job.updatedAt = now;
        if (to.isTerminal()) {
            job.finishedAt = now;
        }
        if (to.isTerminal() || to == JobStatus.QUEUED) {
            outbox.dispatchSettled(job.tenantId);
        }
        append(job, cause, from, to, APPLIED);
    }

    private void append(JobEntity job, Cause cause, JobStatus before, JobStatus after, String outcome) {
        JobHistoryEntity entry = new JobHistoryEntity();
        entry.jobId = job.id;
        entry.attempt = job.attempt;
        entry.source = cause.source();
        entry.kind = cause.kind();
        entry.workerId = cause.workerId();
        entry.sequence = cause.sequence();
        entry.statusBefore = before;
        entry.statusAfter = after;
        entry.outcome = outcome;
        entry.detail = cause.detail();
        entry.payload = cause.payload();
        entry.occurredAt = cause.occurredAt();
        entry.recordedAt = now();
        history.persist(entry);
    }
}
