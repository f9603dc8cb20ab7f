package dev.diffusion.api.model.rest;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A model's newest succeeded evaluation job (GET the job for all its artifacts: the Markdown report, the chart,
 * a grid per sampler).
 *
 * @param jobId      the evaluation job
 * @param finishedAt when it succeeded
 * @param metrics    the first sampler's scores: {@code accuracy} (0–1; absent for an unconditional model),
 *                   {@code frechetDistance}, {@code imagesPerSecond}, {@code evaluatorAccuracy}, and
 *                   {@code samplers}
 * @param samplers   how many samplers the job scored
 * @param report     {@code evaluation.json}, every sampler's scores, with a presigned URL; null if the worker
 *                   did not report it
 */
public record LatestEvaluationResponse(UUID jobId, Instant finishedAt, Map<String, Double> metrics, int samplers,
                                       ReportResponse report) {

    /**
     * The report file.
     *
     * @param name         {@code evaluation.json}
     * @param contentType  MIME type
     * @param sizeBytes    size
     * @param sha256       SHA-256 of the content, hex
     * @param url          presigned GET URL
     * @param urlExpiresAt when the URL stops working (GET the model again for a fresh one)
     */
    public record ReportResponse(String name, String contentType, long sizeBytes, String sha256, String url,
                                 Instant urlExpiresAt) {
    }
}
