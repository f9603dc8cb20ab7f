package dev.diffusion.common.messaging;

/**
 * Why an attempt failed.
 *
 * @param code      a stable upper-case code; workers use {@code INVALID_SPEC}, {@code DATASET_NOT_FOUND},
 *                  {@code MODEL_NOT_FOUND}, {@code STORAGE_ERROR}, {@code OUT_OF_MEMORY}, {@code INTERNAL};
 *                  the api adds {@code HEARTBEAT_TIMEOUT} and {@code PROTOCOL_ERROR}
 * @param message   readable explanation for the user
 * @param retryable true when another attempt may succeed (transient: storage hiccup, worker shutdown);
 *                  false for permanent errors (bad data set, unknown model, invalid spec), which fail
 *                  the job at once
 */
public record JobError(String code, String message, boolean retryable) {

    public JobError {
        Checks.notBlank(code, "error.code");
        Checks.notBlank(message, "error.message");
    }
}
