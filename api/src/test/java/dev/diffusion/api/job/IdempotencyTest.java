package dev.diffusion.api.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.KafkaTestClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IdempotencyTest {

    private static ExtractableResponse<Response> post(String path, String key, String body) {
        return given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post(path).then().extract();
    }

    @Test
    void the_same_key_and_body_return_the_original_job_without_a_second_one() {
        String key = "train-" + UUID.randomUUID();
        var first = post("/api/v1/training-jobs", key, "{\"dataset\":\"shapes\",\"steps\":30}");
        var again = post("/api/v1/training-jobs", key, "{ \"steps\": 30,\n \"dataset\": \"shapes\" }");

        assertThat(first.statusCode()).isEqualTo(202);
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.<String>path("id")).isEqualTo(first.path("id"));
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.<Object>path("spec.seed")).isEqualTo(first.path("spec.seed"));
        UUID id = UUID.fromString(first.path("id"));
        KafkaTestClient.get().awaitDispatch(id, 1);
        assertThat(KafkaTestClient.get().dispatches(id)).hasSize(1);
    }

    @Test
    void the_same_key_with_another_body_or_endpoint_is_a_conflict() {
        String key = "train-" + UUID.randomUUID();
        post("/api/v1/training-jobs", key, "{\"dataset\":\"shapes\",\"steps\":30}");

        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("{\"dataset\":\"shapes\",\"steps\":31}")
                .when().post("/api/v1/training-jobs").then()
                .statusCode(409).contentType(Api.PROBLEM_JSON)
                .body("type", equalTo("urn:diffusion:problem:conflict"))
                .body("detail", containsString(key));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body("{\"modelId\":\"" + UUID.randomUUID() + "\"}")
                .when().post("/api/v1/generation-jobs").then().statusCode(409);
    }

    @Test
    void concurrent_requests_with_one_key_create_exactly_one_job() throws Exception {
        String key = "race-" + UUID.randomUUID();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<ExtractableResponse<Response>>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> post("/api/v1/training-jobs", key, "{\"dataset\":\"shapes\",\"steps\":40}"));
            }
            List<ExtractableResponse<Response>> responses = new ArrayList<>();
            for (Future<ExtractableResponse<Response>> f : pool.invokeAll(calls)) {
                responses.add(f.get());
            }

            assertThat(responses).extracting(ExtractableResponse::statusCode).containsOnly(200, 202)
                    .filteredOn(s -> s == 202).hasSize(1);
            assertThat(responses).extracting(r -> r.<String>path("id")).containsOnly(responses.get(0).<String>path("id"));
        } finally {
            pool.shutdownNow();
        }
    }
}
