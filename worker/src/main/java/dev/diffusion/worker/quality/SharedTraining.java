package dev.diffusion.worker.quality;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;

import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.EmaSpec;
import dev.diffusion.engine.train.DiffusionTrainer;
import dev.diffusion.engine.train.EmaProfile;
import dev.diffusion.engine.train.ExponentialMovingAverage;
import dev.diffusion.engine.train.ParameterTransfer;
import dev.diffusion.worker.recipe.EngineSpecs;

import java.util.ArrayList;
import java.util.List;

/**
 * The sampling weights of several specs from one training. The EMA never feeds back into training — the trainer
 * draws the same batches, noise and steps with or without it — so specs that differ only in their {@code ema}
 * section follow one trajectory: training once and keeping one average per spec gives each the weights its own
 * training would have ended with (the raw weights for a spec without EMA), at the cost of one training. This is what
 * makes EMA settings cheap to compare, as in the post-hoc EMA of Karras et al. 2024.
 */
final class SharedTraining implements AutoCloseable {

    /** Stands in for every spec's EMA section in {@link #trajectory}. */
    private static final EmaSpec NO_EMA = new EmaSpec(false, EmaSpec.DEFAULT_DECAY, null);

    private final List<ExponentialMovingAverage> averages = new ArrayList<>();
    private final List<Integer> recalibrationPasses = new ArrayList<>();

    /**
     * Starts one average per spec that keeps one, from the network's current (initial) weights.
     *
     * @param specs specs of one trajectory ({@link #trajectory})
     * @param parameters the trained network's parameters, before the first step
     * @param manager where the averages live
     */
    SharedTraining(List<EffectiveTrainingSpec> specs, PairList<String, Parameter> parameters, NDManager manager) {
        String first = trajectory(specs.get(0));
        for (EffectiveTrainingSpec spec : specs) {
            if (!trajectory(spec).equals(first)) {
                throw new IllegalArgumentException("specs that differ in more than their EMA cannot share a training");
            }
            EmaProfile profile = EngineSpecs.emaProfile(spec.spec().ema());
            averages.add(profile == null ? null : new ExponentialMovingAverage(parameters, profile, manager));
            recalibrationPasses.add(EngineSpecs.trainerSettings(spec).normRecalibrationPasses());
        }
    }

    /**
     * Whether a training of these specs keeps an average beside the raw weights.
     *
     * @param specs specs of one trajectory
     * @return true when at least one of them samples with an EMA
     */
    static boolean keepsAverages(List<EffectiveTrainingSpec> specs) {
        return specs.stream().anyMatch(spec -> EngineSpecs.emaProfile(spec.spec().ema()) != null);
    }

    /**
     * What a spec's training does, without what it samples with: equal for specs that can share a training.
     *
     * @param spec an effective spec
     * @return the fingerprint of the spec without its EMA section
     */
    static String trajectory(EffectiveTrainingSpec spec) {
        return QualityStudy.specSha256(withoutEma(spec));
    }

    /**
     * The spec to train the shared trajectory with: the averages are kept here, so the trainer keeps none.
     *
     * @param spec any spec of the trajectory
     * @return the spec with its EMA switched off
     */
    static EffectiveTrainingSpec withoutEma(EffectiveTrainingSpec spec) {
        return new EffectiveTrainingSpec(spec.spec().withEma(NO_EMA));
    }

    /**
     * Moves every average towards the weights after a step.
     *
     * @param parameters the trained network's parameters
     */
    void update(PairList<String, Parameter> parameters) {
        for (ExponentialMovingAverage average : averages) {
            if (average != null) {
                average.update(parameters);
            }
        }
    }

    /**
     * Puts the sampling weights of spec {@code index} into a network of the same architecture: its average, with
     * BatchNorm statistics recomputed when the spec asks for it, or the raw weights.
     *
     * @param index the spec's position in the constructor's list
     * @param trainer the trainer of the shared trajectory, after training
     * @param target a network of the same architecture to sample with
     */
    void copyInto(int index, DiffusionTrainer trainer, Block target) {
        ExponentialMovingAverage average = averages.get(index);
        if (average == null) {
            try (NDManager scratch = NDManager.newBaseManager()) {
                ParameterTransfer.load(ParameterTransfer.export(trainer.network(), scratch), target);
            }
            return;
        }
        average.copyTo(target.getParameters());
        trainer.recalibrateBatchNorm(target, recalibrationPasses.get(index));
    }

    @Override
    public void close() {
        averages.stream().filter(a -> a != null).forEach(ExponentialMovingAverage::close);
    }
}
