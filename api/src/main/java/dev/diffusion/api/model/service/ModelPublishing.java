package dev.diffusion.api.model.service;

import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.model.persistence.ModelRepository;
import dev.diffusion.api.problem.ResourceNotFoundException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.UUID;

/**
 * Publishing a model to every tenant (an admin's decision, whichever tenant owns the model). Jobs already
 * submitted with a model keep it when it is unpublished.
 */
@ApplicationScoped
public class ModelPublishing {

    private final ModelRepository models;

    @Inject
    public ModelPublishing(ModelRepository models) {
        this.models = models;
    }

    /**
     * Publishes or withdraws the model.
     *
     * @throws ResourceNotFoundException (404) for an unknown model
     */
    public ModelEntity setPublished(UUID id, boolean published) {
        return QuarkusTransaction.requiringNew().call(() -> {
            ModelEntity model = models.findByIdOptional(id)
                    .orElseThrow(() -> new ResourceNotFoundException("no model with id " + id));
            model.published = published;
            return model;
        });
    }
}
