package dev.diffusion.worker.storage;

/**
 * One entry of a listing.
 *
 * @param key       object key
 * @param sizeBytes size in bytes
 * @param etag      the server's entity tag (changes when the object is replaced)
 */
public record ObjectSummary(String key, long sizeBytes, String etag) {

    /** The last path segment of the key. */
    public String fileName() {
        int slash = key.lastIndexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }
}
