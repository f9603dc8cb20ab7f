package dev.diffusion.common.messaging;

import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.storage.DatasetScope;

/**
 * The evaluation half of a {@link JobDispatch}. The worker rebuilds the network from the model file and finds
 * the model's data set (for the evaluator and the real reference images) in the training spec the file keeps.
 *
 * @param spec  the effective spec (every default filled, the sweep expanded, validated against the model)
 * @param model the model to evaluate
 * @param datasetScope where the job may read the model's {@code s3://} data set from, as for training
 */
public record EvaluationTask(EvaluationSpec spec, ModelRef model, DatasetScope datasetScope) {

    public EvaluationTask {
        Checks.notNull(spec, "evaluation.spec");
        Checks.notNull(model, "evaluation.model");
    }
}
