package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * The forward (noising) process q(x_t | x_0) and the closed forms derived from it (Ho et al. 2020,
 * eq. 4: x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε; {@code q_sample} in "The Annotated Diffusion Model", {@code
 * forward_diffusion_sample} in "Diffusion models from scratch in PyTorch").
 *
 * <p>Tensor methods take a batch [N, …] and one timestep per sample ({@code int[]} or an integer
 * NDArray [N]); coefficients are gathered per sample and broadcast over the other axes. Results
 * belong to the manager of the first array argument.
 */
public final class ForwardProcess {

    private final NoiseSchedule schedule;

    /**
     * Creates the forward process of a schedule.
     *
     * @param schedule the noise schedule
     */
    public ForwardProcess(NoiseSchedule schedule) {
        if (schedule == null) {
            throw new IllegalArgumentException("schedule must not be null");
        }
        this.schedule = schedule;
    }

    /** @return the schedule */
    public NoiseSchedule schedule() {
        return schedule;
    }

    /**
     * Samples x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε.
     *
     * @param x0 clean images [N, C, H, W] in [−1, 1]
     * @param t timesteps [N], integer values in [0, T−1]
     * @param noise ε, same shape as x0
     * @return x_t, same shape as x0
     */
    public NDArray qSample(NDArray x0, NDArray t, NDArray noise) {
        return qSample(x0, PerSample.timesteps(t, schedule), noise);
    }

    /**
     * Samples x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε.
     *
     * @param x0 clean images [N, …]
     * @param t one timestep per sample
     * @param noise ε, same shape as x0
     * @return x_t
     */
    public NDArray qSample(NDArray x0, int[] t, NDArray noise) {
        PerSample.checkSameShape("noise", x0, noise);
        try (NDArray signal = PerSample.coefficients(x0, t, schedule::sqrtAlphaBar);
                NDArray noiseRate = PerSample.coefficients(x0, t, schedule::sqrtOneMinusAlphaBar)) {
            return x0.mul(signal).add(noise.mul(noiseRate));
        }
    }

    /**
     * Host version of {@link #qSample(NDArray, int[], NDArray)} for one image at one timestep.
     *
     * @param x0 clean pixels
     * @param t timestep
     * @param noise ε, same length
     * @return x_t
     */
    public float[] qSample(float[] x0, int t, float[] noise) {
        if (x0.length != noise.length) {
            throw new IllegalArgumentException(
                    "noise has " + noise.length + " values but x0 has " + x0.length);
        }
        double signal = schedule.sqrtAlphaBar(t);
        double noiseRate = schedule.sqrtOneMinusAlphaBar(t);
        float[] xt = new float[x0.length];
        for (int i = 0; i < xt.length; i++) {
            xt[i] = (float) (signal * x0[i] + noiseRate * noise[i]);
        }
        return xt;
    }

    /**
     * Inverts the forward process given the noise: x̂_0 = √(1/ᾱ_t)·x_t − √(1/ᾱ_t − 1)·ε.
     *
     * @param xt noisy images [N, …]
     * @param t one timestep per sample
     * @param eps predicted (or true) noise, same shape
     * @return x̂_0, not clipped
     */
    public NDArray predictX0FromEps(NDArray xt, int[] t, NDArray eps) {
        PerSample.checkSameShape("eps", xt, eps);
        try (NDArray a = PerSample.coefficients(xt, t, schedule::sqrtRecipAlphaBar);
                NDArray b = PerSample.coefficients(xt, t, schedule::sqrtRecipAlphaBarMinusOne)) {
            return xt.mul(a).sub(eps.mul(b));
        }
    }

    /**
     * NDArray-timestep form of {@link #predictX0FromEps(NDArray, int[], NDArray)}.
     *
     * @param xt noisy images [N, …]
     * @param t timesteps [N]
     * @param eps noise, same shape
     * @return x̂_0
     */
    public NDArray predictX0FromEps(NDArray xt, NDArray t, NDArray eps) {
        return predictX0FromEps(xt, PerSample.timesteps(t, schedule), eps);
    }

    /**
     * The mean of the posterior q(x_{t−1} | x_t, x_0): coef1_t·x_0 + coef2_t·x_t.
     *
     * @param x0 clean (or predicted clean) images [N, …]
     * @param xt noisy images, same shape
     * @param t one timestep per sample
     * @return μ̃_t(x_t, x_0)
     */
    public NDArray posteriorMean(NDArray x0, NDArray xt, int[] t) {
        PerSample.checkSameShape("xt", x0, xt);
        try (NDArray c1 = PerSample.coefficients(x0, t, schedule::posteriorMeanCoef1);
                NDArray c2 = PerSample.coefficients(x0, t, schedule::posteriorMeanCoef2)) {
            return x0.mul(c1).add(xt.mul(c2));
        }
    }
}
