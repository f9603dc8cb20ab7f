package dev.diffusion.api.job.service;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.job.persistence.JobRepository;
import dev.diffusion.common.messaging.JobStatus;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Finds RUNNING jobs whose worker went silent (no event for {@code diffusion.jobs.heartbeat-timeout})
 * and re-queues them as attempt + 1, resuming from the last checkpoint, until the attempts run out;
 * then the job FAILS with {@code HEARTBEAT_TIMEOUT}. A silent job with a pending cancel request is
 * simply CANCELLED (JobRunr's {@code ProcessOrphanedJobsTask}).
 */
@ApplicationScoped
public class JobSweeper {

    private static final Logger LOG = Logger.getLogger(JobSweeper.class);
    private static final int BATCH = 100;

    private final JobRepository jobs;
    private final JobStateMachine states;
    private final Clock clock;
    private final Duration timeout;

    @Inject
    public JobSweeper(JobRepository jobs, JobStateMachine states, Clock clock, DiffusionConfig config) {
        this.jobs = jobs;
        this.states = states;
        this.clock = clock;
        this.timeout = config.jobs().heartbeatTimeout();
    }

    /** One pass; returns how many jobs it re-queued, failed or cancelled. */
    public int sweep() {
        Instant now = clock.instant();
        Instant deadline = now.minus(timeout);
        List<UUID> silent = QuarkusTransaction.requiringNew().call(() -> jobs.runningWithHeartbeatBefore(deadline, BATCH));
        int handled = 0;
        for (UUID id : silent) {
            try {
                if (Transactions.inNewTransaction(() -> timeOut(id, deadline))) {
                    handled++;
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "could not sweep job %s", id);
            }
        }
        return handled;
    }

    private boolean timeOut(UUID id, Instant deadline) {
        JobEntity job = jobs.findById(id);
        if (job == null || job.status != JobStatus.RUNNING || job.heartbeatAt == null || !job.heartbeatAt.isBefore(deadline)) {
            return false;
        }
        String silence = "no event from worker " + job.workerId + " for over " + timeout.toSeconds() + " s on attempt "
                + job.attempt + " of " + job.maxAttempts;
        if (job.cancelRequestedAt != null) {
            states.cancel(job, Cause.api("TIMED_OUT", silence + "; cancel had been requested"));
        } else if (job.attempt < job.maxAttempts) {
            String resume = job.hasCheckpoint() ? "resuming from step " + job.checkpointStep : "starting over";
            states.requeue(job, Duration.ZERO, true, Cause.api("REQUEUED", silence + "; attempt " + (job.attempt + 1)
                    + " " + resume));
        } else {
            states.fail(job, "HEARTBEAT_TIMEOUT", silence + "; no attempts left", Cause.api("TIMED_OUT", null));
        }
        LOG.warnf("job %s: %s -> %s", id, silence, job.status);
        return true;
    }
}
