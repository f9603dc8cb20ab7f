package dev.diffusion.api.tenant.auth;

/**
 * A tenant's effective limits (its own, or the installation's defaults). 0 means unlimited.
 *
 * @param submissionsPerMinute job submissions per minute (a token bucket holding one minute's worth)
 * @param maxOpenJobs          QUEUED and RUNNING jobs at a time
 * @param maxTrainingWork      steps × batch size of one training job
 * @param maxImagesPerJob      images one generation job draws (numImages) or one evaluation job draws in all
 * @param maxEventStreams      event streams (SSE) open at a time
 */
public record Limits(int submissionsPerMinute, int maxOpenJobs, long maxTrainingWork, int maxImagesPerJob,
                     int maxEventStreams) {

    /**
     * A tenant's own limits as an admin sets them; null: the installation's default.
     *
     * @param submissionsPerMinute see {@link Limits#submissionsPerMinute()}
     * @param maxOpenJobs          see {@link Limits#maxOpenJobs()}
     * @param maxTrainingWork      see {@link Limits#maxTrainingWork()}
     * @param maxImagesPerJob      see {@link Limits#maxImagesPerJob()}
     * @param maxEventStreams      see {@link Limits#maxEventStreams()}
     */
    public record Settings(Integer submissionsPerMinute, Integer maxOpenJobs, Long maxTrainingWork,
                           Integer maxImagesPerJob, Integer maxEventStreams) {
    }

    public boolean rateLimited() {
        return submissionsPerMinute > 0;
    }

    public boolean openJobsLimited() {
        return maxOpenJobs > 0;
    }
}
