package dev.diffusion.api.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.hasItem;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestKeys.TenantKey;
import dev.diffusion.api.testing.TestWorker;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Jobs, models, artifacts, events and history are the tenant's own: another tenant's id is a 404 exactly like an
 * unknown id, on every endpoint; listings and idempotency keys are per tenant. Tenant A is the default tenant (the
 * tests' default key), tenant B a new one.
 */
@QuarkusTest
class TenantIsolationTest {

    @Inject
    MinioClient s3;

    private static ValidatableResponse as(TenantKey b, String method, String path) {
        return given().auth().oauth2(b.key()).contentType(ContentType.JSON).when().request(method, path).then();
    }

    /** The answer for {@code id} is the one for an id that does not exist, but for the id in the text. */
    private static void assertLikeUnknown(TenantKey b, String method, String pathPattern, UUID id) {
        UUID unknown = UUID.randomUUID();
        String expected = as(b, method, pathPattern.formatted(unknown)).statusCode(404).contentType(Api.PROBLEM_JSON)
                .extract().<String>path("detail").replace(unknown.toString(), id.toString());
        as(b, method, pathPattern.formatted(id)).statusCode(404).contentType(Api.PROBLEM_JSON)
                .body("type", equalTo("urn:diffusion:problem:not-found"))
                .body("detail", equalTo(expected));
    }

    @Test
    void another_tenants_jobs_models_events_and_history_are_404_and_not_listed() {
        UUID model = Scenarios.trainedModel(new TestWorker("worker-isolation", s3), 50, 4);
        UUID trainingJob = UUID.fromString(given().when().get("/api/v1/models/" + model).then().statusCode(200)
                .extract().path("trainingJobId"));
        UUID queued = Api.submitTraining();
        TenantKey b = TestKeys.newTenant("isolation-b", "member");

        for (UUID job : List.of(trainingJob, queued)) {
            assertLikeUnknown(b, "GET", "/api/v1/jobs/%s", job);
            assertLikeUnknown(b, "GET", "/api/v1/jobs/%s/history", job);
            assertLikeUnknown(b, "GET", "/api/v1/jobs/%s/events", job);
            assertLikeUnknown(b, "POST", "/api/v1/jobs/%s/cancel", job);
        }
        assertLikeUnknown(b, "GET", "/api/v1/models/%s", model);
        // the cancel above did nothing to A's job
        assertThat(Api.status(queued)).isEqualTo("QUEUED");

        given().auth().oauth2(b.key()).queryParam("limit", 100).when().get("/api/v1/jobs").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().auth().oauth2(b.key()).when().get("/api/v1/models").then().statusCode(200)
                .body("items.size()", equalTo(0));
        given().queryParam("limit", 100).when().get("/api/v1/jobs").then().statusCode(200)
                .body("items.id", hasItem(queued.toString()));
    }

    @Test
    void a_generation_or_evaluation_job_can_use_only_the_callers_models() {
        UUID model = Scenarios.trainedModel(new TestWorker("worker-isolation-2", s3), 50, 4);
        TenantKey b = TestKeys.newTenant("isolation-models", "member");
        String generation = "{\"modelId\":\"" + model + "\",\"steps\":10,\"numImages\":4}";
        String unknownText = "no model with id " + model + "; see GET /api/v1/models";
        given().auth().oauth2(b.key()).contentType(ContentType.JSON).body(generation)
                .when().post("/api/v1/generation-jobs").then().statusCode(422)
                .body("errors[0].field", equalTo("modelId")).body("errors[0].message", equalTo(unknownText));
        given().auth().oauth2(b.key()).contentType(ContentType.JSON).body("{\"modelId\":\"" + model + "\"}")
                .when().post("/api/v1/evaluation-jobs").then().statusCode(422)
                .body("errors[0].field", equalTo("modelId")).body("errors[0].message", equalTo(unknownText));
        // the owner may
        Api.postGeneration(generation).statusCode(202);
    }

    @Test
    void b_sees_its_own_jobs_and_a_does_not() {
        TenantKey b = TestKeys.newTenant("isolation-own", "member");
        UUID bJob = UUID.fromString(given().auth().oauth2(b.key()).contentType(ContentType.JSON)
                .body("{\"dataset\":\"shapes\",\"steps\":10}").when().post("/api/v1/training-jobs").then()
                .statusCode(202).extract().path("id"));
        given().auth().oauth2(b.key()).when().get("/api/v1/jobs").then().statusCode(200)
                .body("items.id", equalTo(List.of(bJob.toString())));
        given().auth().oauth2(b.key()).when().get("/api/v1/jobs/" + bJob + "/history").then().statusCode(200);
        // an admin key acts for its own tenant: B's job is not the default tenant's
        Api.getJob(bJob).statusCode(404);
        given().queryParam("limit", 100).when().get("/api/v1/jobs").then()
                .body("items.id", not(hasItem(bJob.toString())));
        given().auth().oauth2(b.key()).when().post("/api/v1/jobs/" + bJob + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED"));
    }

    @Test
    void idempotency_keys_are_per_tenant() {
        TenantKey b = TestKeys.newTenant("isolation-idempotency", "member");
        String key = "shared-" + UUID.randomUUID();
        String aJob = given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"dataset\":\"shapes\",\"steps\":11}").when().post("/api/v1/training-jobs").then()
                .statusCode(202).extract().path("id");
        // same key, other body: no 409 that would name A's job; same key, same body: B's own new job
        given().auth().oauth2(b.key()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"dataset\":\"shapes\",\"steps\":12}").when().post("/api/v1/training-jobs").then()
                .statusCode(202);
        TenantKey c = TestKeys.newTenant("isolation-idempotency-c", "member");
        String cJob = given().auth().oauth2(c.key()).contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"dataset\":\"shapes\",\"steps\":11}").when().post("/api/v1/training-jobs").then()
                .statusCode(202).extract().path("id");
        assertThat(cJob).isNotEqualTo(aJob);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"dataset\":\"shapes\",\"steps\":11}").when().post("/api/v1/training-jobs").then()
                .statusCode(200).body("id", equalTo(aJob));
    }
}
