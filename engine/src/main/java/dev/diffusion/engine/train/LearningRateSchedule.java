package dev.diffusion.engine.train;


/**
 * Learning rate as a pure function of the 0-based optimizer step.
 *
 * <p>During the optional warm-up ({@code step < warmupSteps}) the rate rises linearly as
 * {@code baseLr·(step+1)/warmupSteps}, so the first step already learns. After it, with progress
 * {@code p = (step − warmupSteps)/(totalSteps − warmupSteps)}:
 *
 * <ul>
 *   <li>{@code CONSTANT}: {@code baseLr}
 *   <li>{@code LINEAR}: {@code baseLr·(1 − p)} — without warm-up this is the {@code lrate·(1 −
 *       ep/n_epoch)} of the DeepLearning.AI course "How Diffusion Models Work", applied per step
 *   <li>{@code COSINE}: {@code baseLr·½·(1 + cos(πp))} (Loshchilov and Hutter, SGDR, 2017)
 * </ul>
 *
 * Steps at or past {@code totalSteps} keep the value of progress 1.
 *
 * @param kind the decay shape
 * @param baseLr the peak learning rate, positive
 * @param totalSteps the number of training steps, positive
 * @param warmupSteps linear warm-up steps, in [0, totalSteps)
 */
public record LearningRateSchedule(Kind kind, double baseLr, long totalSteps, long warmupSteps) {

    /** Decay shapes. */
    public enum Kind {
        CONSTANT,
        LINEAR,
        COSINE
    }

    /** Validates the fields. */
    public LearningRateSchedule {
        if (kind == null) {
            throw new IllegalArgumentException("lr schedule kind is required");
        }
        if (!(baseLr > 0) || Double.isInfinite(baseLr)) {
            throw new IllegalArgumentException("learning rate must be positive and finite, got " + baseLr);
        }
        if (totalSteps <= 0) {
            throw new IllegalArgumentException("total steps must be positive, got " + totalSteps);
        }
        if (warmupSteps < 0 || warmupSteps >= totalSteps) {
            throw new IllegalArgumentException(
                    "warm-up steps must be in [0, " + totalSteps + "), got " + warmupSteps);
        }
    }

    /**
     * A constant rate without warm-up.
     *
     * @param lr the rate
     * @param totalSteps number of steps
     * @return the schedule
     */
    public static LearningRateSchedule constant(double lr, long totalSteps) {
        return new LearningRateSchedule(Kind.CONSTANT, lr, totalSteps, 0);
    }

    /**
     * The DLAI course's linear decay without warm-up.
     *
     * @param lr the initial rate
     * @param totalSteps number of steps
     * @return the schedule
     */
    public static LearningRateSchedule linear(double lr, long totalSteps) {
        return new LearningRateSchedule(Kind.LINEAR, lr, totalSteps, 0);
    }

    /**
     * Cosine decay after a linear warm-up.
     *
     * @param lr the peak rate
     * @param totalSteps number of steps
     * @param warmupSteps warm-up steps
     * @return the schedule
     */
    public static LearningRateSchedule cosine(double lr, long totalSteps, long warmupSteps) {
        return new LearningRateSchedule(Kind.COSINE, lr, totalSteps, warmupSteps);
    }

    /**
     * Returns the learning rate for a 0-based step.
     *
     * @param step the step, non-negative
     * @return the rate
     */
    public double at(long step) {
        if (step < 0) {
            throw new IllegalArgumentException("step must be non-negative, got " + step);
        }
        if (step < warmupSteps) {
            return baseLr * (step + 1) / warmupSteps;
        }
        double progress = Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
        return switch (kind) {
            case CONSTANT -> baseLr;
            case LINEAR -> baseLr * (1.0 - progress);
            case COSINE -> baseLr * 0.5 * (1.0 + Math.cos(Math.PI * progress));
        };
    }
}
