package dev.diffusion.api.model.rest;

import dev.diffusion.api.json.SpecJson;
import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.storage.PresignedUrls;
import dev.diffusion.common.storage.ObjectLocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Model entities to REST records. */
@ApplicationScoped
public class ModelMapper {

    private final PresignedUrls urls;

    @Inject
    public ModelMapper(PresignedUrls urls) {
        this.urls = urls;
    }

    public ModelResponse toResponse(ModelEntity m) {
        PresignedUrls.Presigned link = urls.get(m.bucket, m.objectKey);
        var checkpoint = new ModelResponse.CheckpointResponse(m.bucket, m.objectKey,
                new ObjectLocation(m.bucket, m.objectKey).uri(), m.sizeBytes, m.sha256, link.url(), link.expiresAt());
        return new ModelResponse(m.id, m.trainingJobId, m.createdAt, m.trainedSteps, SpecJson.metrics(m.metrics),
                checkpoint, SpecJson.training(m.spec));
    }
}
