package dev.diffusion.api.job.rest;

/**
 * Progress of a job.
 *
 * @param step       steps done
 * @param totalSteps steps in total
 * @param fraction   step / totalSteps in [0, 1]
 * @param phase      {@code queued}, {@code starting}, {@code loading-data}, {@code training}, {@code sampling}, {@code uploading}, {@code done}
 * @param etaSeconds estimated seconds left, when known
 */
public record JobProgressResponse(int step, int totalSteps, double fraction, String phase, Double etaSeconds) {
}
