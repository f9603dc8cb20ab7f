package dev.diffusion.common.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * What an evaluation job measures: for a model and one or more ways of sampling it, the worker draws
 * {@code imagesPerClass} images of every class of the model's data set with fixed seeds and scores them with
 * an evaluator classifier trained on that data set: conditional accuracy (overall and per class), the Fréchet
 * distance to held-out real images in the evaluator's feature space, and images per second. With
 * {@code sweep} it compares the usual samplers (the sampler report): DDPM with all T steps and DDIM with 10,
 * 25, 50 and 100 steps (those ≤ T), each at guidance scales 0, 1, 2 and 4 for a conditional model.
 *
 * @param modelId         id of a model registered by a succeeded training job
 * @param imagesPerClass  images drawn per class of the data set, 1 to {@value SpecLimits#MAX_EVALUATION_IMAGES_PER_CLASS}
 *                        (default 20)
 * @param samplers        the ways of sampling to score (default: one, the generation default); not with sweep
 * @param sweep           score the standard sampler sweep instead of {@code samplers} (default false)
 * @param seed            image i of every sampler starts from the noise of seed + i (default: random)
 * @param referenceImages held-out real images the Fréchet distance compares against, 100 to
 *                        {@value SpecLimits#MAX_EVALUATION_REFERENCE_IMAGES} (default 1000, or all there are)
 */
public record EvaluationSpec(
        String modelId,
        Integer imagesPerClass,
        List<SamplerSettings> samplers,
        Boolean sweep,
        Long seed,
        Integer referenceImages) {

    /** DDIM step counts of the sampler sweep. */
    public static final List<Integer> SWEEP_DDIM_STEPS = List.of(10, 25, 50, 100);
    /** Guidance scales of the sampler sweep (conditional models). */
    public static final List<Double> SWEEP_GUIDANCE_SCALES = List.of(0.0, 1.0, 2.0, 4.0);
    /** Groups of {@code imagesPerClass} an unconditional model draws. */
    public static final int UNCONDITIONAL_GROUPS = 10;

    private static final SamplerSettings DEFAULT_SAMPLER = new SamplerSettings(null, null, null, null);

    /** A spec with only the model given: the default sampler, 20 images per class. */
    public static EvaluationSpec of(String modelId) {
        return new EvaluationSpec(modelId, null, null, null, null, null);
    }

    /**
     * The effective spec for a model of {@code timesteps} steps and {@code numClasses} classes: the sweep
     * expanded into its samplers, every sampler's defaults filled.
     *
     * @param timesteps T of the model
     * @param numClasses classes of the model, 0 when unconditional
     * @return the effective spec
     */
    public EvaluationSpec withDefaults(int timesteps, int numClasses) {
        boolean isSweep = Boolean.TRUE.equals(sweep);
        List<SamplerSettings> given = isSweep ? sweepSamplers(timesteps, numClasses)
                : samplers == null || samplers.isEmpty() ? List.of(DEFAULT_SAMPLER) : samplers;
        return new EvaluationSpec(
                modelId,
                imagesPerClass != null ? imagesPerClass : 20,
                given.stream().map(s -> (s != null ? s : DEFAULT_SAMPLER).withDefaults(timesteps)).toList(),
                isSweep,
                seed != null ? seed : ThreadLocalRandom.current().nextLong(0, Long.MAX_VALUE / 2),
                referenceImages != null ? referenceImages : 1000);
    }

    /**
     * The number of images drawn per sampler: {@code imagesPerClass} for every class, or for an unconditional
     * model {@code imagesPerClass} × {@value #UNCONDITIONAL_GROUPS} (there are no classes to draw, but the
     * Fréchet distance needs a sample of a similar size).
     *
     * @param numClasses classes of the model, 0 when unconditional
     * @return images per sampler (of the effective spec)
     */
    public int imagesPerSampler(int numClasses) {
        return imagesPerClass * (numClasses > 0 ? numClasses : UNCONDITIONAL_GROUPS);
    }

    private static List<SamplerSettings> sweepSamplers(int timesteps, int numClasses) {
        List<Double> scales = numClasses > 0 ? SWEEP_GUIDANCE_SCALES : List.of(1.0);
        List<SamplerSettings> list = new ArrayList<>();
        for (double scale : scales) {
            list.add(new SamplerSettings(SamplerType.DDPM, timesteps, 0.0, scale));
            for (int steps : SWEEP_DDIM_STEPS) {
                if (steps <= timesteps) {
                    list.add(new SamplerSettings(SamplerType.DDIM, steps, 0.0, scale));
                }
            }
        }
        return list;
    }
}
