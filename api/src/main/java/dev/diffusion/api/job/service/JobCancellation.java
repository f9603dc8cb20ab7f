package dev.diffusion.api.job.service;

import dev.diffusion.api.job.messaging.Outbox;
import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.job.persistence.JobRepository;
import dev.diffusion.api.problem.ConflictException;
import dev.diffusion.api.problem.ResourceNotFoundException;
import dev.diffusion.common.messaging.JobStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Cancel requests. A QUEUED job is CANCELLED at once (its unpublished dispatch withdrawn; if a dispatch
 * already went out, workers are told to skip it). A RUNNING job gets a cancel request: a CANCEL goes to
 * the workers and the job becomes CANCELLED when the worker reports {@code CANCELLED} (or, should the
 * worker be dead, when the sweeper notices its silence). A finished job cannot be cancelled.
 */
@ApplicationScoped
public class JobCancellation {

    /**
     * Result of a cancel request.
     *
     * @param job       the job after the request
     * @param immediate true when the job is CANCELLED now, false when a running worker was asked to stop
     */
    public record Result(JobSnapshot job, boolean immediate) {
    }

    private final JobRepository jobs;
    private final JobStateMachine states;
    private final Outbox outbox;
    private final JobQueries queries;

    @Inject
    public JobCancellation(JobRepository jobs, JobStateMachine states, Outbox outbox, JobQueries queries) {
        this.jobs = jobs;
        this.states = states;
        this.outbox = outbox;
        this.queries = queries;
    }

    /**
     * Cancels the tenant's job.
     *
     * @throws ResourceNotFoundException when the tenant has no such job
     * @throws ConflictException         when it already finished
     */
    public Result cancel(UUID tenantId, UUID id) {
        boolean immediate = Transactions.inNewTransaction(() -> {
            JobEntity job = jobs.findOwned(tenantId, id)
                    .orElseThrow(() -> new ResourceNotFoundException("no job with id " + id));
            if (job.status.isTerminal()) {
                throw new ConflictException("job " + id + " is already " + job.status + " and cannot be cancelled");
            }
            if (job.status == JobStatus.QUEUED) {
                int withdrawn = outbox.discardPendingDispatches(id, "job cancelled while queued");
                if (outbox.wasDispatched(id)) {
                    states.stopAttempt(job, job.attempt, "job cancelled");
                }
                states.cancel(job, Cause.api("CANCELLED", "cancelled while queued; " + withdrawn
                        + " unpublished dispatch(es) withdrawn"));
                return true;
            }
            if (job.cancelRequestedAt == null) {
                job.cancelRequestedAt = states.now();
                states.stopAttempt(job, job.attempt, "user request");
                states.recordApplied(job, Cause.api("CANCEL_REQUESTED", "worker " + job.workerId + " asked to stop"));
            }
            return false;
        });
        return new Result(queries.find(id).orElseThrow(), immediate);
    }
}
