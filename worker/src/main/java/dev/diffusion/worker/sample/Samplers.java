package dev.diffusion.worker.sample;

import dev.diffusion.common.spec.DdpmVariance;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.SamplerType;
import dev.diffusion.worker.diffusion.DdimSampler;
import dev.diffusion.worker.diffusion.DdpmSampler;
import dev.diffusion.worker.diffusion.NoiseSchedule;
import dev.diffusion.worker.diffusion.ReverseSampler;

/** Builds the reverse sampler an effective generation spec asks for. */
public final class Samplers {

    private Samplers() {}

    /**
     * The sampler of a spec.
     *
     * @param spec the spec after {@code withDefaults(T)}
     * @param schedule the model's schedule
     * @return DDIM with the spec's steps, eta and clipping, or DDPM over all T steps (clipping the
     *     predicted x0 when asked, else the course's direct mean)
     */
    public static ReverseSampler fromSpec(GenerationSpec spec, NoiseSchedule schedule) {
        boolean clip = !Boolean.FALSE.equals(spec.clipDenoised());
        if (spec.sampler() == SamplerType.DDPM) {
            return DdpmSampler.builder(schedule)
                    .optMeanForm(clip ? DdpmSampler.MeanForm.CLIPPED_X0 : DdpmSampler.MeanForm.DIRECT)
                    .optVariance(spec.ddpmVariance() == DdpmVariance.POSTERIOR
                            ? DdpmSampler.Variance.POSTERIOR : DdpmSampler.Variance.BETA)
                    .build();
        }
        return DdimSampler.builder(schedule).optSteps(spec.steps()).optEta(spec.eta()).optClipX0(clip).build();
    }
}
