package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.JobError;
import dev.diffusion.worker.storage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.kafka.common.KafkaException;

/**
 * Turns whatever ended a run into the {@link JobError} of its FAILED event: permanent (retryable = false)
 * for problems of the job itself — invalid spec, bad or missing data set or model, storage refusing the
 * request — and transient (retryable = true) for I/O trouble that another attempt may not meet.
 */
public final class FailureClassifier {

    private static final int MAX_MESSAGE = 2000;

    private FailureClassifier() {
    }

    public static JobError classify(Throwable failure) {
        Throwable t = unwrap(failure);
        if (t instanceof JobFailure job) {
            return error(job.code(), job.getMessage(), job.retryable());
        }
        if (t instanceof StorageException storage) {
            return error(JobFailure.STORAGE_ERROR, storage.getMessage(), storage.isTransient());
        }
        if (t instanceof OutOfMemoryError) {
            return error(JobFailure.OUT_OF_MEMORY, "the worker ran out of memory (" + t.getMessage()
                    + "): use a smaller batch, model or image size", false);
        }
        if (t instanceof IllegalArgumentException) {
            return error(JobFailure.INVALID_SPEC, t.getMessage(), false);
        }
        if (t instanceof IOException || t instanceof UncheckedIOException || t instanceof KafkaException) {
            return error(JobFailure.INTERNAL, "I/O failure on the worker: " + describe(t), true);
        }
        return error(JobFailure.INTERNAL, "unexpected " + describe(t), true);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable t = failure;
        while ((t instanceof java.util.concurrent.ExecutionException
                || t instanceof java.util.concurrent.CompletionException) && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static JobError error(String code, String message, boolean retryable) {
        String text = message == null || message.isBlank() ? code : message;
        if (text.length() > MAX_MESSAGE) {
            text = text.substring(0, MAX_MESSAGE) + "…";
        }
        return new JobError(code, text, retryable);
    }

    private static String describe(Throwable t) {
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName()
                : t.getClass().getSimpleName() + ": " + message;
    }
}
