package dev.diffusion.common.spec;

/**
 * The training loss on the predicted noise.
 *
 * @param type      {@code mse} (default), {@code l1} or {@code huber}
 * @param weighting {@code none} (default), {@code min-snr} or {@code p2}
 * @param gamma     min-SNR gamma (default 5) or P2 gamma (default 1)
 * @param p2K       the P2 constant k (default 1)
 */
public record LossSpec(LossType type, LossWeighting weighting, Double gamma, Double p2K) {

    /** The spec with every missing field set to its default. */
    public LossSpec withDefaults() {
        LossWeighting w = weighting != null ? weighting : LossWeighting.NONE;
        double defaultGamma = w == LossWeighting.P2 ? 1.0 : 5.0;
        return new LossSpec(
                type != null ? type : LossType.MSE,
                w,
                gamma != null ? gamma : defaultGamma,
                p2K != null ? p2K : 1.0);
    }

    /** All defaults. */
    public static LossSpec defaults() {
        return new LossSpec(null, null, null, null).withDefaults();
    }
}
