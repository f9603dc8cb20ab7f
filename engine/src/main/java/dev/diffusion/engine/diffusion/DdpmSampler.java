package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * DDPM ancestral sampling (Ho et al. 2020, Algorithm 2): one step per timestep T−1 … 0, x_{t−1} =
 * μ_θ(x_t, t) + σ_t·z, with no noise at t = 0.
 *
 * <p>The mean has two forms in the reference implementations:
 *
 * <ul>
 *   <li>{@link MeanForm#DIRECT} (Ho et al. 2020, Algorithm 2, as written; {@code denoise_add_noise} of
 *       the DeepLearning.AI course "How Diffusion Models Work"): μ = 1/√α_t·(x_t − (1−α_t)/√(1−ᾱ_t)·ε);
 *   <li>{@link MeanForm#CLIPPED_X0} (the official DDPM implementation): x̂_0 = √(1/ᾱ_t)·x_t −
 *       √(1/ᾱ_t−1)·ε clipped to [−1, 1], then μ = coef1_t·x̂_0 + coef2_t·x_t.
 * </ul>
 *
 * Without clipping both forms are the same number. The variance σ_t² is either β_t ({@link
 * Variance#BETA}, Ho et al. 2020 §3.2) or the posterior β̃_t = (1−ᾱ_{t−1})/(1−ᾱ_t)·β_t ({@link
 * Variance#POSTERIOR}, as in "Diffusion models from scratch in PyTorch").
 */
public final class DdpmSampler implements ReverseSampler {

    /** The form of the reverse mean. */
    public enum MeanForm {
        /** μ directly from ε. */
        DIRECT,
        /** μ as the posterior mean of the clipped x̂_0. */
        CLIPPED_X0
    }

    /** The variance of the reverse step. */
    public enum Variance {
        /** σ_t² = β_t, the upper bound. */
        BETA,
        /** σ_t² = β̃_t, the lower bound. */
        POSTERIOR
    }

    private final NoiseSchedule schedule;
    private final MeanForm meanForm;
    private final Variance variance;

    private DdpmSampler(Builder builder) {
        this.schedule = builder.schedule;
        this.meanForm = builder.meanForm;
        this.variance = builder.variance;
    }

    /**
     * Returns a builder; defaults are the DLAI course's form: {@link MeanForm#DIRECT}, {@link
     * Variance#BETA}.
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

    /** @return the mean form */
    public MeanForm meanForm() {
        return meanForm;
    }

    /** @return the variance choice */
    public Variance variance() {
        return variance;
    }

    /** @return T−1, T−2, …, 0 */
    @Override
    public int[] timesteps() {
        int[] timesteps = new int[schedule.timesteps()];
        for (int i = 0; i < timesteps.length; i++) {
            timesteps[i] = timesteps.length - 1 - i;
        }
        return timesteps;
    }

    @Override
    public boolean needsNoise(int t, int tPrev) {
        return schedule.checkTimestep(t) > 0;
    }

    /**
     * The standard deviation σ_t of step t.
     *
     * @param t timestep
     * @return √β_t or √β̃_t
     */
    public double sigma(int t) {
        return Math.sqrt(variance == Variance.BETA ? schedule.beta(t) : schedule.posteriorVariance(t));
    }

    @Override
    public NDArray step(NDArray eps, int t, int tPrev, NDArray x, NDArray noise) {
        if (tPrev != t - 1) {
            throw new IllegalArgumentException(
                    "DDPM steps one timestep at a time, got t=" + t + " to " + tPrev);
        }
        return step(eps, t, x, noise);
    }

    /**
     * Computes x_{t−1}.
     *
     * @param eps predicted noise, shape of x
     * @param t timestep
     * @param x x_t [N, C, H, W]
     * @param noise standard normal noise, shape of x; ignored (may be null) at t = 0
     * @return x_{t−1}
     */
    public NDArray step(NDArray eps, int t, NDArray x, NDArray noise) {
        schedule.checkTimestep(t);
        PerSample.checkSameShape("eps", x, eps);
        NDArray mean = meanForm == MeanForm.DIRECT ? directMean(eps, t, x) : clippedMean(eps, t, x);
        if (t == 0) {
            return mean;
        }
        if (noise == null) {
            throw new IllegalArgumentException("noise is required at timestep " + t);
        }
        PerSample.checkSameShape("noise", x, noise);
        return mean.add(noise.mul((float) sigma(t)));
    }

    private NDArray directMean(NDArray eps, int t, NDArray x) {
        float epsScale = (float) (schedule.beta(t) / schedule.sqrtOneMinusAlphaBar(t));
        return x.sub(eps.mul(epsScale)).mul((float) schedule.sqrtRecipAlpha(t));
    }

    private NDArray clippedMean(NDArray eps, int t, NDArray x) {
        NDArray x0 =
                x.mul((float) schedule.sqrtRecipAlphaBar(t))
                        .sub(eps.mul((float) schedule.sqrtRecipAlphaBarMinusOne(t)))
                        .clip(-1f, 1f);
        return x0.mul((float) schedule.posteriorMeanCoef1(t))
                .add(x.mul((float) schedule.posteriorMeanCoef2(t)));
    }

    @Override
    public String toString() {
        return "DdpmSampler[" + meanForm + ", " + variance + ", T=" + schedule.timesteps() + "]";
    }

    /** Builder of {@link DdpmSampler}. */
    public static final class Builder {
        private final NoiseSchedule schedule;
        private MeanForm meanForm = MeanForm.DIRECT;
        private Variance variance = Variance.BETA;

        private Builder(NoiseSchedule schedule) {
            this.schedule = schedule;
        }

        /**
         * @param meanForm the mean form (default DIRECT)
         * @return this builder
         */
        public Builder optMeanForm(MeanForm meanForm) {
            this.meanForm = meanForm;
            return this;
        }

        /**
         * @param variance the variance (default BETA)
         * @return this builder
         */
        public Builder optVariance(Variance variance) {
            this.variance = variance;
            return this;
        }

        /**
         * @return the sampler
         * @throws IllegalArgumentException if a setting is missing
         */
        public DdpmSampler build() {
            if (schedule == null) {
                throw new IllegalArgumentException("schedule must not be null");
            }
            if (meanForm == null || variance == null) {
                throw new IllegalArgumentException("mean form and variance must not be null");
            }
            return new DdpmSampler(this);
        }
    }
}
