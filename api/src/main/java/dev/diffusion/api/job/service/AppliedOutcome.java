package dev.diffusion.api.job.service;

/** What became of one worker event; recorded in the history and as a metric tag. */
public enum AppliedOutcome {
    /** The event changed the job. */
    APPLIED,
    /** The event belongs to an attempt other than the job's current one. */
    IGNORED_STALE_ATTEMPT,
    /** The job had already finished (a late event). */
    IGNORED_FINISHED,
    /** Same or lower sequence than the last applied event of the attempt. */
    IGNORED_DUPLICATE,
    /** Sent by a worker that does not run the attempt (any more). */
    IGNORED_OTHER_WORKER,
    /** Not a STARTED, for an attempt no worker started. */
    IGNORED_NOT_STARTED,
    /** Unreadable, or for an unknown job: sent to the dead-letter topic. */
    DEAD_LETTERED
}
