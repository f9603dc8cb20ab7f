package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.messaging.JobError;
import dev.diffusion.worker.storage.StorageException;
import java.io.IOException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {

    @Test
    void aJobFailureKeepsItsCodeMessageAndRetryability() {
        JobError error = FailureClassifier.classify(JobFailure.permanent(JobFailure.DATASET_NOT_FOUND, "no mnist"));

        assertThat(error).isEqualTo(new JobError(JobFailure.DATASET_NOT_FOUND, "no mnist", false));
    }

    @Test
    void anUnreachableStorageIsARetryableStorageError() {
        JobError error = FailureClassifier.classify(new StorageException(StorageException.Kind.UNAVAILABLE, "down", null));

        assertThat(error).isEqualTo(new JobError(JobFailure.STORAGE_ERROR, "down", true));
    }

    @Test
    void aRefusedStorageRequestIsPermanent() {
        JobError error = FailureClassifier.classify(new StorageException(StorageException.Kind.REFUSED, "403", null));

        assertThat(error.retryable()).isFalse();
    }

    @Test
    void anEngineArgumentErrorIsAnInvalidSpecWithTheEnginesMessage() {
        JobError error = FailureClassifier.classify(new IllegalArgumentException("imageSize must be divisible by 4"));

        assertThat(error).isEqualTo(new JobError(JobFailure.INVALID_SPEC, "imageSize must be divisible by 4", false));
    }

    @Test
    void runningOutOfMemoryIsPermanentAndSuggestsSmallerSettings() {
        JobError error = FailureClassifier.classify(new OutOfMemoryError("Java heap space"));

        assertThat(error.code()).isEqualTo(JobFailure.OUT_OF_MEMORY);
        assertThat(error.retryable()).isFalse();
        assertThat(error.message()).contains("smaller batch");
    }

    @Test
    void localIoTroubleIsRetryableAndWrappersAreLookedThrough() {
        JobError error = FailureClassifier.classify(new ExecutionException(new IOException("disk full")));

        assertThat(error.code()).isEqualTo(JobFailure.INTERNAL);
        assertThat(error.retryable()).isTrue();
        assertThat(error.message()).contains("IOException: disk full");
    }
}
