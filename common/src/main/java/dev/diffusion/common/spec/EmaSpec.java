package dev.diffusion.common.spec;

/**
 * Exponential moving average of the weights, used for sampling.
 *
 * <p>Either a constant {@code decay} (warming up as min(d, (1 + n)/(10 + n)) over the first updates) or, with
 * {@code sigmaRel}, the power-function EMA of Karras et al. 2024 ("Analyzing and Improving the Training Dynamics of
 * Diffusion Models"), whose averaging window is a fixed fraction of the steps trained so far.
 *
 * @param enabled  whether EMA weights are kept (default: only when {@code decay}, {@code sigmaRel} or
 *                 {@code recalibrateBatchNorm} is given; on the platform's recipe the raw weights of a learning rate
 *                 that decays to 0 sampled as well as any average, docs/quality.md)
 * @param decay    EMA decay per step (default 0.995 unless {@code sigmaRel} is given)
 * @param sigmaRel relative standard deviation of the power-function EMA's window, in (0, 0.288]; no default
 * @param recalibrateBatchNorm recompute BatchNorm's running statistics for the averaged weights before they are
 *     sampled or exported, from {@link #RECALIBRATION_BATCHES} training batches (Izmailov et al. 2018, §3.2); only
 *     for a model with BatchNorm; default (null) off: the averaged statistics are used
 */
public record EmaSpec(Boolean enabled, Double decay, Double sigmaRel, Boolean recalibrateBatchNorm) {

    /** The default constant decay. */
    public static final double DEFAULT_DECAY = 0.995;
    /** The widest power-function EMA, √(1/12) (exponent γ = 0). */
    public static final double MAX_SIGMA_REL = Math.sqrt(1.0 / 12.0);
    /** Training batches over which {@code recalibrateBatchNorm} recomputes the statistics. */
    public static final int RECALIBRATION_BATCHES = 50;

    /**
     * An EMA with the averaged BatchNorm statistics.
     *
     * @param enabled whether EMA weights are kept
     * @param decay the constant decay, or null
     * @param sigmaRel the power-function EMA's width, or null
     */
    public EmaSpec(Boolean enabled, Double decay, Double sigmaRel) {
        this(enabled, decay, sigmaRel, null);
    }

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
        boolean asked = decay != null || sigmaRel != null || Boolean.TRUE.equals(recalibrateBatchNorm);
        return new EmaSpec(enabled != null ? enabled : Boolean.valueOf(asked),
                decay != null || sigmaRel != null ? decay : Double.valueOf(DEFAULT_DECAY), sigmaRel, recalibrateBatchNorm);
    }

    /**
     * Whether BatchNorm's statistics are recomputed for the averaged weights.
     *
     * @return true only when asked for and the EMA is on
     */
    public boolean recalibratesBatchNorm() {
        return Boolean.TRUE.equals(recalibrateBatchNorm) && !Boolean.FALSE.equals(enabled);
    }

    /** All defaults. */
    public static EmaSpec defaults() {
        return new EmaSpec(null, null).withDefaults();
    }
}
