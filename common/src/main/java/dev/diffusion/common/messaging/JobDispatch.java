package dev.diffusion.common.messaging;

import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.ImportSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.DatasetScope;
import java.time.Instant;
import java.util.UUID;

/**
 * "Run this attempt of this job": published by the api on {@link Topics#JOBS}, key = job id.
 *
 * <p>Exactly one of {@code training} / {@code generation} / {@code evaluation} / {@code modelImport} is present
 * and it matches {@code type}:
 * <pre>
 * {"jobId":"…","type":"TRAINING","attempt":2,
 *  "training":{"spec":{…},"model":{"modelId":"…","bucket":"diffusion-models","key":"models/…/model.ckpt"},
 *              "resumeFrom":{"bucket":"diffusion-models","key":"checkpoints/…/step-500.ckpt","step":500}},
 *  "dispatchedAt":"2026-11-23T10:15:30.123456Z"}
 * {"jobId":"…","type":"GENERATION","attempt":1,
 *  "generation":{"spec":{…},"model":{…}},"dispatchedAt":"…"}
 * {"jobId":"…","type":"EVALUATION","attempt":1,
 *  "evaluation":{"spec":{…},"model":{…}},"dispatchedAt":"…"}
 * {"jobId":"…","type":"IMPORT","attempt":1,
 *  "modelImport":{"spec":{"weights":"s3://diffusion-datasets/tenants/…/my.safetensors",…},
 *                 "model":{"modelId":"…","bucket":"diffusion-models","key":"models/…/model.ckpt"},
 *                 "maxBytes":536870912},"dispatchedAt":"…"}
 * </pre>
 *
 * <p>Delivery is at least once: a worker may see the same (jobId, attempt) twice and must run it at
 * most once at a time. A dispatch whose attempt is lower than one the worker already saw for the job,
 * or for a job cancelled on {@link Topics#JOB_CONTROL}, is skipped. The api ignores events of any
 * attempt but the job's current one and answers a STARTED of a stale attempt with a CANCEL of it.
 *
 * @param jobId        the job
 * @param type         which payload is present
 * @param attempt      1 for the first run; every re-queue adds 1
 * @param training     the work for a {@link JobType#TRAINING} job, else null
 * @param generation   the work for a {@link JobType#GENERATION} job, else null
 * @param evaluation   the work for a {@link JobType#EVALUATION} job, else null
 * @param modelImport  the work for an {@link JobType#IMPORT} job, else null
 * @param dispatchedAt when the api created this dispatch (it may reach Kafka later if Kafka was down)
 */
public record JobDispatch(
        UUID jobId,
        JobType type,
        int attempt,
        TrainingTask training,
        GenerationTask generation,
        EvaluationTask evaluation,
        ImportTask modelImport,
        Instant dispatchedAt) {

    public JobDispatch {
        Checks.notNull(jobId, "jobId");
        Checks.notNull(type, "type");
        Checks.check(attempt >= 1, "attempt must be at least 1 (was " + attempt + ")");
        Checks.notNull(dispatchedAt, "dispatchedAt");
        int payloads = (training != null ? 1 : 0) + (generation != null ? 1 : 0) + (evaluation != null ? 1 : 0)
                + (modelImport != null ? 1 : 0);
        Checks.check(payloads == 1,
                "a dispatch carries exactly one of 'training', 'generation', 'evaluation' and 'modelImport'");
        Checks.check(type != JobType.TRAINING || training != null, "a TRAINING dispatch carries 'training'");
        Checks.check(type != JobType.GENERATION || generation != null, "a GENERATION dispatch carries 'generation'");
        Checks.check(type != JobType.EVALUATION || evaluation != null, "an EVALUATION dispatch carries 'evaluation'");
        Checks.check(type != JobType.IMPORT || modelImport != null, "an IMPORT dispatch carries 'modelImport'");
    }

    /** A training dispatch; {@code resumeFrom} may be null. */
    public static JobDispatch training(UUID jobId, int attempt, TrainingSpec spec, ModelRef output,
                                       CheckpointRef resumeFrom, DatasetScope datasetScope, Instant dispatchedAt) {
        return new JobDispatch(jobId, JobType.TRAINING, attempt,
                new TrainingTask(spec, output, resumeFrom, datasetScope), null, null, null, dispatchedAt);
    }

    /** A generation dispatch. */
    public static JobDispatch generation(UUID jobId, int attempt, GenerationSpec spec, ModelRef model,
                                         Instant dispatchedAt) {
        return new JobDispatch(jobId, JobType.GENERATION, attempt, null, new GenerationTask(spec, model),
                null, null, dispatchedAt);
    }

    /** An evaluation dispatch. */
    public static JobDispatch evaluation(UUID jobId, int attempt, EvaluationSpec spec, ModelRef model,
                                         DatasetScope datasetScope, Instant dispatchedAt) {
        return new JobDispatch(jobId, JobType.EVALUATION, attempt, null, null,
                new EvaluationTask(spec, model, datasetScope), null, dispatchedAt);
    }

    /** An import dispatch: {@code output} is where the model goes and the id it will be registered under. */
    public static JobDispatch modelImport(UUID jobId, int attempt, ImportSpec spec, ModelRef output, long maxBytes,
                                          Instant dispatchedAt) {
        return new JobDispatch(jobId, JobType.IMPORT, attempt, null, null, null, new ImportTask(spec, output, maxBytes),
                dispatchedAt);
    }
}
