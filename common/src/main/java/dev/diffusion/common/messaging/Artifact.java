package dev.diffusion.common.messaging;

import java.util.regex.Pattern;

/**
 * A file a worker uploaded to object storage before reporting it.
 *
 * @param name        file name, unique within the job, e.g. {@code grid.png}, {@code denoise.gif},
 *                    {@code preview-step-500.png}, {@code model.ckpt}
 * @param bucket      bucket holding it (see {@link dev.diffusion.common.storage.ObjectKeys})
 * @param key         object key (see {@link dev.diffusion.common.storage.ObjectKeys})
 * @param contentType MIME type the object was stored with, e.g. {@code image/png}
 * @param sizeBytes   object size in bytes
 * @param sha256      lower-case hex SHA-256 of the object's bytes
 */
public record Artifact(String name, String bucket, String key, String contentType, long sizeBytes, String sha256) {

    private static final Pattern SHA256 = Pattern.compile("[0-9a-f]{64}");

    public Artifact {
        Checks.notBlank(name, "artifact.name");
        Checks.notBlank(bucket, "artifact.bucket");
        Checks.notBlank(key, "artifact.key");
        Checks.notBlank(contentType, "artifact.contentType");
        Checks.check(sizeBytes >= 0, "artifact.sizeBytes must not be negative (was " + sizeBytes + ")");
        Checks.check(sha256 != null && SHA256.matcher(sha256).matches(),
                "artifact.sha256 must be 64 lower-case hex digits (was " + sha256 + ")");
    }
}
