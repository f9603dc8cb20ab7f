package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.worker.testing.TestJobs;

import io.quarkus.test.junit.QuarkusTest;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;

/**
 * Evaluation dispatches through real Kafka and S3: a tiny conditional model on {@code shapes} scored for two
 * samplers; the evaluator is stored in the models bucket and the next evaluation gives the same scores.
 */
@QuarkusTest
class EvaluationJobsTest extends JobServiceTestBase {

    private static final Duration TIMEOUT = Duration.ofSeconds(180);
    private static final TrainingSpec SPEC = TestJobs.tinyShapes(4, 4, 0);

    @Test
    void anEvaluationScoresEverySamplerAndUploadsTheReport() throws Exception {
        ModelRef model = trainModel();
        EvaluationSpec spec = TestJobs.evaluationSpec("""
                {"modelId":"%s","imagesPerClass":3,"referenceImages":100,"seed":5,
                 "samplers":[{"sampler":"ddim","steps":4},{"sampler":"ddim","steps":8,"guidanceScale":2}]}"""
                .formatted(model.modelId()), SPEC.schedule().timesteps(), 4);
        UUID job = UUID.randomUUID();

        topics.dispatch(TestJobs.evaluation(job, model, spec));

        JobEvent end = topics.awaitEnd(job, 1, TIMEOUT);
        assertThat(end.kind()).as("final event %s", end).isEqualTo(EventKind.SUCCEEDED);
        assertThat(end.artifacts()).extracting(Artifact::name).containsExactlyInAnyOrder(
                "samples-0.png", "samples-1.png", ObjectKeys.EVALUATION_JSON, ObjectKeys.EVALUATION_MARKDOWN,
                ObjectKeys.EVALUATION_CHART);
        assertThat(end.metrics()).containsKeys("accuracy", "frechetDistance", "imagesPerSecond", "evaluatorAccuracy")
                .containsEntry("samplers", 2.0);
        assertThat(end.metrics().get("accuracy")).isBetween(0.0, 1.0);
        assertThat(end.metrics().get("evaluatorAccuracy")).as("the evaluator tells shapes apart").isGreaterThan(0.8);
        assertThat(end.metrics().get("frechetDistance")).isPositive();

        Artifact json = end.artifacts().stream().filter(a -> a.name().equals(ObjectKeys.EVALUATION_JSON))
                .findFirst().orElseThrow();
        JsonNode report = JsonMapper.shared().readTree(store.readAllBytes(json.bucket(), json.key()));
        assertThat(report.get("rows")).hasSize(2);
        assertThat(report.at("/rows/0/images").asInt()).isEqualTo(12);
        assertThat(report.at("/rows/1/label").asText()).isEqualTo("ddim-8 s=2.0");
        assertThat(report.at("/rows/0/accuracyPerClass")).hasSize(4);
        assertThat(store.list(ObjectKeys.MODELS_BUCKET, "evaluators/")).hasSize(1);

        UUID again = UUID.randomUUID();
        topics.dispatch(TestJobs.evaluation(again, model, spec));
        JobEvent second = topics.awaitEnd(again, 1, TIMEOUT);
        assertThat(second.kind()).isEqualTo(EventKind.SUCCEEDED);
        assertThat(second.metrics()).as("same seeds, the stored evaluator, the same scores")
                .containsEntry("accuracy", end.metrics().get("accuracy"))
                .containsEntry("frechetDistance", end.metrics().get("frechetDistance"));
    }

    @Test
    void anEvaluationOfAModelThatIsNotThereFailsPermanently() {
        UUID modelId = UUID.randomUUID();
        ModelRef missing = new ModelRef(modelId, ObjectKeys.MODELS_BUCKET, ObjectKeys.model(modelId));
        UUID job = UUID.randomUUID();
        topics.dispatch(TestJobs.evaluation(job, missing, EvaluationSpec.of(modelId.toString()).withDefaults(50, 4)));
        JobEvent end = topics.awaitEnd(job, 1, TIMEOUT);
        assertThat(end.kind()).isEqualTo(EventKind.FAILED);
        assertThat(end.error().code()).isEqualTo(JobFailure.MODEL_NOT_FOUND);
        assertThat(end.error().retryable()).isFalse();
    }

    private ModelRef trainModel() {
        UUID job = UUID.randomUUID();
        topics.dispatch(TestJobs.training(job, 1, SPEC, null));
        JobEvent end = topics.awaitEnd(job, 1, TIMEOUT);
        assertThat(end.kind()).as("training %s", end).isEqualTo(EventKind.SUCCEEDED);
        return TestJobs.modelOf(job);
    }
}
