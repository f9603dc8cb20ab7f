package dev.diffusion.common.messaging;

/**
 * A training checkpoint in object storage: written by the worker every {@code checkpointEvery} steps
 * (reported by a {@link EventKind#CHECKPOINT} event) and handed back in a re-dispatch as the resume point.
 *
 * @param bucket bucket (normally {@link dev.diffusion.common.storage.ObjectKeys#MODELS_BUCKET})
 * @param key    object key, see {@link dev.diffusion.common.storage.ObjectKeys#checkpoint}
 * @param step   optimizer steps completed when it was written; training resumes at {@code step}
 */
public record CheckpointRef(String bucket, String key, int step) {

    public CheckpointRef {
        Checks.notBlank(bucket, "checkpoint.bucket");
        Checks.notBlank(key, "checkpoint.key");
        Checks.check(step >= 0, "checkpoint.step must not be negative (was " + step + ")");
    }
}
