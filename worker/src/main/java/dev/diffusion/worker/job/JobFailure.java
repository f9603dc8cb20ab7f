package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.JobError;

/**
 * A job cannot go on, with the code and readable reason reported in its FAILED event and whether another
 * attempt could succeed.
 */
public class JobFailure extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public static final String INVALID_SPEC = "INVALID_SPEC";
    public static final String DATASET_NOT_FOUND = "DATASET_NOT_FOUND";
    /** A data set that exists but cannot be used: corrupt, empty, mismatched files. */
    public static final String INVALID_DATASET = "INVALID_DATASET";
    public static final String MODEL_NOT_FOUND = "MODEL_NOT_FOUND";
    /** A model file that exists but cannot be loaded. */
    public static final String INVALID_MODEL = "INVALID_MODEL";
    /** The weights file of an import job does not exist. */
    public static final String WEIGHTS_NOT_FOUND = "WEIGHTS_NOT_FOUND";
    /** The weights file of an import job is larger than the dispatch allows. */
    public static final String WEIGHTS_TOO_LARGE = "WEIGHTS_TOO_LARGE";
    /**
     * The weights file of an import job cannot be used: not a state dict of the given format, truncated, or tensors
     * missing, unexpected, mis-shaped or not finite.
     */
    public static final String INVALID_WEIGHTS = "INVALID_WEIGHTS";
    /** The loss became NaN or infinite. */
    public static final String TRAINING_DIVERGED = "TRAINING_DIVERGED";
    public static final String STORAGE_ERROR = "STORAGE_ERROR";
    public static final String OUT_OF_MEMORY = "OUT_OF_MEMORY";
    public static final String INTERNAL = "INTERNAL";

    private final String code;
    private final boolean retryable;

    public JobFailure(String code, String message, boolean retryable, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.retryable = retryable;
    }

    /** A permanent failure: the same dispatch would fail again. */
    public static JobFailure permanent(String code, String message) {
        return new JobFailure(code, message, false, null);
    }

    public static JobFailure permanent(String code, String message, Throwable cause) {
        return new JobFailure(code, message, false, cause);
    }

    public String code() {
        return code;
    }

    public boolean retryable() {
        return retryable;
    }

    public JobError toError() {
        return new JobError(code, getMessage(), retryable);
    }
}
