package dev.diffusion.common.messaging;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.diffusion.common.spec.GenerationSpec;

/**
 * The generation half of a {@link JobDispatch}. The worker rebuilds the network and the sampler from the
 * model file itself (the checkpoint carries its training spec), so the dispatch carries no spec of the model.
 *
 * <p>Dispatches written before that change also have a {@code modelSpec} field (the model's training
 * spec); it is read and dropped, while any other unknown field is still rejected.
 *
 * @param spec  the effective spec (every default filled, validated against the model)
 * @param model the model to load
 */
@JsonIgnoreProperties({GenerationTask.LEGACY_MODEL_SPEC})
public record GenerationTask(GenerationSpec spec, ModelRef model) {

    /** The field older dispatches carry and readers ignore. */
    static final String LEGACY_MODEL_SPEC = "modelSpec";

    public GenerationTask {
        Checks.notNull(spec, "generation.spec");
        Checks.notNull(model, "generation.model");
    }
}
