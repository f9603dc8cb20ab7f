package dev.diffusion.api.upload;

import java.time.Instant;

/**
 * Where to PUT a file, and the location to name it by afterwards (e.g. as an import job's {@code weights}).
 *
 * @param location  {@code s3://bucket/tenants/{tenantId}/{path}}: the object the URL writes
 * @param url       presigned URL: {@code curl -X PUT --upload-file FILE "$url"}; it needs no API key
 * @param method    {@code PUT}
 * @param expiresAt when the URL stops working
 * @param maxBytes  the largest file the platform accepts from there (an import of a larger one is refused)
 */
public record UploadResponse(String location, String url, String method, Instant expiresAt, long maxBytes) {
}
