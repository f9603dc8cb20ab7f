package dev.diffusion.engine.train;

/**
 * Hyper-parameters of {@link AdamOptimizer}.
 *
 * @param beta1 decay of the first-moment estimate, in [0, 1)
 * @param beta2 decay of the second-moment estimate, in [0, 1)
 * @param epsilon added to the denominator for numerical stability, positive
 * @param weightDecay weight-decay factor, non-negative
 * @param decoupled true for AdamW (decay applied to the weights, Loshchilov and Hutter 2019), false
 *     for Adam with L2 decay added to the gradient (as torch.optim.Adam's weight_decay)
 */
public record AdamConfig(double beta1, double beta2, double epsilon, double weightDecay, boolean decoupled) {

    /** Validates the fields. */
    public AdamConfig {
        requireInUnitInterval("beta1", beta1);
        requireInUnitInterval("beta2", beta2);
        if (!(epsilon > 0)) {
            throw new IllegalArgumentException("epsilon must be positive, got " + epsilon);
        }
        if (!(weightDecay >= 0) || Double.isInfinite(weightDecay)) {
            throw new IllegalArgumentException("weight decay must be non-negative, got " + weightDecay);
        }
    }

    /**
     * Adam with PyTorch's defaults (0.9, 0.999, 1e-8) and no weight decay.
     *
     * @return the configuration
     */
    public static AdamConfig adam() {
        return new AdamConfig(0.9, 0.999, 1e-8, 0.0, false);
    }

    /**
     * AdamW with PyTorch's defaults (0.9, 0.999, 1e-8) and the given decoupled weight decay.
     *
     * @param weightDecay the decay factor (PyTorch default 0.01)
     * @return the configuration
     */
    public static AdamConfig adamW(double weightDecay) {
        return new AdamConfig(0.9, 0.999, 1e-8, weightDecay, true);
    }

    private static void requireInUnitInterval(String name, double value) {
        if (!(value >= 0 && value < 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1), got " + value);
        }
    }
}
