package dev.diffusion.worker.testing;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.messaging.JobControl;
import dev.diffusion.common.messaging.ControlCommand;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.DatasetScope;
import dev.diffusion.common.storage.ObjectKeys;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Dispatches as the api would publish them, with tiny models so that jobs take seconds. */
public final class TestJobs {

    private TestJobs() {
    }

    /**
     * A ContextUnet with 8 features on 16×16 shapes (4 classes), 50 noise steps, batch 8: a step takes
     * milliseconds. It keeps an EMA, which the defaults do not, so that the jobs' tests cover its checkpoints, resume
     * and export.
     */
    public static TrainingSpec tinyShapes(int steps, int checkpointEvery, int previewEvery) {
        return trainingSpec("""
                {"dataset":"shapes","model":{"architecture":"context-unet","baseChannels":8,"numClasses":4},
                 "schedule":{"timesteps":50},"batchSize":8,"steps":%d,"checkpointEvery":%d,"previewEvery":%d,
                 "seed":7,"ema":{"decay":0.995}}""".formatted(steps, checkpointEvery, previewEvery));
    }

    /** An effective training spec (defaults filled) from JSON. */
    public static TrainingSpec trainingSpec(String json) {
        try {
            return JsonMapper.shared().readValue(json, TrainingSpec.class).withDefaults();
        } catch (IOException e) {
            throw new IllegalArgumentException("bad test spec: " + json, e);
        }
    }

    /** An effective generation spec for a model of {@code timesteps} from JSON. */
    public static GenerationSpec generationSpec(String json, int timesteps) {
        try {
            return JsonMapper.shared().readValue(json, GenerationSpec.class).withDefaults(timesteps);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad test spec: " + json, e);
        }
    }

    /** The tenant of every test dispatch. */
    public static final UUID TENANT = UUID.fromString("00000000-0000-0000-0000-0000000000aa");
    /** The data-set scope the api would give {@link #TENANT}: its area and the built-in data sets. */
    public static final DatasetScope SCOPE = DatasetScope.of(ObjectKeys.DATASETS_BUCKET, ObjectKeys.tenantArea(TENANT),
            List.of());

    /** {@code s3://diffusion-datasets/tenants/{TENANT}/{name}/}: where a test's own data set goes. */
    public static String datasetInTenantArea(String name) {
        return "s3://" + ObjectKeys.DATASETS_BUCKET + "/" + ObjectKeys.tenantArea(TENANT) + name + "/";
    }

    public static JobDispatch training(UUID jobId, int attempt, TrainingSpec spec, CheckpointRef resumeFrom) {
        return JobDispatch.training(jobId, attempt, spec, modelOf(jobId), resumeFrom, SCOPE, Instant.now());
    }

    /** Where the model of a training job goes: the model id is derived from the job id. */
    public static ModelRef modelOf(UUID trainingJob) {
        UUID modelId = UUID.nameUUIDFromBytes(("model-" + trainingJob).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return new ModelRef(modelId, ObjectKeys.MODELS_BUCKET, ObjectKeys.model(modelId));
    }

    /** An effective evaluation spec (defaults filled, sweep expanded) from JSON. */
    public static EvaluationSpec evaluationSpec(String json, int timesteps, int numClasses) {
        try {
            return JsonMapper.shared().readValue(json, EvaluationSpec.class).withDefaults(timesteps, numClasses);
        } catch (IOException e) {
            throw new IllegalArgumentException("bad test spec: " + json, e);
        }
    }

    public static JobDispatch evaluation(UUID jobId, ModelRef model, EvaluationSpec spec) {
        return JobDispatch.evaluation(jobId, 1, spec, model, SCOPE, Instant.now());
    }

    public static JobDispatch generation(UUID jobId, ModelRef model, GenerationSpec spec) {
        return JobDispatch.generation(jobId, 1, spec, model, Instant.now());
    }

    public static JobControl cancel(UUID jobId, int attempt) {
        return new JobControl(jobId, ControlCommand.CANCEL, attempt, "user request", Instant.now());
    }
}
