package dev.diffusion.api.tenant;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestKeys.TenantKey;
import dev.diffusion.api.testing.TestWorker;
import dev.diffusion.common.storage.ObjectKeys;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A model an admin published is readable and usable by every tenant; it stays its tenant's. */
@QuarkusTest
class PublishedModelTest {

    @Inject
    MinioClient s3;

    @Test
    void a_published_model_is_usable_by_other_tenants_until_it_is_withdrawn() {
        TestWorker worker = new TestWorker("worker-published", s3);
        UUID model = Scenarios.trainedModel(worker, 50, 4);
        TenantKey b = TestKeys.newTenant("published", "member");
        String generation = "{\"modelId\":\"" + model + "\",\"steps\":10,\"numImages\":4}";
        given().auth().oauth2(b.key()).contentType(ContentType.JSON).body(generation)
                .when().post("/api/v1/generation-jobs").then().statusCode(422);

        given().auth().oauth2(b.key()).when().post("/api/v1/admin/models/" + model + "/publish").then().statusCode(403);
        given().when().post("/api/v1/admin/models/" + model + "/publish").then().statusCode(200)
                .body("published", equalTo(true)).body("tenantId", equalTo("00000000-0000-0000-0000-000000000001"));

        given().auth().oauth2(b.key()).when().get("/api/v1/models/" + model).then().statusCode(200)
                .body("published", equalTo(true)).body("latestEvaluation", nullValue());
        given().auth().oauth2(b.key()).queryParam("published", "true").queryParam("limit", 100)
                .when().get("/api/v1/models").then().statusCode(200).body("items.id", hasItem(model.toString()));
        given().auth().oauth2(b.key()).when().get("/api/v1/models").then().statusCode(200)
                .body("items.id", not(hasItem(model.toString())));
        String bJob = given().auth().oauth2(b.key()).contentType(ContentType.JSON).body(generation)
                .when().post("/api/v1/generation-jobs").then().statusCode(202).extract().path("id");
        // B's job is B's: the model's owner does not see it
        Api.getJob(UUID.fromString(bJob)).statusCode(404);

        // B's evaluation of the model is B's latest evaluation, not the owner's
        String bEval = given().auth().oauth2(b.key()).contentType(ContentType.JSON)
                .body("{\"modelId\":\"" + model + "\"}").when().post("/api/v1/evaluation-jobs").then()
                .statusCode(202).extract().path("id");
        TestWorker.Run run = Scenarios.running(UUID.fromString(bEval), 1, worker, b.key());
        run.succeed(List.of(run.artifact(ObjectKeys.EVALUATION_JSON, "{}".getBytes(), "application/json")),
                Map.of("accuracy", 0.5));
        Api.awaitStatus(UUID.fromString(bEval), "SUCCEEDED", b.key());
        given().auth().oauth2(b.key()).when().get("/api/v1/models/" + model).then().statusCode(200)
                .body("latestEvaluation.jobId", equalTo(bEval));
        given().when().get("/api/v1/models/" + model).then().statusCode(200).body("latestEvaluation", nullValue());

        given().when().post("/api/v1/admin/models/" + model + "/unpublish").then().statusCode(200)
                .body("published", equalTo(false));
        given().auth().oauth2(b.key()).when().get("/api/v1/models/" + model).then().statusCode(404);
        given().auth().oauth2(b.key()).contentType(ContentType.JSON).body(generation)
                .when().post("/api/v1/generation-jobs").then().statusCode(422);
        given().when().post("/api/v1/admin/models/" + UUID.randomUUID() + "/publish").then().statusCode(404);
        given().queryParam("published", "maybe").when().get("/api/v1/models").then().statusCode(400)
                .body("errors[0].field", equalTo("published"));
    }
}
