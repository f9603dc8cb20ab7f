package dev.diffusion.common.messaging;

import java.time.Instant;
import java.util.UUID;

/**
 * A command to whichever worker runs a job: published by the api on {@link Topics#JOB_CONTROL}, key = job id.
 *
 * <p>Every worker must see every control message, so workers do not share a consumer group on this
 * topic: each worker assigns itself all partitions of the topic (manual {@code assign}, no group, no
 * commits) and starts at the end. Because a worker may start after a CANCEL was sent, workers keep the
 * cancelled (jobId, attempt) pairs they saw for at least an hour, and the api answers any STARTED of
 * a cancelled job or of a superseded attempt with another CANCEL.
 *
 * @param jobId    the job
 * @param command  what to do
 * @param attempt  the command applies to runs of this attempt and earlier ones; a run of a later
 *                 attempt ignores it (the api cancels a superseded attempt after a re-queue this way)
 * @param reason   why, e.g. {@code user request}, {@code superseded by attempt 3}
 * @param issuedAt when the api issued it
 */
public record JobControl(UUID jobId, ControlCommand command, int attempt, String reason, Instant issuedAt) {

    public JobControl {
        Checks.notNull(jobId, "jobId");
        Checks.notNull(command, "command");
        Checks.check(attempt >= 1, "attempt must be at least 1 (was " + attempt + ")");
        Checks.notNull(issuedAt, "issuedAt");
    }

    /** Whether this command is meant for a run of {@code runningAttempt} of {@code runningJob}. */
    public boolean appliesTo(UUID runningJob, int runningAttempt) {
        return jobId.equals(runningJob) && runningAttempt <= attempt;
    }
}
