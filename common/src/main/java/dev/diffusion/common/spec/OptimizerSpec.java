package dev.diffusion.common.spec;

/**
 * Optimizer and learning-rate schedule.
 *
 * @param type         {@code adam} (default) or {@code adamw}
 * @param learningRate peak learning rate (default 1e-3, as in the DeepLearning.AI course "How Diffusion Models Work")
 * @param weightDecay  decoupled weight decay of AdamW (default 0 for Adam, 0.01 for AdamW)
 * @param lrSchedule   {@code constant} (default, as in the DeepLearning.AI course; docs/quality.md), {@code linear} decay
 *                     to 0 or {@code cosine}
 * @param warmupSteps  linear warm-up steps before the schedule (default 0)
 * @param gradClipNorm global gradient-norm limit; 0 disables clipping (default 1.0)
 */
public record OptimizerSpec(
        OptimizerType type,
        Double learningRate,
        Double weightDecay,
        LrSchedule lrSchedule,
        Integer warmupSteps,
        Double gradClipNorm) {

    /** The spec with every missing field set to its default. */
    public OptimizerSpec withDefaults() {
        OptimizerType t = type != null ? type : OptimizerType.ADAM;
        return new OptimizerSpec(
                t,
                learningRate != null ? learningRate : 1e-3,
                weightDecay != null ? weightDecay : (t == OptimizerType.ADAMW ? 0.01 : 0.0),
                lrSchedule != null ? lrSchedule : LrSchedule.CONSTANT,
                warmupSteps != null ? warmupSteps : 0,
                gradClipNorm != null ? gradClipNorm : 1.0);
    }

    /** All defaults. */
    public static OptimizerSpec defaults() {
        return new OptimizerSpec(null, null, null, null, null, null).withDefaults();
    }
}
