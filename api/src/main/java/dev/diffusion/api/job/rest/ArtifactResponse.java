package dev.diffusion.api.job.rest;

import java.time.Instant;

/**
 * A file a job produced.
 *
 * @param name         file name, e.g. {@code grid.png}
 * @param contentType  MIME type
 * @param sizeBytes    size
 * @param sha256       SHA-256 of the content, hex
 * @param url          presigned GET URL
 * @param urlExpiresAt when the URL stops working (GET the job again for a fresh one)
 */
public record ArtifactResponse(String name, String contentType, long sizeBytes, String sha256, String url,
                               Instant urlExpiresAt) {
}
