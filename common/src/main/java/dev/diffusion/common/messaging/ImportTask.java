package dev.diffusion.common.messaging;

import dev.diffusion.common.spec.ImportSpec;

/**
 * The import half of a {@link JobDispatch}: load the state dict at {@code spec.weights} into the network the spec
 * describes and, when every tensor fits, upload the model where {@code model} says.
 *
 * @param spec     the effective spec
 * @param model    where to upload the model file and the id it will be registered under
 * @param maxBytes the largest weights file to accept; the worker checks the object's size before downloading it
 */
public record ImportTask(ImportSpec spec, ModelRef model, long maxBytes) {

    public ImportTask {
        Checks.notNull(spec, "modelImport.spec");
        Checks.notNull(model, "modelImport.model");
        Checks.notBlank(spec.weights(), "modelImport.spec.weights");
        Checks.check(maxBytes > 0, "modelImport.maxBytes must be positive (was " + maxBytes + ")");
    }
}
