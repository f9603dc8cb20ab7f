package dev.diffusion.engine.train;

import java.time.Duration;

/**
 * A report after one training step.
 *
 * @param step steps completed (1 after the first step)
 * @param totalSteps steps of the whole run
 * @param loss this step's loss
 * @param learningRate the rate this step used
 * @param gradNorm the global gradient norm before clipping (NaN when not computed)
 * @param imagesPerSecond throughput over the steps of this session
 * @param elapsed wall time of this session
 * @param eta estimated time to {@code totalSteps}
 */
public record TrainingProgress(
        long step,
        long totalSteps,
        double loss,
        double learningRate,
        double gradNorm,
        double imagesPerSecond,
        Duration elapsed,
        Duration eta) {}
