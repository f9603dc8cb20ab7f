package dev.diffusion.common.spec;

/**
 * Exponential moving average of the weights, used for sampling.
 *
 * @param enabled whether EMA weights are kept (default true)
 * @param decay   EMA decay per step (default 0.995)
 */
public record EmaSpec(Boolean enabled, Double decay) {

    /** The spec with every missing field set to its default. */
    public EmaSpec withDefaults() {
        return new EmaSpec(enabled != null ? enabled : Boolean.TRUE, decay != null ? decay : 0.995);
    }

    /** All defaults. */
    public static EmaSpec defaults() {
        return new EmaSpec(null, null).withDefaults();
    }
}
