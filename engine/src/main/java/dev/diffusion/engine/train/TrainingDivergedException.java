package dev.diffusion.engine.train;

/**
 * The loss or the gradient norm of a step was not finite. Training is reproducible from its seed, so
 * running the same spec again diverges again: a lower learning rate, a warm-up or gradient clipping is the
 * way out. The weights are those of the last good step (the bad update is never applied).
 */
public final class TrainingDivergedException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final long step;

    /**
     * Creates the exception.
     *
     * @param what what was not finite, e.g. "the loss"
     * @param value its value
     * @param step the 1-based step
     */
    public TrainingDivergedException(String what, double value, long step) {
        super("training diverged: " + what + " is " + value + " at step " + step
                + " (try a lower learning rate, a learning-rate warm-up or gradient clipping)");
        this.step = step;
    }

    /**
     * The 1-based step whose loss or gradients were not finite.
     *
     * @return the step
     */
    public long step() {
        return step;
    }
}
