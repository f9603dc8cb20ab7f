package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;

import java.util.List;

/**
 * The outcome of a {@link SamplingLoop} run.
 *
 * @param images the samples [N, C, H, W], not clipped, on the caller's manager; partially denoised
 *     if cancelled
 * @param cancelled whether the run stopped early because cancellation was requested
 * @param stepsCompleted reverse steps done
 * @param totalSteps reverse steps planned
 * @param frames intermediate frames in order (empty unless frames were requested)
 */
public record SamplingResult(
        NDArray images,
        boolean cancelled,
        int stepsCompleted,
        int totalSteps,
        List<SamplingFrame> frames) {

    /** Copies the frame list. */
    public SamplingResult {
        frames = List.copyOf(frames);
    }
}
