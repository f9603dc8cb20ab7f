package dev.diffusion.common.messaging;

import java.util.UUID;

/**
 * Where a model's weights live. In a training dispatch: where the worker must upload the final model
 * (and the id it will be registered under); in a generation dispatch: the model to load.
 *
 * @param modelId the model's id
 * @param bucket  bucket (normally {@link dev.diffusion.common.storage.ObjectKeys#MODELS_BUCKET})
 * @param key     object key, see {@link dev.diffusion.common.storage.ObjectKeys#model}
 */
public record ModelRef(UUID modelId, String bucket, String key) {

    public ModelRef {
        Checks.notNull(modelId, "model.modelId");
        Checks.notBlank(bucket, "model.bucket");
        Checks.notBlank(key, "model.key");
    }
}
