package dev.diffusion.api.job.service;

/**
 * The answer to a job submission.
 *
 * @param job      the job
 * @param replayed true when an earlier request with the same idempotency key and body created it
 */
public record Submission(JobSnapshot job, boolean replayed) {
}
