package dev.diffusion.api.tenant.auth;

/**
 * A tenant's effective limits (its own, or the installation's defaults). 0 means unlimited.
 *
 * @param submissionsPerMinute job submissions per minute (a token bucket holding one minute's worth)
 * @param maxOpenJobs          QUEUED and RUNNING jobs at a time
 */
public record Limits(int submissionsPerMinute, int maxOpenJobs) {

    public static final Limits UNLIMITED = new Limits(0, 0);

    public boolean rateLimited() {
        return submissionsPerMinute > 0;
    }

    public boolean openJobsLimited() {
        return maxOpenJobs > 0;
    }
}
