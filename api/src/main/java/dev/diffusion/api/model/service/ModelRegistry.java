package dev.diffusion.api.model.service;

import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.model.persistence.ModelRepository;
import dev.diffusion.api.model.persistence.ModelSource;
import dev.diffusion.common.messaging.Artifact;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.UUID;

/** Registers the model of a succeeded training or import job (called by the event applier in its transaction). */
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

    /**
     * Registers (or, for a repeated success report, updates) the model {@code modelId} made by an import job.
     *
     * @param tenantId    the import job's tenant, which owns the model
     * @param specJson    the effective training spec of the imported network (its schedule, classes, sizes)
     * @param name        the name the import gave, or null
     * @param source      the weights file the worker imported (location, size, SHA-256)
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ModelEntity registerImport(UUID tenantId, UUID modelId, UUID importJobId, String specJson, String name,
                                      Artifact file, Artifact source, String metricsJson, Instant at) {
        ModelEntity model = register(tenantId, modelId, importJobId, specJson, file, null, metricsJson, at);
        model.source = ModelSource.IMPORT;
        model.name = name;
        model.sourceUri = "s3://" + source.bucket() + "/" + source.key();
        model.sourceSizeBytes = source.sizeBytes();
        model.sourceSha256 = source.sha256();
        return model;
    }
}
