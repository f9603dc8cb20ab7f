package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * DDIM sampling (Song et al. 2021, eq. 12), which skips timesteps: from t to tPrev &lt; t,
 *
 * <pre>
 * x̂_0    = (x_t − √(1−ᾱ_t)·ε) / √ᾱ_t                       (optionally clipped to [−1, 1])
 * σ_t(η) = η·√((1−ᾱ_prev)/(1−ᾱ_t))·√(1 − ᾱ_t/ᾱ_prev)
 * x_prev = √ᾱ_prev·x̂_0 + √(1−ᾱ_prev−σ_t²)·ε + σ_t·z
 * </pre>
 *
 * with ᾱ_prev = ᾱ_{tPrev} and ᾱ_{−1} = 1. η = 0 is deterministic ({@code denoise_ddim} of the
 * DeepLearning.AI course "How Diffusion Models Work"), η = 1 has DDPM's posterior variance. As in
 * diffusers, ε is not recomputed from the clipped x̂_0. The timesteps come from a {@link
 * TimestepSpacing}.
 */
public final class DdimSampler implements ReverseSampler {

    private final NoiseSchedule schedule;
    private final int[] timesteps;
    private final double eta;
    private final boolean clipX0;

    private DdimSampler(Builder builder) {
        this.schedule = builder.schedule;
        this.timesteps = builder.spacing.timesteps(schedule.timesteps(), builder.steps);
        this.eta = builder.eta;
        this.clipX0 = builder.clipX0;
    }

    /**
     * Returns a builder; defaults: S = min(50, T) steps, {@link TimestepSpacing#TRAILING}, η = 0,
     * no clipping.
     *
     * @param schedule the noise schedule
     * @return the builder
     */
    public static Builder builder(NoiseSchedule schedule) {
        return new Builder(schedule);
    }

    @Override
    public NoiseSchedule schedule() {
        return schedule;
    }

    @Override
    public int[] timesteps() {
        return timesteps.clone();
    }

    /** @return η */
    public double eta() {
        return eta;
    }

    /** @return whether x̂_0 is clipped to [−1, 1] */
    public boolean clipX0() {
        return clipX0;
    }

    @Override
    public boolean needsNoise(int t, int tPrev) {
        return sigma(t, tPrev) > 0.0;
    }

    /**
     * σ_t(η) of the step from t to tPrev.
     *
     * @param t current timestep
     * @param tPrev target timestep, −1 for the clean image
     * @return the standard deviation of the added noise
     */
    public double sigma(int t, int tPrev) {
        checkPair(t, tPrev);
        double alphaBar = schedule.alphaBar(t);
        double alphaBarPrev = schedule.alphaBarOrOne(tPrev);
        return eta
                * Math.sqrt((1.0 - alphaBarPrev) / (1.0 - alphaBar))
                * Math.sqrt(1.0 - alphaBar / alphaBarPrev);
    }

    @Override
    public NDArray step(NDArray eps, int t, int tPrev, NDArray x, NDArray noise) {
        PerSample.checkSameShape("eps", x, eps);
        double sigma = sigma(t, tPrev);
        double alphaBar = schedule.alphaBar(t);
        double alphaBarPrev = schedule.alphaBarOrOne(tPrev);
        NDArray x0 =
                x.sub(eps.mul((float) Math.sqrt(1.0 - alphaBar)))
                        .mul((float) (1.0 / Math.sqrt(alphaBar)));
        if (clipX0) {
            x0 = x0.clip(-1f, 1f);
        }
        double direction = Math.sqrt(Math.max(0.0, 1.0 - alphaBarPrev - sigma * sigma));
        NDArray next =
                x0.mul((float) Math.sqrt(alphaBarPrev)).add(eps.mul((float) direction));
        if (sigma == 0.0) {
            return next;
        }
        if (noise == null) {
            throw new IllegalArgumentException(
                    "noise is required for the step from " + t + " to " + tPrev + " with eta " + eta);
        }
        PerSample.checkSameShape("noise", x, noise);
        return next.add(noise.mul((float) sigma));
    }

    private void checkPair(int t, int tPrev) {
        schedule.checkTimestep(t);
        if (tPrev < -1 || tPrev >= t) {
            throw new IllegalArgumentException(
                    "previous timestep must be in [-1, " + (t - 1) + "], got " + tPrev);
        }
    }

    @Override
    public String toString() {
        return "DdimSampler[steps="
                + timesteps.length
                + ", eta="
                + eta
                + ", clipX0="
                + clipX0
                + ", T="
                + schedule.timesteps()
                + "]";
    }

    /** Builder of {@link DdimSampler}. */
    public static final class Builder {
        private final NoiseSchedule schedule;
        private int steps = -1;
        private TimestepSpacing spacing = TimestepSpacing.TRAILING;
        private double eta;
        private boolean clipX0;

        private Builder(NoiseSchedule schedule) {
            this.schedule = schedule;
        }

        /**
         * @param steps number of sampling steps S in [1, T] (default min(50, T))
         * @return this builder
         */
        public Builder optSteps(int steps) {
            this.steps = steps;
            return this;
        }

        /**
         * @param spacing how the S steps are spread (default TRAILING)
         * @return this builder
         */
        public Builder optSpacing(TimestepSpacing spacing) {
            this.spacing = spacing;
            return this;
        }

        /**
         * @param eta η in [0, 1] (default 0, deterministic)
         * @return this builder
         */
        public Builder optEta(double eta) {
            this.eta = eta;
            return this;
        }

        /**
         * @param clipX0 whether to clip x̂_0 to [−1, 1] (default false)
         * @return this builder
         */
        public Builder optClipX0(boolean clipX0) {
            this.clipX0 = clipX0;
            return this;
        }

        /**
         * @return the sampler
         * @throws IllegalArgumentException if a setting is out of range
         */
        public DdimSampler build() {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule must not be null");
            }
            if (spacing == null) {
                throw new IllegalArgumentException("timestep spacing must not be null");
            }
            if (!(eta >= 0.0 && eta <= 1.0)) {
                throw new IllegalArgumentException("eta must be in [0, 1], got " + eta);
            }
            if (steps == -1) {
                steps = Math.min(50, schedule.timesteps());
            }
            if (steps < 1 || steps > schedule.timesteps()) {
                throw new IllegalArgumentException(
                        "number of DDIM steps must be in [1, "
                                + schedule.timesteps()
                                + "], got "
                                + steps);
            }
            return new DdimSampler(this);
        }
    }
}
