package dev.diffusion.api.model.service;

import dev.diffusion.common.messaging.Artifact;
import java.util.List;
import dev.diffusion.api.model.persistence.ModelEntity;

/**
 * A model, its latest succeeded evaluation and its exported files as read in one transaction (detached; the REST
 * layer maps it).
 *
 * @param model            the model
 * @param latestEvaluation its newest succeeded evaluation job, or null
 * @param exports          {@code model.safetensors} and {@code model-spec.json} as its job reported them (empty for
 *                         models made before jobs exported them)
 */
public record ModelSnapshot(ModelEntity model, LatestEvaluation latestEvaluation, List<Artifact> exports) {

    public ModelSnapshot {
        exports = exports == null ? List.of() : List.copyOf(exports);
    }
}
