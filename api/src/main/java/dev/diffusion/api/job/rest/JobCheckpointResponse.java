package dev.diffusion.api.job.rest;

import java.time.Instant;

/**
 * The newest resumable checkpoint a training job stored (model, EMA, optimizer and random state): a retry or a
 * cancelled job's user continues from it; {@code worker train --resume FILE} continues it locally.
 *
 * @param step         training steps it holds
 * @param uri          {@code s3://bucket/key}
 * @param url          presigned GET URL
 * @param urlExpiresAt when the URL stops working (GET the job again for a fresh one)
 */
public record JobCheckpointResponse(int step, String uri, String url, Instant urlExpiresAt) {
}
