package dev.diffusion.api.model;

import static dev.diffusion.api.testing.Api.awaitStatus;
import static dev.diffusion.api.testing.Api.getJob;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.KafkaTestClient;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestClock;
import dev.diffusion.api.testing.TestWorker;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.Progress;
import dev.diffusion.common.storage.ObjectKeys;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Evaluation jobs driven by worker events; a model shows its newest succeeded evaluation. */
@QuarkusTest
class ModelEvaluationTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Map<String, Double> SCORES = Map.of("accuracy", 0.91, "frechetDistance", 12.5,
            "imagesPerSecond", 310.0, "evaluatorAccuracy", 0.985, "samplers", 1.0);

    @Inject
    MinioClient s3;

    @Inject
    TestClock clock;

    private static ValidatableResponse getModel(UUID id) {
        return given().when().get("/api/v1/models/" + id).then().statusCode(200);
    }

    private static UUID submit(UUID model, String rest) {
        return UUID.fromString(Api.postEvaluation("{\"modelId\":\"" + model + "\"" + rest + "}").statusCode(202)
                .extract().path("id"));
    }

    /** Runs an evaluation's attempt 1 through the worker's phases to SUCCEEDED with the report files. */
    private static void succeed(UUID id, TestWorker worker, byte[] report, Map<String, Double> metrics) {
        TestWorker.Run run = Scenarios.running(id, 1, worker);
        run.send(run.events().progress(new Progress(0, 3, "training-evaluator", null), Map.of()));
        run.send(run.events().progress(new Progress(1, 3, "sampling", 4.0), Map.of()));
        run.send(run.events().progress(new Progress(2, 3, "scoring", 1.0), Map.of()));
        run.succeed(List.of(run.artifact(ObjectKeys.EVALUATION_JSON, report, "application/json"),
                run.artifact(ObjectKeys.EVALUATION_MARKDOWN, "| sampler |".getBytes(), "text/markdown"),
                run.artifact(ObjectKeys.EVALUATION_CHART, "png".getBytes(), "image/png"),
                run.artifact("grid-ddim-40.png", "grid".getBytes(), "image/png")), metrics);
        awaitStatus(id, "SUCCEEDED");
    }

    private static byte[] download(String url) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).as("GET " + url).isEqualTo(200);
        return response.body();
    }

    @Test
    void a_succeeded_evaluation_becomes_the_models_latest_with_its_metrics_and_report() throws Exception {
        TestWorker worker = new TestWorker("evaluation-worker", s3);
        UUID model = Scenarios.trainedModel(worker, 40, 10);
        getModel(model).body("latestEvaluation", nullValue());

        UUID first = submit(model, "");
        byte[] firstReport = "{\"samplers\":[{\"label\":\"ddim-40 s=1.0\"}]}".getBytes();
        succeed(first, worker, firstReport, SCORES);

        getJob(first).body("progress.phase", equalTo("done"))
                .body("metrics.frechetDistance", equalTo(12.5f))
                .body("artifacts.name", org.hamcrest.Matchers.contains("evaluation.json", "evaluation.md",
                        "evaluation.png", "grid-ddim-40.png"));
        var shown = getModel(model)
                .body("latestEvaluation.jobId", equalTo(first.toString()))
                .body("latestEvaluation.finishedAt", equalTo(getJob(first).extract().path("finishedAt")))
                .body("latestEvaluation.samplers", equalTo(1))
                .body("latestEvaluation.metrics.accuracy", equalTo(0.91f))
                .body("latestEvaluation.metrics.frechetDistance", equalTo(12.5f))
                .body("latestEvaluation.metrics.imagesPerSecond", equalTo(310.0f))
                .body("latestEvaluation.metrics.evaluatorAccuracy", equalTo(0.985f))
                .body("latestEvaluation.report.name", equalTo("evaluation.json"))
                .body("latestEvaluation.report.contentType", equalTo("application/json"))
                .body("latestEvaluation.report.sizeBytes", equalTo(firstReport.length))
                .body("latestEvaluation.report.sha256", equalTo(TestWorker.sha256(firstReport)))
                .extract();
        assertThat(download(shown.path("latestEvaluation.report.url"))).isEqualTo(firstReport);
        assertThat(Api.history(first)).containsSubsequence("STARTED:APPLIED", "PROGRESS:APPLIED", "SUCCEEDED:APPLIED");

        UUID failed = submit(model, ",\"sweep\":true");
        Scenarios.running(failed, 1, worker).fail("EVALUATOR_FAILED", "evaluator did not converge", false);
        awaitStatus(failed, "FAILED");
        UUID cancelled = submit(model, "");
        given().when().post("/api/v1/jobs/" + cancelled + "/cancel").then().statusCode(200);
        getModel(model).body("latestEvaluation.jobId", equalTo(first.toString()));

        UUID sweep = submit(model, ",\"sweep\":true");
        byte[] sweepReport = "{\"samplers\":[]}".getBytes();
        succeed(sweep, worker, sweepReport, Map.of("accuracy", 0.8, "frechetDistance", 20.0, "samplers", 12.0));

        var latest = getModel(model).body("latestEvaluation.jobId", equalTo(sweep.toString()))
                .body("latestEvaluation.samplers", equalTo(12))
                .body("latestEvaluation.metrics.accuracy", equalTo(0.8f))
                .extract();
        assertThat(download(latest.path("latestEvaluation.report.url"))).isEqualTo(sweepReport);
        List<Map<String, Object>> listed = given().queryParam("limit", 100).when().get("/api/v1/models").then()
                .statusCode(200).extract().path("items.findAll { it.id == '" + model + "' }.latestEvaluation");
        assertThat(listed).singleElement().satisfies(e -> assertThat(e).containsEntry("jobId", sweep.toString()));
    }

    @Test
    void an_unconditional_models_evaluation_without_a_report_shows_no_link_and_other_models_stay_unevaluated() {
        TestWorker worker = new TestWorker("evaluation-worker-2", s3);
        UUID model = Scenarios.trainedModel(worker, 40, 0);
        UUID other = Scenarios.trainedModel(worker, 40, 0);
        UUID id = submit(model, ",\"imagesPerClass\":2");
        TestWorker.Run run = Scenarios.running(id, 1, worker);

        run.succeed(List.of(), Map.of("frechetDistance", 30.0, "imagesPerSecond", 50.0, "samplers", 1.0));
        awaitStatus(id, "SUCCEEDED");

        getModel(model).body("latestEvaluation.jobId", equalTo(id.toString()))
                .body("latestEvaluation.metrics.accuracy", nullValue())
                .body("latestEvaluation.metrics.frechetDistance", equalTo(30.0f))
                .body("latestEvaluation.report", nullValue());
        getModel(other).body("latestEvaluation", nullValue());
    }

    @Test
    void an_evaluation_is_retried_after_a_transient_failure_and_its_event_stream_ends_with_the_final_status() {
        TestWorker worker = new TestWorker("evaluation-worker-3", s3);
        UUID model = Scenarios.trainedModel(worker, 40, 10);
        UUID id = submit(model, ",\"sweep\":true");
        JobDispatch first = KafkaTestClient.get().awaitDispatch(id, 1);
        Scenarios.running(id, 1, worker).fail("WORKER_LOST_GPU", "device lost", true);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> getJob(id).extract().path("retryAt") != null);
        getJob(id).body("status", equalTo("QUEUED")).body("attempt", equalTo(2));

        clock.advance(Duration.ofSeconds(21));
        JobDispatch second = KafkaTestClient.get().awaitDispatch(id, 2);

        assertThat(second.evaluation()).isEqualTo(first.evaluation());
        given().when().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200).body("status", equalTo("CANCELLED"));
        String stream = given().accept("text/event-stream").when().get("/api/v1/jobs/" + id + "/events").then()
                .statusCode(200).extract().asString();
        assertThat(stream).contains("event:status").contains("\"status\":\"CANCELLED\"").contains("\"attempt\":2");
    }
}
