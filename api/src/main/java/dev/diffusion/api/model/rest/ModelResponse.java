package dev.diffusion.api.model.rest;

import dev.diffusion.common.spec.TrainingSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A model, trained on the platform or imported.
 *
 * @param id               the model id (use as {@code modelId} of a generation or evaluation job)
 * @param name             the name its import gave it, or null
 * @param source           {@code training} (a training job made it) or {@code import} (an import job registered it)
 * @param published        published by an admin: every tenant may read and use it
 * @param trainingJobId    the job that trained it (another tenant's job, for a published model of theirs); null for an
 *                         imported model
 * @param importJobId      the import job that registered it; null for a trained model
 * @param createdAt        when it was registered
 * @param trainedSteps     optimizer steps it was trained for (null for an imported model)
 * @param metrics          final training metrics (an import's: {@code weights}, {@code sizeBytes})
 * @param checkpoint       where its weights are ({@code model.ckpt}, the platform's format)
 * @param files            its weights in PyTorch's format ({@code model.safetensors}: the sampling weights — the EMA
 *                         when the run kept one — under PyTorch's parameter names) and the spec that describes the
 *                         network ({@code model-spec.json}), with presigned URLs; empty for models registered
 *                         before they were exported
 * @param imported         the file an import read (location, size, SHA-256), or null for a trained model
 * @param latestEvaluation the caller's newest succeeded evaluation job of it, or null
 * @param spec             the effective training spec (architecture, schedule, classes, …); an imported model's holds
 *                         the network and schedule of its import, its data set (or the weights location), seed 0
 */
public record ModelResponse(UUID id, String name, String source, boolean published, UUID trainingJobId,
                            UUID importJobId, Instant createdAt, Integer trainedSteps, Map<String, Double> metrics,
                            CheckpointResponse checkpoint, List<FileResponse> files, ImportedResponse imported,
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

    /**
     * A file beside the model file.
     *
     * @param name         {@code model.safetensors} or {@code model-spec.json}
     * @param contentType  MIME type
     * @param uri          {@code s3://bucket/key}
     * @param sizeBytes    size
     * @param sha256       SHA-256, hex
     * @param url          presigned GET URL
     * @param urlExpiresAt when the URL stops working
     */
    public record FileResponse(String name, String contentType, String uri, long sizeBytes, String sha256, String url,
                               Instant urlExpiresAt) {
    }

    /**
     * Where an imported model's weights came from.
     *
     * @param location  the {@code s3://} location the import read
     * @param sizeBytes its size then
     * @param sha256    the SHA-256 of the bytes the worker validated
     */
    public record ImportedResponse(String location, long sizeBytes, String sha256) {
    }
}
