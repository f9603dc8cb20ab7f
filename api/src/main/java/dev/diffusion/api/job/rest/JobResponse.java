package dev.diffusion.api.job.rest;

import dev.diffusion.common.messaging.JobStatus;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.TrainingSpec;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.openapi.annotations.media.Schema;

/**
 * A job as the api shows it.
 *
 * @param id                the job id
 * @param type              TRAINING, GENERATION or EVALUATION
 * @param status            QUEUED, RUNNING, SUCCEEDED, FAILED or CANCELLED
 * @param attempt           the current attempt (1, then +1 per re-queue)
 * @param maxAttempts       attempts the job may use
 * @param progress          how far it has got
 * @param metrics           latest metrics reported by the worker (e.g. loss)
 * @param createdAt         submission time
 * @param startedAt         when a worker first started it
 * @param finishedAt        when it reached a final status
 * @param updatedAt         last change
 * @param cancelRequestedAt when a cancel was requested for the running job
 * @param retryAt           when a retry after a transient failure will be dispatched
 * @param error             why it failed (or why the last attempt failed)
 * @param artifacts         files it produced, with presigned download URLs
 * @param checkpoint        training: its newest resumable checkpoint (also after a cancel or a failure), else null
 * @param modelId           training: the model it registers (set once it succeeded); generation: the model sampled;
 *                          evaluation: the model scored
 * @param spec              the effective spec, every default filled
 */
public record JobResponse(
        UUID id,
        JobType type,
        JobStatus status,
        int attempt,
        int maxAttempts,
        JobProgressResponse progress,
        Map<String, Double> metrics,
        Instant createdAt,
        Instant startedAt,
        Instant finishedAt,
        Instant updatedAt,
        Instant cancelRequestedAt,
        Instant retryAt,
        JobErrorResponse error,
        List<ArtifactResponse> artifacts,
        JobCheckpointResponse checkpoint,
        UUID modelId,
        @Schema(oneOf = {TrainingSpec.class, GenerationSpec.class, EvaluationSpec.class}) Object spec) {
}
