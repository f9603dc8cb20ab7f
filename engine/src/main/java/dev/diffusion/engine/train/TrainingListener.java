package dev.diffusion.engine.train;

/**
 * Callbacks of {@link DiffusionTrainer#run}. All are called on the training thread between steps,
 * when no gradient is being collected, so a listener may sample with the network (EMA swap) or
 * take a checkpoint.
 */
public interface TrainingListener {

    /**
     * After every step.
     *
     * @param progress the step's numbers
     */
    default void onStep(TrainingProgress progress) {}

    /**
     * Every {@code previewEvery} steps and after the last step.
     *
     * @param step steps completed
     * @throws Exception when rendering fails (training stops)
     */
    default void onPreview(long step) throws Exception {}

    /**
     * Every {@code checkpointEvery} steps, after the last step and when cancelled.
     *
     * @param step steps completed
     * @throws Exception when saving fails (training stops)
     */
    default void onCheckpoint(long step) throws Exception {}

    /**
     * Polled before each step; returning true stops the run after a final checkpoint.
     *
     * @return whether to stop
     */
    default boolean isCancelled() {
        return false;
    }
}
