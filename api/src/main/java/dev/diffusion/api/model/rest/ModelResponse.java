package dev.diffusion.api.model.rest;

import dev.diffusion.common.spec.TrainingSpec;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A trained model.
 *
 * @param id               the model id (use as {@code modelId} of a generation or evaluation job)
 * @param published        published by an admin: every tenant may read and use it
 * @param trainingJobId    the job that trained it (another tenant's job, for a published model of theirs)
 * @param createdAt        when it was registered
 * @param trainedSteps     optimizer steps it was trained for
 * @param metrics          final training metrics
 * @param checkpoint       where its weights are
 * @param latestEvaluation the caller's newest succeeded evaluation job of it, or null
 * @param spec             the effective training spec (architecture, schedule, classes, …)
 */
public record ModelResponse(UUID id, boolean published, UUID trainingJobId, Instant createdAt, Integer trainedSteps,
                            Map<String, Double> metrics, CheckpointResponse checkpoint,
                            LatestEvaluationResponse latestEvaluation, TrainingSpec spec) {

    /**
     * The model file.
     *
     * @param bucket       bucket
     * @param key          object key
     * @param uri          {@code s3://bucket/key}
     * @param sizeBytes    size
     * @param sha256       SHA-256, hex
     * @param url          presigned GET URL
     * @param urlExpiresAt when the URL stops working
     */
    public record CheckpointResponse(String bucket, String key, String uri, long sizeBytes, String sha256, String url,
                                     Instant urlExpiresAt) {
    }
}
