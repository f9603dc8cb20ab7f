package dev.diffusion.worker.storage;

/**
 * An object-storage operation failed. {@link #kind()} tells a missing object or a refused request (which
 * another try will not fix) from an unreachable or failing server (which it may).
 */
public class StorageException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What went wrong. */
    public enum Kind {
        /** The bucket or object does not exist. Permanent. */
        NOT_FOUND,
        /** The server refused the credentials or the request (403, other 4xx). Permanent. */
        REFUSED,
        /** The object's bytes do not match the SHA-256 stored with it. Permanent. */
        CORRUPT,
        /** Connection failure, timeout or a 5xx answer. Transient. */
        UNAVAILABLE
    }

    private final Kind kind;

    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    /** Whether another try later may succeed. */
    public boolean isTransient() {
        return kind == Kind.UNAVAILABLE;
    }
}
