package dev.diffusion.api.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestWorker;
import dev.diffusion.common.messaging.Progress;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** {@code GET /jobs/{id}/metrics}: the metrics of applied progress events by step, bounded, the tenant's own. */
@QuarkusTest
class MetricSeriesTest {

    @Inject
    MinioClient s3;

    private static JsonPath series(UUID id) {
        return given().when().get("/api/v1/jobs/" + id + "/metrics").then().statusCode(200).extract().jsonPath();
    }

    private static void awaitPoints(UUID id, int count) {
        Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> series(id).getList("points").size() == count);
    }

    @Test
    void progress_events_become_points_by_step_with_their_metrics() {
        UUID id = Api.submitTraining("{\"dataset\":\"shapes\",\"steps\":20,\"seed\":1}");
        TestWorker.Run run = Scenarios.running(id, 1, new TestWorker("worker-series", s3));
        assertThat(series(id).getList("points")).isEmpty();

        run.send(run.events().progress(new Progress(5, 20, "training", 1.5),
                Map.of("loss", 0.5, "lr", 0.001, "gradNorm", 2.0)));
        run.heartbeat();
        run.send(run.events().progress(new Progress(10, 20, "training", 1.0),
                Map.of("loss", 0.25, "lr", 0.0005, "gradNorm", 1.0)));
        awaitPoints(id, 2);

        JsonPath body = series(id);
        assertThat(body.getString("jobId")).isEqualTo(id.toString());
        assertThat(body.getList("points.step", Integer.class)).containsExactly(5, 10);
        assertThat(body.getList("points.attempt", Integer.class)).containsExactly(1, 1);
        assertThat(body.getList("points.metrics.loss", Float.class)).containsExactly(0.5f, 0.25f);
        assertThat(body.getList("points.metrics.lr", Float.class)).containsExactly(0.001f, 0.0005f);
        assertThat(body.getList("points.metrics.gradNorm", Float.class)).containsExactly(2.0f, 1.0f);
        assertThat(body.getList("points.recordedAt")).doesNotContainNull();
    }

    @Test
    void a_long_run_keeps_one_point_per_range_of_steps_the_latest_event_in_it() {
        UUID id = Api.submitTraining("{\"dataset\":\"shapes\",\"steps\":5000,\"seed\":1}");
        TestWorker.Run run = Scenarios.running(id, 1, new TestWorker("worker-series-long", s3));

        // 5000 steps in at most 1000 points: ranges of 5 steps, [0, 5), [5, 10), …
        for (int step : List.of(1, 3, 4, 5, 9)) {
            run.progress(step, 5000, 1.0 / step);
        }
        run.progress(11, 5000, 0.01);
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Api.getJob(id).extract()
                .<Integer>path("progress.step") == 11);

        assertThat(series(id).getList("points.step", Integer.class)).containsExactly(4, 9, 11);
    }

    @Test
    void another_tenants_job_is_404_as_an_unknown_one() {
        UUID id = Api.submitTraining();
        TestKeys.TenantKey other = TestKeys.newTenant("series-b", "member");

        given().auth().oauth2(other.key()).when().get("/api/v1/jobs/" + id + "/metrics").then().statusCode(404)
                .contentType(Api.PROBLEM_JSON).body("type", equalTo("urn:diffusion:problem:not-found"));
        given().when().get("/api/v1/jobs/" + UUID.randomUUID() + "/metrics").then().statusCode(404);
        given().when().get("/api/v1/jobs/" + id + "/metrics").then().statusCode(200);
    }
}
