package dev.diffusion.api.model.service;

import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.model.persistence.ModelRepository;
import dev.diffusion.common.messaging.Artifact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** Registers the model of a succeeded training job (called by the event applier in its transaction). */
@ApplicationScoped
public class ModelRegistry {

    private final ModelRepository models;

    @Inject
    public ModelRegistry(ModelRepository models) {
        this.models = models;
    }

    /**
     * Registers (or, for a repeated success report, updates) the model {@code modelId} made by a training job.
     *
     * @param tenantId    the training job's tenant, which owns the model
     * @param specJson    the training job's effective spec
     * @param metricsJson its final metrics
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ModelEntity register(UUID tenantId, UUID modelId, UUID trainingJobId, String specJson, Artifact file,
                                Integer trainedSteps, String metricsJson, Instant at) {
        ModelEntity model = models.findByIdOptional(modelId).orElseGet(ModelEntity::new);
        boolean created = model.id == null;
        model.id = modelId;
        model.tenantId = tenantId;
        model.trainingJobId = trainingJobId;
        model.spec = specJson;
        model.bucket = file.bucket();
        model.objectKey = file.key();
        model.sizeBytes = file.sizeBytes();
        model.sha256 = file.sha256();
        model.trainedSteps = trainedSteps;
        // a worker that never reported progress sent no metrics; the model is registered all the same
        model.metrics = metricsJson == null ? "{}" : metricsJson;
        if (created) {
            model.createdAt = at;
            models.persist(model);
        }
        return model;
    }
}
