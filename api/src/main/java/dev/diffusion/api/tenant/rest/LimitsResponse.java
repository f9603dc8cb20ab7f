package dev.diffusion.api.tenant.rest;

import dev.diffusion.api.tenant.auth.Limits;

/** A tenant's effective limits (its own or the defaults); 0 is unlimited. */
public record LimitsResponse(int submissionsPerMinute, int maxOpenJobs, long maxTrainingWork, int maxImagesPerJob,
                             int maxEventStreams) {

    static LimitsResponse of(Limits limits) {
        return new LimitsResponse(limits.submissionsPerMinute(), limits.maxOpenJobs(), limits.maxTrainingWork(),
                limits.maxImagesPerJob(), limits.maxEventStreams());
    }
}
