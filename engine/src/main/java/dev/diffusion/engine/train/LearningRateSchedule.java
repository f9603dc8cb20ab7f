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
 *   <li>{@code WARMUP_STABLE_DECAY}: {@code baseLr} until the decay starts at {@code s₀ = max(warmupSteps,
 *       totalSteps − decaySteps)}, then {@code baseLr·(totalSteps − step)/(totalSteps − s₀)}: the same linear
 *       decay to 0 as {@code LINEAR}, over the last steps only ("warmup-stable-decay": Hu et al. 2024, MiniCPM;
 *       Hägele et al. 2024, "Scaling Laws and Compute-Optimal Training Beyond Fixed Training Durations")
 * </ul>
 *
 * Steps at or past {@code totalSteps} keep the value of progress 1.
 *
 * @param kind the decay shape
 * @param baseLr the peak learning rate, positive
 * @param totalSteps the number of training steps, positive
 * @param warmupSteps linear warm-up steps, in [0, totalSteps)
 * @param decaySteps the steps of the final decay of {@code WARMUP_STABLE_DECAY}, in [1, totalSteps]; 0 for the
 *     other kinds
 */
public record LearningRateSchedule(Kind kind, double baseLr, long totalSteps, long warmupSteps, long decaySteps) {

    /** Decay shapes. */
    public enum Kind {
        CONSTANT,
        LINEAR,
        COSINE,
        WARMUP_STABLE_DECAY
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
        boolean decays = kind == Kind.WARMUP_STABLE_DECAY;
        if (decays ? decaySteps < 1 || decaySteps > totalSteps : decaySteps != 0) {
            throw new IllegalArgumentException(decays
                    ? "decay steps must be in [1, " + totalSteps + "], got " + decaySteps
                    : "decay steps are only for " + Kind.WARMUP_STABLE_DECAY + ", got " + decaySteps);
        }
    }

    /**
     * A schedule without a separate final decay.
     *
     * @param kind the decay shape, not {@code WARMUP_STABLE_DECAY}
     * @param baseLr the peak learning rate
     * @param totalSteps the number of training steps
     * @param warmupSteps linear warm-up steps
     */
    public LearningRateSchedule(Kind kind, double baseLr, long totalSteps, long warmupSteps) {
        this(kind, baseLr, totalSteps, warmupSteps, 0);
    }

    /**
     * Constant after the warm-up, then linear decay to 0 over a share of the steps.
     *
     * @param lr the peak rate
     * @param totalSteps number of steps
     * @param warmupSteps warm-up steps
     * @param decayFraction share of the steps over which the rate decays, in (0, 1]
     * @return the schedule, decaying over {@code max(1, round(decayFraction·totalSteps))} steps
     */
    public static LearningRateSchedule warmupStableDecay(double lr, long totalSteps, long warmupSteps,
            double decayFraction) {
        if (!(decayFraction > 0 && decayFraction <= 1)) {
            throw new IllegalArgumentException("decay fraction must be in (0, 1], got " + decayFraction);
        }
        long decaySteps = Math.max(1, Math.min(totalSteps, Math.round(decayFraction * totalSteps)));
        return new LearningRateSchedule(Kind.WARMUP_STABLE_DECAY, lr, totalSteps, warmupSteps, decaySteps);
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
        return switch (kind) {
            case CONSTANT -> baseLr;
            case LINEAR -> baseLr * (1.0 - progress(step));
            case COSINE -> baseLr * 0.5 * (1.0 + Math.cos(Math.PI * progress(step)));
            case WARMUP_STABLE_DECAY -> stableThenDecay(step);
        };
    }

    /** The share of the steps after the warm-up done before {@code step}, at most 1. */
    private double progress(long step) {
        return Math.min(1.0, (double) (step - warmupSteps) / (totalSteps - warmupSteps));
    }

    /** Warm-up-stable-decay after the warm-up: the peak rate, then linearly to 0 over the last {@code decaySteps}. */
    private double stableThenDecay(long step) {
        long decayStart = Math.max(warmupSteps, totalSteps - decaySteps);
        return step < decayStart ? baseLr : baseLr * Math.max(0, totalSteps - step) / (totalSteps - decayStart);
    }
}
