package dev.diffusion.worker.train;

import dev.diffusion.common.spec.LossSpec;
import dev.diffusion.common.spec.OptimizerSpec;
import dev.diffusion.common.spec.OptimizerType;
import dev.diffusion.common.spec.ScheduleSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.worker.diffusion.DiffusionLoss;
import dev.diffusion.worker.diffusion.LossWeighting;
import dev.diffusion.worker.diffusion.NoiseSchedule;

/**
 * Turns the job-spec records of {@code common} (effective specs, after {@code withDefaults()}) into
 * the engine's objects. The one place where spec names meet engine classes.
 */
public final class EngineSpecs {

    /** EMA warm-up is always on: the default decay 0.995 would otherwise average in the random start. */
    public static final boolean EMA_WARMUP = true;

    private EngineSpecs() {}

    /**
     * The noise schedule of a spec.
     *
     * @param spec the schedule spec
     * @return the schedule
     */
    public static NoiseSchedule noiseSchedule(ScheduleSpec spec) {
        return switch (spec.type()) {
            case LINEAR -> NoiseSchedule.linear(spec.timesteps(), spec.betaStart(), spec.betaEnd());
            case COSINE -> NoiseSchedule.cosine(spec.timesteps());
            case SIGMOID -> NoiseSchedule.sigmoid(spec.timesteps(), spec.betaStart(), spec.betaEnd());
        };
    }

    /**
     * The training loss of a spec.
     *
     * @param spec the loss spec
     * @param schedule the schedule (for SNR weightings)
     * @return the loss
     */
    public static DiffusionLoss loss(LossSpec spec, NoiseSchedule schedule) {
        DiffusionLoss.Kind kind = switch (spec.type()) {
            case MSE -> DiffusionLoss.Kind.MSE;
            case L1 -> DiffusionLoss.Kind.L1;
            case HUBER -> DiffusionLoss.Kind.HUBER;
        };
        LossWeighting weighting = switch (spec.weighting()) {
            case NONE -> LossWeighting.none();
            case MIN_SNR -> LossWeighting.minSnr(spec.gamma());
            case P2 -> LossWeighting.p2(spec.p2K(), spec.gamma());
        };
        return DiffusionLoss.builder().optKind(kind).optWeighting(weighting, schedule).build();
    }

    /**
     * The optimizer settings of a spec: PyTorch's betas and epsilon with the spec's weight decay.
     *
     * @param spec the optimizer spec
     * @return Adam (L2 decay) or AdamW (decoupled decay)
     */
    public static AdamConfig optimizer(OptimizerSpec spec) {
        boolean decoupled = spec.type() == OptimizerType.ADAMW;
        return new AdamConfig(0.9, 0.999, 1e-8, spec.weightDecay(), decoupled);
    }

    /**
     * The learning-rate schedule of a spec.
     *
     * @param spec the optimizer spec
     * @param totalSteps steps of the run
     * @return the schedule
     */
    public static LearningRateSchedule learningRate(OptimizerSpec spec, long totalSteps) {
        LearningRateSchedule.Kind kind = switch (spec.lrSchedule()) {
            case CONSTANT -> LearningRateSchedule.Kind.CONSTANT;
            case LINEAR -> LearningRateSchedule.Kind.LINEAR;
            case COSINE -> LearningRateSchedule.Kind.COSINE;
        };
        long warmup = Math.min(spec.warmupSteps(), totalSteps - 1);
        return new LearningRateSchedule(kind, spec.learningRate(), totalSteps, warmup);
    }

    /**
     * All trainer hyper-parameters of an effective training spec.
     *
     * @param spec the spec after {@code withDefaults()}
     * @return the settings
     */
    public static TrainerSettings trainerSettings(TrainingSpec spec) {
        OptimizerSpec optimizer = spec.optimizer();
        return new TrainerSettings(
                spec.batchSize(),
                spec.steps(),
                optimizer(optimizer),
                learningRate(optimizer, spec.steps()),
                optimizer.gradClipNorm(),
                Boolean.TRUE.equals(spec.ema().enabled()) ? spec.ema().decay() : Double.NaN,
                EMA_WARMUP,
                spec.conditionDropout(),
                Boolean.TRUE.equals(spec.horizontalFlip()),
                spec.seed(),
                spec.model().numClasses());
    }
}
