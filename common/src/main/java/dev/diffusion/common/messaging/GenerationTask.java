package dev.diffusion.common.messaging;

import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.TrainingSpec;

/**
 * The generation half of a {@link JobDispatch}.
 *
 * @param spec      the effective spec (every default filled, validated against the model)
 * @param model     the model to load
 * @param modelSpec the effective training spec the model was trained with: architecture, image size,
 *                  channels, classes and schedule needed to rebuild the network and the sampler
 */
public record GenerationTask(GenerationSpec spec, ModelRef model, TrainingSpec modelSpec) {

    public GenerationTask {
        Checks.notNull(spec, "generation.spec");
        Checks.notNull(model, "generation.model");
        Checks.notNull(modelSpec, "generation.modelSpec");
    }
}
