package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;

/**
 * One reverse-process update rule, stateless, in the diffusers style: the caller predicts the
 * noise, supplies fresh Gaussian noise when {@link #needsNoise} says so, and gets the less noisy
 * sample back.
 *
 * <p>The model is evaluated at {@link #timesteps()} in order; the step at {@code timesteps()[i]}
 * goes to {@code timesteps()[i+1]}, and the last one to −1 (the clean image, ᾱ_{−1} = 1).
 */
public interface ReverseSampler {

    /** @return the schedule the sampler was built for */
    NoiseSchedule schedule();

    /** @return the timesteps to evaluate the model at, strictly descending, all in [0, T−1] */
    int[] timesteps();

    /**
     * Whether the step from t to tPrev adds fresh noise (the caller must then pass it).
     *
     * @param t current timestep
     * @param tPrev target timestep, −1 for the clean image
     * @return true if {@link #step} needs a noise array
     */
    boolean needsNoise(int t, int tPrev);

    /**
     * Computes x_{tPrev} from x_t and the predicted noise.
     *
     * @param eps predicted noise ε_θ(x_t, t), shape of x
     * @param t current timestep
     * @param tPrev target timestep, −1 for the clean image
     * @param x the current sample x_t [N, C, H, W]
     * @param noise standard normal noise of the shape of x, or null when not {@link #needsNoise}
     * @return x_{tPrev}, on x's manager
     */
    NDArray step(NDArray eps, int t, int tPrev, NDArray x, NDArray noise);

    /**
     * Returns the target of the step at index {@code i} of {@link #timesteps()}.
     *
     * @param timesteps the sampler's timesteps
     * @param i step index
     * @return {@code timesteps[i+1]}, or −1 after the last step
     */
    static int previous(int[] timesteps, int i) {
        return i + 1 < timesteps.length ? timesteps[i + 1] : -1;
    }
}
