package dev.diffusion.worker.recipe;

import dev.diffusion.common.spec.EmaSpec;
import dev.diffusion.common.spec.LossSpec;
import dev.diffusion.common.spec.OptimizerSpec;
import dev.diffusion.common.spec.OptimizerType;
import dev.diffusion.common.spec.ScheduleSpec;
import dev.diffusion.common.spec.EffectiveGenerationSpec;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.GifSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.sample.GenerationSettings;
import dev.diffusion.engine.diffusion.DiffusionLoss;
import dev.diffusion.engine.diffusion.LossWeighting;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.diffusion.ScheduleKind;
import dev.diffusion.engine.train.AdamConfig;
import dev.diffusion.engine.train.EmaProfile;
import dev.diffusion.engine.train.LearningRateSchedule;
import dev.diffusion.engine.train.TrainerSettings;

/**
 * Turns the job-spec records of {@code common} (effective specs) into the engine's settings and objects.
 * The one place where the wire's enums meet the engine's: each switch covers every wire value, so a new
 * one does not compile until it is mapped.
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
        ScheduleKind kind = switch (spec.type()) {
            case LINEAR -> ScheduleKind.LINEAR;
            case COSINE -> ScheduleKind.COSINE;
            case SIGMOID -> ScheduleKind.SIGMOID;
        };
        return kind.create(spec.timesteps(), spec.betaStart(), spec.betaEnd());
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
        long warmup = Math.min(spec.warmupSteps(), totalSteps - 1);
        double lr = spec.learningRate();
        return switch (spec.lrSchedule()) {
            case CONSTANT -> new LearningRateSchedule(LearningRateSchedule.Kind.CONSTANT, lr, totalSteps, warmup);
            case LINEAR -> new LearningRateSchedule(LearningRateSchedule.Kind.LINEAR, lr, totalSteps, warmup);
            case COSINE -> new LearningRateSchedule(LearningRateSchedule.Kind.COSINE, lr, totalSteps, warmup);
            case WARMUP_STABLE_DECAY ->
                    LearningRateSchedule.warmupStableDecay(lr, totalSteps, warmup, spec.decayFraction());
        };
    }

    /**
     * How the EMA of an effective spec decays.
     *
     * @param ema the spec's EMA section, defaults filled
     * @return the profile, or null when the EMA is off
     */
    public static EmaProfile emaProfile(EmaSpec ema) {
        if (!Boolean.TRUE.equals(ema.enabled())) {
            return null;
        }
        if (ema.sigmaRel() != null) {
            return EmaProfile.power(ema.sigmaRel());
        }
        return EMA_WARMUP ? EmaProfile.warmingUp(ema.decay()) : EmaProfile.constant(ema.decay());
    }

    /**
     * All trainer hyper-parameters of an effective training spec.
     *
     * @param effective the resolved spec
     * @return the settings
     */
    public static TrainerSettings trainerSettings(EffectiveTrainingSpec effective) {
        TrainingSpec spec = effective.spec();
        OptimizerSpec optimizer = spec.optimizer();
        return new TrainerSettings(
                spec.batchSize(),
                spec.steps(),
                optimizer(optimizer),
                learningRate(optimizer, spec.steps()),
                optimizer.gradClipNorm(),
                emaProfile(spec.ema()),
                spec.conditionDropout(),
                Boolean.TRUE.equals(spec.horizontalFlip()),
                spec.seed(),
                spec.model().numClasses(),
                spec.ema().recalibratesBatchNorm() ? EmaSpec.RECALIBRATION_BATCHES : 0);
    }

    /**
     * What a generation draws and how it lays the images out.
     *
     * @param effective the resolved spec
     * @param samplerSteps steps of the sampler it uses (GIF frame spacing)
     * @param numClasses classes the model is conditioned on; 0 ignores the spec's labels
     * @return the settings
     */
    public static GenerationSettings generationSettings(EffectiveGenerationSpec effective, int samplerSteps,
                                                        int numClasses) {
        GenerationSpec spec = effective.spec();
        int[] labels = null;
        if (numClasses > 0 && spec.labels() != null && !spec.labels().isEmpty()) {
            labels = new int[spec.numImages()];
            for (int i = 0; i < labels.length; i++) {
                labels[i] = spec.labelOf(i);
            }
        }
        GifSpec gif = spec.gif();
        GenerationSettings.GifSettings animation = Boolean.TRUE.equals(gif.enabled())
                ? new GenerationSettings.GifSettings(gif.effectiveFrameEvery(samplerSteps), gif.framesPerSecond(),
                        (int) Math.round(gif.holdLastSeconds() * 1000))
                : null;
        return new GenerationSettings(spec.numImages(), spec.seed(), labels, spec.guidanceScale(), spec.gridColumns(),
                animation);
    }
}
