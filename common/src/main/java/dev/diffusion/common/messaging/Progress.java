package dev.diffusion.common.messaging;

/**
 * How far an attempt has got.
 *
 * @param step       steps done in the current phase (training: optimizer steps including resumed
 *                   ones; generation: sampler steps)
 * @param totalSteps steps the phase will take in total
 * @param phase      what is happening, by convention one of {@code loading-data}, {@code loading-model},
 *                   {@code training}, {@code sampling}, {@code rendering}, {@code uploading}
 * @param etaSeconds estimated seconds until the job finishes, or null when unknown
 */
public record Progress(int step, int totalSteps, String phase, Double etaSeconds) {

    public Progress {
        Checks.check(step >= 0, "progress.step must not be negative (was " + step + ")");
        Checks.check(totalSteps >= 0, "progress.totalSteps must not be negative (was " + totalSteps + ")");
        Checks.check(etaSeconds == null || etaSeconds >= 0, "progress.etaSeconds must not be negative (was " + etaSeconds + ")");
    }

    /** {@code step / totalSteps} clamped to [0, 1]; 0 when the total is unknown. */
    public double fraction() {
        return totalSteps <= 0 ? 0.0 : Math.min(1.0, (double) step / totalSteps);
    }
}
