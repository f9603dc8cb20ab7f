package dev.diffusion.api.job;

import static dev.diffusion.api.testing.Api.awaitStatus;
import static dev.diffusion.api.testing.Api.getJob;
import static dev.diffusion.api.testing.Api.history;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.KafkaTestClient;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestWorker;
import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.messaging.DeadLetter;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.Progress;
import dev.diffusion.common.messaging.Topics;
import dev.diffusion.common.storage.ObjectKeys;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Worker events, produced to the real events topic, drive the job through the state machine. */
@QuarkusTest
class EventApplicationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    MinioClient s3;

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
        return response.body();
    }

    @Test
    void a_training_job_runs_reports_progress_and_registers_its_model_on_success() throws Exception {
        TestWorker worker = new TestWorker("worker-train", s3);
        UUID id = Api.submitTraining("{\"dataset\":\"shapes\",\"steps\":20,\"seed\":3}");
        TestWorker.Run run = Scenarios.running(id, 1, worker);
        getJob(id).body("startedAt", notNullValue()).body("progress.phase", equalTo("starting"));

        run.progress(5, 20, 0.5);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> getJob(id).extract().<Integer>path("progress.step") == 5);
        getJob(id).body("progress.totalSteps", equalTo(20)).body("progress.fraction", equalTo(0.25f))
                .body("progress.phase", equalTo("training")).body("metrics.loss", equalTo(0.5f));

        CheckpointRef checkpoint = run.checkpoint(10, 20);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> getJob(id).extract().path("checkpoint") != null);
        var withCheckpoint = getJob(id).body("checkpoint.step", equalTo(10))
                .body("checkpoint.uri", equalTo("s3://" + checkpoint.bucket() + "/" + checkpoint.key())).extract();
        assertThat(download(withCheckpoint.path("checkpoint.url"))).isEqualTo("checkpoint at 10".getBytes());
        byte[] preview = "preview png".getBytes();
        Artifact previewFile = run.artifact(ObjectKeys.previewName(10), preview, "image/png");
        byte[] model = "model weights".getBytes();
        run.succeedTraining(model, List.of(previewFile), Map.of("loss", 0.1));
        awaitStatus(id, "SUCCEEDED");

        var job = getJob(id).body("finishedAt", notNullValue()).body("metrics.loss", equalTo(0.1f))
                .body("progress.step", equalTo(20)).body("progress.phase", equalTo("done"))
                .body("artifacts.size()", equalTo(1))
                .body("artifacts[0].name", equalTo("preview-step-10.png"))
                .body("artifacts[0].contentType", equalTo("image/png"))
                .body("artifacts[0].sizeBytes", equalTo(preview.length))
                .body("artifacts[0].sha256", equalTo(TestWorker.sha256(preview)))
                .extract();
        assertThat(download(job.path("artifacts[0].url"))).isEqualTo(preview);
        String modelId = job.path("modelId");
        given().when().get("/api/v1/models/" + modelId).then().statusCode(200)
                .body("id", equalTo(modelId))
                .body("trainingJobId", equalTo(id.toString()))
                .body("trainedSteps", equalTo(20))
                .body("metrics.loss", equalTo(0.1f))
                .body("spec.dataset", equalTo("shapes"))
                .body("spec.seed", equalTo(3))
                .body("checkpoint.bucket", equalTo(ObjectKeys.MODELS_BUCKET))
                .body("checkpoint.key", equalTo("models/" + modelId + "/model.ckpt"))
                .body("checkpoint.uri", equalTo("s3://diffusion-models/models/" + modelId + "/model.ckpt"))
                .body("checkpoint.sha256", equalTo(TestWorker.sha256(model)));
        List<String> listed = given().queryParam("limit", 100).when().get("/api/v1/models").then().statusCode(200)
                .extract().path("items.id");
        assertThat(listed).contains(modelId);
    }

    @Test
    void a_generation_job_gets_the_model_location_and_its_grid_and_gif_download_through_presigned_urls() throws Exception {
        TestWorker worker = new TestWorker("worker-gen", s3);
        UUID modelId = Scenarios.trainedModel(worker, 40, 10);
        String body = "{\"modelId\":\"" + modelId + "\",\"sampler\":\"ddim\",\"steps\":10,\"numImages\":4,\"labels\":[3]}";
        UUID id = UUID.fromString(Api.postGeneration(body).statusCode(202)
                .body("type", equalTo("GENERATION")).body("modelId", equalTo(modelId.toString()))
                .body("spec.gridColumns", equalTo(2)).body("spec.eta", equalTo(0.0f))
                .extract().path("id"));

        JobDispatch dispatch = KafkaTestClient.get().awaitDispatch(id, 1);
        assertThat(dispatch.generation().model().modelId()).isEqualTo(modelId);
        assertThat(dispatch.generation().model().key()).isEqualTo(ObjectKeys.model(modelId));
        assertThat(dispatch.generation().spec().steps()).isEqualTo(10);
        assertThat(dispatch.generation().spec().labels()).containsExactly(3);

        TestWorker.Run run = worker.start(dispatch);
        byte[] grid = "png bytes".getBytes();
        byte[] gif = "gif bytes".getBytes();
        run.succeedGeneration(List.of(run.artifact(ObjectKeys.GRID, grid, "image/png"),
                run.artifact(ObjectKeys.DENOISE_GIF, gif, "image/gif")));
        awaitStatus(id, "SUCCEEDED");

        var job = getJob(id).body("artifacts.name", org.hamcrest.Matchers.contains("grid.png", "denoise.gif"))
                .body("artifacts.contentType", org.hamcrest.Matchers.contains("image/png", "image/gif")).extract();
        assertThat(download(job.path("artifacts[0].url"))).isEqualTo(grid);
        assertThat(download(job.path("artifacts[1].url"))).isEqualTo(gif);
    }

    @Test
    void duplicate_stale_foreign_and_late_events_are_recorded_but_change_nothing() {
        TestWorker worker = new TestWorker("worker-dup", s3);
        UUID id = Api.submitTraining();
        TestWorker.Run run = Scenarios.running(id, 1, worker);
        JobEvent progress = run.progress(4, 20, 0.4);
        run.send(progress);
        KafkaTestClient.get().publish(new JobEvent(id, 2, "worker-dup", 99, EventKind.PROGRESS,
                Instant.now(), new Progress(15, 20, "training", null), Map.of(), List.of(), null, null, null));
        KafkaTestClient.get().publish(new JobEvent(id, 1, "worker-other", 5, EventKind.PROGRESS,
                Instant.now(), new Progress(16, 20, "training", null), Map.of(), List.of(), null, null, null));
        run.succeedTraining("w".getBytes(), List.of(), Map.of());
        awaitStatus(id, "SUCCEEDED");
        run.progress(19, 20, 0.3);

        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> history(id).size() >= 8);
        assertThat(history(id)).containsExactly(
                "SUBMITTED:APPLIED",
                "STARTED:APPLIED",
                "PROGRESS:APPLIED",
                "PROGRESS:IGNORED_DUPLICATE",
                "PROGRESS:IGNORED_STALE_ATTEMPT",
                "PROGRESS:IGNORED_OTHER_WORKER",
                "SUCCEEDED:APPLIED",
                "PROGRESS:IGNORED_FINISHED");
        getJob(id).body("status", equalTo("SUCCEEDED")).body("progress.step", equalTo(20));
    }

    @Test
    void a_permanent_failure_fails_the_job_at_once_with_the_workers_reason() {
        UUID id = Api.submitTraining();
        TestWorker.Run run = Scenarios.running(id, 1, new TestWorker("worker-fail", s3));

        run.fail("DATASET_NOT_FOUND", "no objects under s3://diffusion-datasets/datasets/shapes/", false);

        awaitStatus(id, "FAILED");
        getJob(id).body("attempt", equalTo(1)).body("error.code", equalTo("DATASET_NOT_FOUND"))
                .body("error.message", equalTo("no objects under s3://diffusion-datasets/datasets/shapes/"))
                .body("finishedAt", notNullValue());
    }

    @Test
    void a_training_that_succeeds_without_ever_reporting_metrics_still_registers_its_model() {
        UUID id = Api.submitTraining("{\"dataset\":\"shapes\",\"steps\":20}");
        TestWorker.Run run = Scenarios.running(id, 1, new TestWorker("worker-quiet", s3));

        run.succeedTraining("weights".getBytes(), List.of(), Map.of());

        awaitStatus(id, "SUCCEEDED");
        String modelId = getJob(id).extract().path("modelId");
        given().when().get("/api/v1/models/" + modelId).then().statusCode(200).body("trainedSteps", equalTo(20));
    }

    @Test
    void a_training_success_without_the_model_file_is_a_protocol_error() {
        UUID id = Api.submitTraining();
        TestWorker.Run run = Scenarios.running(id, 1, new TestWorker("worker-sloppy", s3));

        run.send(run.events().succeeded(List.of(), Map.of()));

        awaitStatus(id, "FAILED");
        getJob(id).body("error.code", equalTo("PROTOCOL_ERROR"));
    }

    @Test
    void unreadable_events_and_events_of_unknown_jobs_go_to_the_dead_letter_topic() {
        String key = UUID.randomUUID().toString();
        KafkaTestClient.get().publishRaw(Topics.JOB_EVENTS, key, "{\"jobId\":\"" + key + "\",\"kind\":\"EXPLODED\"}");
        UUID unknown = UUID.randomUUID();
        KafkaTestClient.get().publish(new JobEvent(unknown, 1, "w", 0, EventKind.STARTED,
                Instant.now(), null, null, null, null, null, null));

        DeadLetter unreadable = KafkaTestClient.get().awaitDeadLetter(d -> key.equals(d.key()));
        DeadLetter orphan = KafkaTestClient.get().awaitDeadLetter(d -> unknown.toString().equals(d.key()));

        assertThat(unreadable.sourceTopic()).isEqualTo(Topics.JOB_EVENTS);
        assertThat(unreadable.payload()).contains("EXPLODED");
        assertThat(unreadable.reason()).contains("kind");
        assertThat(orphan.reason()).contains("unknown job");
        assertThat(orphan.consumer()).isEqualTo("diffusion-api");
    }
}
