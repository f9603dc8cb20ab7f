package dev.diffusion.api.tenant.rest;

/**
 * Body of {@code PUT /admin/tenants/{id}/limits}; each limit 0 (unlimited) to 1,000,000 (the training work: 10^12),
 * or null (absent) for the installation's default ({@code diffusion.limits.*}).
 *
 * @param submissionsPerMinute job submissions per minute
 * @param maxOpenJobs          QUEUED plus RUNNING jobs
 * @param maxTrainingWork      steps × batch size of one training job
 * @param maxImagesPerJob      images one generation or evaluation job draws
 * @param maxEventStreams      event streams (SSE) open at a time
 */
public record LimitsRequest(Integer submissionsPerMinute, Integer maxOpenJobs, Long maxTrainingWork,
                            Integer maxImagesPerJob, Integer maxEventStreams) {
}
