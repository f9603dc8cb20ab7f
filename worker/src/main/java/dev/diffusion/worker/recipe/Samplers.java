package dev.diffusion.worker.recipe;

import dev.diffusion.common.spec.DdpmVariance;
import dev.diffusion.common.spec.EffectiveGenerationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.common.spec.SamplerType;
import dev.diffusion.engine.diffusion.DdimSampler;
import dev.diffusion.engine.diffusion.DdpmSampler;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.diffusion.ReverseSampler;

/** Builds the reverse sampler an effective generation spec or an evaluation's sampler settings ask for. */
public final class Samplers {

    private Samplers() {}

    /**
     * The sampler of a spec.
     *
     * @param effective the resolved spec
     * @param schedule the model's schedule
     * @return DDIM with the spec's steps, eta and clipping, or DDPM over all T steps (clipping the
     *     predicted x0 when asked, else the direct mean of Ho et al. 2020, Algorithm 2)
     */
    public static ReverseSampler fromSpec(EffectiveGenerationSpec effective, NoiseSchedule schedule) {
        GenerationSpec spec = effective.spec();
        boolean clip = spec.clipDenoised() != null ? spec.clipDenoised() : GenerationSpec.clipsByDefault(spec.sampler());
        if (spec.sampler() == SamplerType.DDPM) {
            return DdpmSampler.builder(schedule)
                    .optMeanForm(clip ? DdpmSampler.MeanForm.CLIPPED_X0 : DdpmSampler.MeanForm.DIRECT)
                    .optVariance(spec.ddpmVariance() == DdpmVariance.POSTERIOR
                            ? DdpmSampler.Variance.POSTERIOR : DdpmSampler.Variance.BETA)
                    .build();
        }
        return DdimSampler.builder(schedule).optSteps(spec.steps()).optEta(spec.eta()).optClipX0(clip).build();
    }

    /**
     * The sampler of an evaluation's settings: as a generation spec with the same sampler, steps, eta and
     * clipping and every other field at its default (DDPM with variance β).
     *
     * @param settings effective settings
     * @param schedule the model's schedule
     * @return the sampler
     */
    public static ReverseSampler fromSettings(SamplerSettings settings, NoiseSchedule schedule) {
        boolean clip = settings.clipDenoised() != null ? settings.clipDenoised()
                : GenerationSpec.clipsByDefault(settings.sampler());
        if (settings.sampler() == SamplerType.DDPM) {
            return DdpmSampler.builder(schedule)
                    .optMeanForm(clip ? DdpmSampler.MeanForm.CLIPPED_X0 : DdpmSampler.MeanForm.DIRECT)
                    .optVariance(DdpmSampler.Variance.BETA)
                    .build();
        }
        return DdimSampler.builder(schedule).optSteps(settings.steps()).optEta(settings.eta()).optClipX0(clip).build();
    }
}
