package dev.diffusion.worker.storage;

/**
 * An object as uploaded or downloaded.
 *
 * @param bucket      bucket
 * @param key         object key
 * @param contentType MIME type it is stored with
 * @param sizeBytes   size in bytes
 * @param sha256      lower-case hex SHA-256 of its bytes
 */
public record StoredObject(String bucket, String key, String contentType, long sizeBytes, String sha256) {

    /** {@code s3://bucket/key}, for messages. */
    public String uri() {
        return ObjectStore.uri(bucket, key);
    }
}
