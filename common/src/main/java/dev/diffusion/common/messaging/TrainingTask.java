package dev.diffusion.common.messaging;

import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.DatasetScope;

/**
 * The training half of a {@link JobDispatch}.
 *
 * @param spec       the effective spec (every default filled, seed fixed at submission)
 * @param model      where to upload the final model and the id it will be registered under
 * @param resumeFrom the last checkpoint of an earlier attempt: load it and continue at its step
 *                   (same seed, same schedule); null starts from scratch
 * @param datasetScope where the job may read an {@code s3://} data set from (the tenant's areas at dispatch time);
 *                     null, from a dispatcher that did not send one, allows only the built-in data sets
 */
public record TrainingTask(TrainingSpec spec, ModelRef model, CheckpointRef resumeFrom, DatasetScope datasetScope) {

    public TrainingTask {
        Checks.notNull(spec, "training.spec");
        Checks.notNull(model, "training.model");
    }
}
