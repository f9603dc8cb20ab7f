package dev.diffusion.common.spec;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Everything that defines a generation job. Only {@code modelId} is required. Defaults that depend
 * on the model (the DDPM step count is the model's T) are filled by {@link #withDefaults(int)}.
 *
 * @param modelId       id of a model registered by a succeeded training job
 * @param sampler       {@code ddim} (default) or {@code ddpm}
 * @param steps         sampler steps: DDIM any number up to T (default 50, at most T); DDPM exactly T
 * @param eta           DDIM stochasticity in [0, 1] (default 0: deterministic)
 * @param numImages     images to generate, 1 to {@value SpecLimits#MAX_IMAGES} (default 16)
 * @param labels        class labels: absent for unconditional, one label for all images, or one per image
 * @param guidanceScale classifier-free guidance scale s in eps_u + s (eps_c - eps_u); 1 is plain
 *                      conditional sampling (default 1)
 * @param seed          seed; image i uses seed + i, so it does not depend on the batch (default: random)
 * @param gridColumns   columns of the PNG grid (default: ceil(sqrt(numImages)))
 * @param gif           the denoising GIF
 * @param clipDenoised  clip the predicted x0 to [-1, 1] at each step (default: DDPM yes, DDIM no)
 * @param ddpmVariance  DDPM step variance, {@code beta} (default, as in the DLAI course
 *                      "How Diffusion Models Work") or {@code posterior}
 */
public record GenerationSpec(
        String modelId,
        SamplerType sampler,
        Integer steps,
        Double eta,
        Integer numImages,
        List<Integer> labels,
        Double guidanceScale,
        Long seed,
        Integer gridColumns,
        GifSpec gif,
        Boolean clipDenoised,
        DdpmVariance ddpmVariance) {

    /** A spec with only the model given; everything else takes its default. */
    public static GenerationSpec of(String modelId) {
        return new GenerationSpec(modelId, null, null, null, null, null, null, null, null, null, null, null);
    }

    /**
     * The effective spec for a model of {@code timesteps} diffusion steps.
     */
    public GenerationSpec withDefaults(int timesteps) {
        SamplerType s = sampler != null ? sampler : SamplerType.DDIM;
        int n = numImages != null ? numImages : 16;
        int defaultSteps = s == SamplerType.DDPM ? timesteps : Math.min(50, timesteps);
        return new GenerationSpec(
                modelId,
                s,
                steps != null ? steps : defaultSteps,
                eta != null ? eta : 0.0,
                n,
                labels != null ? List.copyOf(labels) : null,
                guidanceScale != null ? guidanceScale : 1.0,
                seed != null ? seed : ThreadLocalRandom.current().nextLong(0, Long.MAX_VALUE / 2),
                gridColumns != null ? gridColumns : (int) Math.ceil(Math.sqrt(Math.max(1, n))),
                (gif != null ? gif : GifSpec.defaults()).withDefaults(),
                clipDenoised != null ? clipDenoised : clipsByDefault(s),
                ddpmVariance != null ? ddpmVariance : DdpmVariance.BETA);
    }

    /**
     * Whether a sampler clips the predicted x0 unless told: DDIM does not (clipping it each step cost Fashion-MNIST
     * 1.5-1.6x the Fréchet distance of the same model sampled without, docs/quality.md), DDPM does.
     *
     * @param sampler the sampler
     * @return the default of {@code clipDenoised}
     */
    public static boolean clipsByDefault(SamplerType sampler) {
        return sampler != SamplerType.DDIM;
    }

    /** The label of image {@code i}, or -1 when sampling is unconditional. */
    public int labelOf(int i) {
        if (labels == null || labels.isEmpty()) {
            return -1;
        }
        return labels.size() == 1 ? labels.get(0) : labels.get(i);
    }
}
