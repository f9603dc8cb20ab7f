package dev.diffusion.engine.diffusion;

/** Told after every reverse step of a {@link SamplingLoop}. */
@FunctionalInterface
public interface SamplingProgressListener {

    /**
     * Called after a step.
     *
     * @param stepsCompleted steps done so far, 1 … total
     * @param totalSteps number of steps of the run
     */
    void onStep(int stepsCompleted, int totalSteps);
}
