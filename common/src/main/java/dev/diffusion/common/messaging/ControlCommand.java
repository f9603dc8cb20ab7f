package dev.diffusion.common.messaging;

/** Commands on {@link Topics#JOB_CONTROL}; the wire name is the constant's name. */
public enum ControlCommand {
    /**
     * Stop the job's run if its attempt is at most {@link JobControl#attempt()}, within one step, keep
     * what was made (upload a partial grid; the last checkpoint stays), report {@link EventKind#CANCELLED};
     * and skip any later dispatch of such an attempt.
     */
    CANCEL
}
