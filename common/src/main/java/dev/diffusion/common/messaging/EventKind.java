package dev.diffusion.common.messaging;

/** What a {@link JobEvent} reports; the wire name is the constant's name. */
public enum EventKind {
    /** The worker began the attempt. Always the first event of an attempt (sequence 0). */
    STARTED,
    /** Progress (step, phase, ETA) and latest metrics; at most 2 per second. */
    PROGRESS,
    /** I am alive, nothing new; sent at least every heartbeat interval while the job runs. */
    HEARTBEAT,
    /** A training checkpoint was written to object storage ({@link JobEvent#checkpoint()}). */
    CHECKPOINT,
    /** Done; all artifacts (and for training the model) are uploaded. Terminal for the attempt. */
    SUCCEEDED,
    /** The attempt failed ({@link JobEvent#error()} says whether a retry may help). Terminal for the attempt. */
    FAILED,
    /** The attempt stopped after a {@link ControlCommand#CANCEL}; partial artifacts listed. Terminal for the attempt. */
    CANCELLED;

    /** Whether this kind ends the attempt. */
    public boolean endsAttempt() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
