package dev.diffusion.common.messaging;

/**
 * The life-cycle state of a job. Only the api writes it; the legal moves are in
 * {@link JobStatusTransitions}. The wire name is the constant's name.
 */
public enum JobStatus {
    /** Accepted and waiting for a worker (also after a re-queue or while a retry backs off). */
    QUEUED,
    /** A worker reported {@link EventKind#STARTED} for the current attempt. */
    RUNNING,
    /** Finished; artifacts (and for training the model) are in object storage. Final. */
    SUCCEEDED,
    /** Gave up: a permanent error, or retries / attempts exhausted. Final. */
    FAILED,
    /** Stopped on request. Final; a running job keeps what it made. */
    CANCELLED;

    /** Whether no further transition is possible. */
    public boolean isTerminal() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
