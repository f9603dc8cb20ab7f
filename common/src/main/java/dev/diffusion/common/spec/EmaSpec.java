package dev.diffusion.common.spec;

/**
 * Exponential moving average of the weights, used for sampling.
 *
 * <p>Either a constant {@code decay} (warming up as min(d, (1 + n)/(10 + n)) over the first updates) or, with
 * {@code sigmaRel}, the power-function EMA of Karras et al. 2024 ("Analyzing and Improving the Training Dynamics of
 * Diffusion Models"), whose averaging window is a fixed fraction of the steps trained so far.
 *
 * @param enabled  whether EMA weights are kept (default true)
 * @param decay    EMA decay per step (default 0.995 unless {@code sigmaRel} is given)
 * @param sigmaRel relative standard deviation of the power-function EMA's window, in (0, 0.288]; no default
 */
public record EmaSpec(Boolean enabled, Double decay, Double sigmaRel) {

    /** The default constant decay. */
    public static final double DEFAULT_DECAY = 0.995;
    /** The widest power-function EMA, √(1/12) (exponent γ = 0). */
    public static final double MAX_SIGMA_REL = Math.sqrt(1.0 / 12.0);

    /**
     * An EMA of a constant decay.
     *
     * @param enabled whether EMA weights are kept
     * @param decay the decay
     */
    public EmaSpec(Boolean enabled, Double decay) {
        this(enabled, decay, null);
    }

    /** The spec with every missing field set to its default. */
    public EmaSpec withDefaults() {
        return new EmaSpec(enabled != null ? enabled : Boolean.TRUE,
                decay != null || sigmaRel != null ? decay : Double.valueOf(DEFAULT_DECAY), sigmaRel);
    }

    /** All defaults. */
    public static EmaSpec defaults() {
        return new EmaSpec(null, null).withDefaults();
    }
}
