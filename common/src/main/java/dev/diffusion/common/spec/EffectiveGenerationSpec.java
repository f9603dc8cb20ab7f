package dev.diffusion.common.spec;

/**
 * A generation spec with every default filled in for a model of T diffusion steps
 * ({@link GenerationSpec#withDefaults(int)}): the type code takes when it needs every field.
 *
 * @param spec the resolved spec
 * @param timesteps T of the model the defaults were filled for
 */
public record EffectiveGenerationSpec(GenerationSpec spec, int timesteps) {

    /** Rejects a spec that still has defaults to fill. */
    public EffectiveGenerationSpec {
        if (spec == null || !spec.equals(spec.withDefaults(timesteps))) {
            throw new IllegalArgumentException(
                    "not an effective generation spec (call EffectiveGenerationSpec.of): " + spec);
        }
    }

    /**
     * Resolves a request for a model.
     *
     * @param request the spec as submitted
     * @param timesteps T of the model it samples
     * @return the request with every default filled in
     */
    public static EffectiveGenerationSpec of(GenerationSpec request, int timesteps) {
        return new EffectiveGenerationSpec(request.withDefaults(timesteps), timesteps);
    }
}
