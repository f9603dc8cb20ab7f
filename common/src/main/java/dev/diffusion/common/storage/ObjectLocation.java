package dev.diffusion.common.storage;

/**
 * A bucket and a key (or key prefix).
 *
 * @param bucket bucket name
 * @param key    object key or prefix, without a leading slash
 */
public record ObjectLocation(String bucket, String key) {

    /** {@code s3://bucket/key}. */
    public String uri() {
        return "s3://" + bucket + "/" + key;
    }
}
