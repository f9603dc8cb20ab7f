package dev.diffusion.engine.diffusion;

/**
 * How S sampling steps are spread over T training timesteps (0-based), for DDIM's step skipping.
 * Every rule gives S distinct timesteps in descending order.
 */
public enum TimestepSpacing {
    /**
     * t_k = ⌊(k+1)·T/S⌋ − 1 for k = S−1 … 0: starts at T−1, where x is pure noise. For T = 500, S =
     * 20 this is 499, 474, …, 24 — the {@code range(timesteps, 0, -step_size)} of the
     * DeepLearning.AI course "How Diffusion Models Work" shifted to 0-based steps (diffusers'
     * "trailing").
     */
    TRAILING,
    /**
     * t_k = ⌊k·T/S⌋ for k = S−1 … 0: ends at 0 (DDIM paper's uniform skipping, diffusers'
     * "leading").
     */
    LEADING;

    /**
     * Computes the timesteps.
     *
     * @param trainingSteps T
     * @param samplingSteps S, in [1, T]
     * @return S timesteps, strictly descending
     */
    public int[] timesteps(int trainingSteps, int samplingSteps) {
        if (samplingSteps < 1 || samplingSteps > trainingSteps) {
            throw new IllegalArgumentException(
                    "number of sampling steps must be in [1, "
                            + trainingSteps
                            + "], got "
                            + samplingSteps);
        }
        int[] timesteps = new int[samplingSteps];
        for (int i = 0; i < samplingSteps; i++) {
            long k = samplingSteps - 1 - i;
            timesteps[i] =
                    this == TRAILING
                            ? (int) ((k + 1) * trainingSteps / samplingSteps - 1)
                            : (int) (k * trainingSteps / samplingSteps);
        }
        return timesteps;
    }
}
