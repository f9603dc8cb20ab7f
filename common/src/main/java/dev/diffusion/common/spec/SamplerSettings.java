package dev.diffusion.common.spec;

/**
 * One way of sampling a model, as an evaluation compares them.
 *
 * @param sampler       {@code ddim} (default) or {@code ddpm}
 * @param steps         sampler steps: DDIM 1 to T (default min(50, T)); DDPM exactly T
 * @param eta           DDIM stochasticity in [0, 1] (default 0)
 * @param guidanceScale classifier-free guidance scale s (default 1: plain conditional sampling; 0 unconditional)
 * @param clipDenoised  clip the predicted x0 to [-1, 1] at each step (default as generation jobs: DDPM yes, DDIM no,
 *                      as the DeepLearning.AI course samples)
 */
public record SamplerSettings(SamplerType sampler, Integer steps, Double eta, Double guidanceScale,
                              Boolean clipDenoised) {

    /** Settings whose clipping of the predicted x0 is the sampler's default. */
    public SamplerSettings(SamplerType sampler, Integer steps, Double eta, Double guidanceScale) {
        this(sampler, steps, eta, guidanceScale, null);
    }

    /**
     * These settings with every default filled for a model of {@code timesteps} steps.
     *
     * @param timesteps T of the model
     * @return the effective settings
     */
    public SamplerSettings withDefaults(int timesteps) {
        SamplerType s = sampler != null ? sampler : SamplerType.DDIM;
        return new SamplerSettings(s,
                steps != null ? steps : s == SamplerType.DDPM ? timesteps : Math.min(50, timesteps),
                eta != null ? eta : 0.0,
                guidanceScale != null ? guidanceScale : 1.0,
                clipDenoised != null ? clipDenoised : GenerationSpec.clipsByDefault(s));
    }

    /**
     * A short readable name, e.g. {@code ddim-25 s=2}; clipping of x0 is named only where it differs from the
     * sampler's default ({@code ddim-25 s=1 clipped}, {@code ddpm-500 s=1 unclipped}).
     *
     * @return the label used in reports
     */
    public String label() {
        String name = (sampler == null ? "ddim" : sampler.wireName()) + "-" + steps;
        if (eta != null && eta != 0.0) {
            name += " eta=" + eta;
        }
        name += " s=" + (guidanceScale == null ? 1.0 : guidanceScale);
        SamplerType s = sampler == null ? SamplerType.DDIM : sampler;
        if (clipDenoised == null || clipDenoised == GenerationSpec.clipsByDefault(s)) {
            return name;
        }
        return name + (clipDenoised ? " clipped" : " unclipped");
    }
}
