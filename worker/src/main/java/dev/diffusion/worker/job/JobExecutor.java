package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.JobType;

/**
 * Runs the work of one job type with the engine. It checks {@link JobContext#shouldStop()} between steps
 * (stopping within one step and keeping what it made), reports progress, uploads what it produces through
 * the context, and throws {@link JobFailure} (or anything else, see {@link FailureClassifier}) when it
 * cannot finish.
 */
public interface JobExecutor {

    JobType type();

    JobOutcome execute(JobContext context) throws Exception;
}
