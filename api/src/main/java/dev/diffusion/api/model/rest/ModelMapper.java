package dev.diffusion.api.model.rest;

import dev.diffusion.api.json.SpecJson;
import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.model.persistence.ModelSource;
import dev.diffusion.api.model.service.LatestEvaluation;
import dev.diffusion.api.model.service.ModelSnapshot;
import dev.diffusion.api.storage.PresignedUrls;
import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.storage.ObjectLocation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Locale;

/** Model entities to REST records; URLs are presigned here, fresh on every read. */
@ApplicationScoped
public class ModelMapper {

    private final PresignedUrls urls;

    @Inject
    public ModelMapper(PresignedUrls urls) {
        this.urls = urls;
    }

    public ModelResponse toResponse(ModelSnapshot snapshot) {
        ModelEntity m = snapshot.model();
        PresignedUrls.Presigned link = urls.get(m.bucket, m.objectKey);
        var checkpoint = new ModelResponse.CheckpointResponse(m.bucket, m.objectKey,
                new ObjectLocation(m.bucket, m.objectKey).uri(), m.sizeBytes, m.sha256, link.url(), link.expiresAt());
        boolean imported = m.source == ModelSource.IMPORT;
        return new ModelResponse(m.id, m.name, m.source.name().toLowerCase(Locale.ROOT), m.published,
                imported ? null : m.trainingJobId, imported ? m.trainingJobId : null, m.createdAt, m.trainedSteps,
                SpecJson.metrics(m.metrics), checkpoint, snapshot.exports().stream().map(this::file).toList(),
                imported ? new ModelResponse.ImportedResponse(m.sourceUri,
                        m.sourceSizeBytes == null ? 0 : m.sourceSizeBytes, m.sourceSha256) : null,
                evaluation(snapshot.latestEvaluation()), SpecJson.training(m.spec));
    }

    private ModelResponse.FileResponse file(Artifact a) {
        PresignedUrls.Presigned link = urls.get(a.bucket(), a.key());
        return new ModelResponse.FileResponse(a.name(), a.contentType(), new ObjectLocation(a.bucket(), a.key()).uri(),
                a.sizeBytes(), a.sha256(), link.url(), link.expiresAt());
    }

    private LatestEvaluationResponse evaluation(LatestEvaluation e) {
        return e == null ? null
                : new LatestEvaluationResponse(e.jobId(), e.finishedAt(), e.metrics(), e.samplers(), report(e.report()));
    }

    private LatestEvaluationResponse.ReportResponse report(Artifact a) {
        if (a == null) {
            return null;
        }
        PresignedUrls.Presigned link = urls.get(a.bucket(), a.key());
        return new LatestEvaluationResponse.ReportResponse(a.name(), a.contentType(), a.sizeBytes(), a.sha256(),
                link.url(), link.expiresAt());
    }
}
