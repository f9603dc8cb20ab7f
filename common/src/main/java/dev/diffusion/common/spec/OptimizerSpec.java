package dev.diffusion.common.spec;

/**
 * Optimizer and learning-rate schedule.
 *
 * @param type         {@code adam} (default) or {@code adamw}
 * @param learningRate peak learning rate (default 1e-3, as in the DeepLearning.AI course "How Diffusion Models Work")
 * @param weightDecay  decoupled weight decay of AdamW (default 0 for Adam, 0.01 for AdamW)
 * @param lrSchedule   {@code warmup-stable-decay} (default): constant, then linear decay to 0 over the last
 *                     {@code decayFraction} of the steps (Hu et al. 2024; Hägele et al. 2024; docs/quality.md);
 *                     {@code constant} (as in the DeepLearning.AI course), {@code linear} decay to 0, or {@code cosine}
 * @param warmupSteps  linear warm-up steps before the schedule (default 0)
 * @param gradClipNorm global gradient-norm limit; 0 disables clipping (default 0: it acted on few steps and
 *                     changed the trajectory without a measured gain, docs/quality.md)
 * @param decayFraction share of the steps, at the end, over which {@code warmup-stable-decay} decays, in (0, 1]
 *                     (default {@value #DEFAULT_DECAY_FRACTION} for that schedule; absent for the others)
 */
public record OptimizerSpec(
        OptimizerType type,
        Double learningRate,
        Double weightDecay,
        LrSchedule lrSchedule,
        Integer warmupSteps,
        Double gradClipNorm,
        Double decayFraction) {

    /** The decay share of {@code warmup-stable-decay} unless given (Hägele et al. 2024 use 10-20 %). */
    public static final double DEFAULT_DECAY_FRACTION = 0.2;

    /**
     * A spec without a decay share (for the schedules that have none).
     *
     * @param type         optimizer
     * @param learningRate peak learning rate
     * @param weightDecay  decoupled weight decay
     * @param lrSchedule   schedule
     * @param warmupSteps  warm-up steps
     * @param gradClipNorm clipping limit
     */
    public OptimizerSpec(OptimizerType type, Double learningRate, Double weightDecay, LrSchedule lrSchedule,
            Integer warmupSteps, Double gradClipNorm) {
        this(type, learningRate, weightDecay, lrSchedule, warmupSteps, gradClipNorm, null);
    }

    /** The spec with every missing field set to its default. */
    public OptimizerSpec withDefaults() {
        OptimizerType t = type != null ? type : OptimizerType.ADAM;
        LrSchedule schedule = lrSchedule != null ? lrSchedule : LrSchedule.WARMUP_STABLE_DECAY;
        return new OptimizerSpec(
                t,
                learningRate != null ? learningRate : 1e-3,
                weightDecay != null ? weightDecay : (t == OptimizerType.ADAMW ? 0.01 : 0.0),
                schedule,
                warmupSteps != null ? warmupSteps : 0,
                gradClipNorm != null ? gradClipNorm : 0.0,
                decayFraction == null && schedule == LrSchedule.WARMUP_STABLE_DECAY
                        ? Double.valueOf(DEFAULT_DECAY_FRACTION) : decayFraction);
    }

    /** All defaults. */
    public static OptimizerSpec defaults() {
        return new OptimizerSpec(null, null, null, null, null, null).withDefaults();
    }
}
