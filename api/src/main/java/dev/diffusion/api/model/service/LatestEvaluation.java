package dev.diffusion.api.model.service;

import dev.diffusion.common.messaging.Artifact;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A model's newest succeeded evaluation job, as {@link ModelEvaluations} finds it.
 *
 * @param jobId      the evaluation job
 * @param finishedAt when it succeeded
 * @param metrics    its final metrics (the first sampler's scores: accuracy, frechetDistance, imagesPerSecond, …)
 * @param samplers   how many samplers it scored
 * @param report     its {@code evaluation.json}, or null when the worker did not report one
 */
public record LatestEvaluation(UUID jobId, Instant finishedAt, Map<String, Double> metrics, int samplers,
                               Artifact report) {
}
