package dev.diffusion.common.spec;

/**
 * A training spec with every default filled in ({@link TrainingSpec#withDefaults()}): the type code takes
 * when it needs every field, so a raw request cannot reach it by mistake.
 *
 * @param spec the resolved spec; equal to its own {@code withDefaults()}
 */
public record EffectiveTrainingSpec(TrainingSpec spec) {

    /** Rejects a spec that still has defaults to fill. */
    public EffectiveTrainingSpec {
        if (spec == null || !spec.equals(spec.withDefaults())) {
            throw new IllegalArgumentException(
                    "not an effective training spec (call EffectiveTrainingSpec.of): " + spec);
        }
    }

    /**
     * Resolves a request.
     *
     * @param request the spec as submitted
     * @return the request with every default filled in (a missing seed drawn at random)
     */
    public static EffectiveTrainingSpec of(TrainingSpec request) {
        return new EffectiveTrainingSpec(request.withDefaults());
    }
}
