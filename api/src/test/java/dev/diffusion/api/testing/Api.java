package dev.diffusion.api.testing;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.stream.IntStream;
import org.awaitility.Awaitility;

/** REST calls the tests repeat. */
public final class Api {

    public static final String PROBLEM_JSON = "application/problem+json";

    private Api() {
    }

    public static ValidatableResponse postTraining(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/training-jobs").then();
    }

    public static ValidatableResponse postGeneration(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/generation-jobs").then();
    }

    public static ValidatableResponse postEvaluation(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/evaluation-jobs").then();
    }

    public static ValidatableResponse getJob(UUID id) {
        return given().when().get("/api/v1/jobs/" + id).then();
    }

    /** Submits a small valid training job and returns its id. */
    public static UUID submitTraining(String body) {
        return UUID.fromString(postTraining(body).statusCode(202).extract().path("id"));
    }

    public static UUID submitTraining() {
        return submitTraining("{\"dataset\":\"shapes\",\"steps\":20,\"seed\":1}");
    }

    public static String status(UUID id) {
        return getJob(id).statusCode(200).extract().path("status");
    }

    /** Waits until the job has {@code status} (read through the REST api). */
    public static void awaitStatus(UUID id, String status) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> status(id), status::equals);
    }

    /** Waits until the job of the tenant of {@code key} has {@code status}. */
    public static void awaitStatus(UUID id, String status, String key) {
        Awaitility.await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> given().auth().oauth2(key).when().get("/api/v1/jobs/" + id).then().statusCode(200)
                        .extract().path("status"), status::equals);
    }

    /** The outcomes recorded in the job's history, oldest first, as "KIND:OUTCOME". */
    public static List<String> history(UUID id) {
        List<String> kinds = given().when().get("/api/v1/jobs/" + id + "/history").then().statusCode(200)
                .extract().path("kind");
        List<String> outcomes = given().when().get("/api/v1/jobs/" + id + "/history").then().statusCode(200)
                .extract().path("outcome");
        return IntStream.range(0, Math.min(kinds.size(), outcomes.size()))
                .mapToObj(i -> kinds.get(i) + ":" + outcomes.get(i)).toList();
    }
}
