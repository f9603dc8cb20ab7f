package dev.diffusion.api.model;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.KafkaTestClient;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestWorker;
import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.ImportSpec;
import dev.diffusion.common.storage.ObjectKeys;
import io.minio.MinioClient;
import io.minio.StatObjectArgs;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Models in and out: upload URLs into the tenant's area, import jobs checked at submission and registered from the
 * worker's success (with their provenance), and every model's exported PyTorch files listed with presigned URLs.
 */
@QuarkusTest
class ModelImportTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    /** {@code %test.diffusion.uploads.max-bytes}. */
    private static final long MAX_BYTES = 65536;
    private static final String NETWORK = "\"schedule\":{\"timesteps\":40},\"model\":{\"baseChannels\":16,\"numClasses\":4}";

    @Inject
    MinioClient s3;

    private static ValidatableResponse postUpload(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/uploads").then();
    }

    private static ValidatableResponse postImport(String body) {
        return given().contentType(ContentType.JSON).body(body).when().post("/api/v1/import-jobs").then();
    }

    private static String tenantId() {
        return given().when().get("/api/v1/me").then().statusCode(200).extract().path("tenantId");
    }

    /** Asks for an upload URL and PUTs {@code content} there; returns the location. */
    private static String upload(String path, byte[] content) throws Exception {
        var answer = postUpload("{\"path\":\"" + path + "\"}").statusCode(200).extract();
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(URI.create(answer.path("url")))
                .PUT(HttpRequest.BodyPublishers.ofByteArray(content)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        return answer.path("location");
    }

    @Test
    void an_upload_url_writes_the_file_into_the_callers_tenant_area() throws Exception {
        String area = "s3://" + ObjectKeys.DATASETS_BUCKET + "/" + ObjectKeys.tenantArea(UUID.fromString(tenantId()));
        postUpload("{\"path\":\"weights/my.safetensors\"}").statusCode(200)
                .body("location", equalTo(area + "weights/my.safetensors"))
                .body("method", equalTo("PUT"))
                .body("maxBytes", equalTo((int) MAX_BYTES))
                .body("url", containsString("X-Amz-Signature"))
                .body("expiresAt", startsWith("20"));
        postUpload("{}").statusCode(200).body("location", startsWith(area + "uploads/"));

        String location = upload("weights/put-" + UUID.randomUUID() + ".bin", "hello".getBytes());

        var where = ObjectKeys.parseLocation(location);
        assertThat(s3.statObject(StatObjectArgs.builder().bucket(where.bucket()).object(where.key()).build()).size())
                .isEqualTo(5);
    }

    @Test
    void an_upload_path_must_be_a_plain_relative_path() {
        for (String bad : List.of("/etc/passwd", "a/../../other-tenant/x", "./x", "a//b", "a b", "x/")) {
            postUpload("{\"path\":\"" + bad + "\"}").statusCode(422).contentType(Api.PROBLEM_JSON)
                    .body("errors.field", hasItem("path"));
        }
        postUpload("{\"path\":\"" + "a".repeat(513) + "\"}").statusCode(422).body("errors[0].message", containsString("512"));
        postUpload("{\"name\":\"x\"}").statusCode(400);
    }

    @Test
    void an_import_is_accepted_dispatched_and_registers_the_model_with_its_provenance() throws Exception {
        byte[] weights = "safetensors bytes".getBytes();
        String location = upload("weights/" + UUID.randomUUID() + ".safetensors", weights);
        var created = postImport("{\"weights\":\"" + location + "\",\"name\":\"course digits\",\"dataset\":\"shapes\","
                + NETWORK + "}").statusCode(202).extract();
        UUID id = UUID.fromString(created.path("id"));
        Api.getJob(id).body("type", equalTo("IMPORT")).body("status", equalTo("QUEUED"))
                .body("modelId", nullValue())
                .body("spec.weights", equalTo(location))
                .body("spec.imageSize", equalTo(16))
                .body("spec.model.architecture", equalTo("context-unet"))
                .body("spec.schedule.timesteps", equalTo(40))
                .body("progress.totalSteps", equalTo(3));

        JobDispatch dispatch = KafkaTestClient.get().awaitDispatch(id, 1);
        assertThat(dispatch.type()).isEqualTo(JobType.IMPORT);
        assertThat(dispatch.modelImport().spec().weights()).isEqualTo(location);
        assertThat(dispatch.modelImport().maxBytes()).isEqualTo(MAX_BYTES);
        assertThat(dispatch.modelImport().model().key()).isEqualTo(ObjectKeys.model(dispatch.modelImport().model().modelId()));

        TestWorker worker = new TestWorker("import-test-worker", s3);
        TestWorker.Run run = Scenarios.running(id, 1, worker);
        var source = ObjectKeys.parseLocation(location);
        Artifact imported = new Artifact(ObjectKeys.IMPORTED_WEIGHTS, source.bucket(), source.key(),
                "application/octet-stream", weights.length, TestWorker.sha256(weights));
        List<Artifact> files = List.of(run.modelFile(ObjectKeys.MODEL_WEIGHTS, "exported".getBytes(), "application/octet-stream"),
                run.modelFile(ObjectKeys.MODEL_SPEC, "{}".getBytes(), "application/json"), imported);
        run.succeedImport("model".getBytes(), files, Map.of("weights", 1234.0));
        Api.awaitStatus(id, "SUCCEEDED");

        String modelId = Api.getJob(id).body("progress.phase", equalTo("done")).extract().path("modelId");
        assertThat(modelId).isEqualTo(dispatch.modelImport().model().modelId().toString());
        given().when().get("/api/v1/models/" + modelId).then().statusCode(200)
                .body("source", equalTo("import"))
                .body("name", equalTo("course digits"))
                .body("importJobId", equalTo(id.toString()))
                .body("trainingJobId", nullValue())
                .body("trainedSteps", nullValue())
                .body("imported.location", equalTo(location))
                .body("imported.sha256", equalTo(TestWorker.sha256(weights)))
                .body("imported.sizeBytes", equalTo(weights.length))
                .body("files.name", containsInAnyOrder(ObjectKeys.MODEL_WEIGHTS, ObjectKeys.MODEL_SPEC))
                .body("files.url", hasItem(containsString("X-Amz-Signature")))
                .body("spec.dataset", equalTo("shapes"))
                .body("spec.schedule.timesteps", equalTo(40))
                .body("spec.model.numClasses", equalTo(4));
        given().when().get("/api/v1/models").then().statusCode(200).body("items.id", hasItem(modelId));
        Api.postGeneration("{\"modelId\":\"" + modelId + "\",\"steps\":10,\"labels\":[3]}").statusCode(202);
        Api.postGeneration("{\"modelId\":\"" + modelId + "\",\"labels\":[4]}").statusCode(422);
    }

    @Test
    void a_trained_model_lists_its_pytorch_files_with_presigned_urls() {
        UUID job = Api.submitTraining();
        TestWorker.Run run = Scenarios.running(job, 1, new TestWorker("export-test-worker", s3));
        List<Artifact> files = List.of(run.modelFile(ObjectKeys.MODEL_WEIGHTS, "w".getBytes(), "application/octet-stream"),
                run.modelFile(ObjectKeys.MODEL_SPEC, "{}".getBytes(), "application/json"));
        run.succeedTraining("model".getBytes(), files, Map.of("loss", 0.1));
        Api.awaitStatus(job, "SUCCEEDED");
        String modelId = Api.getJob(job).extract().path("modelId");

        given().when().get("/api/v1/models/" + modelId).then().statusCode(200)
                .body("source", equalTo("training"))
                .body("trainingJobId", equalTo(job.toString()))
                .body("importJobId", nullValue())
                .body("imported", nullValue())
                .body("files.name", containsInAnyOrder(ObjectKeys.MODEL_WEIGHTS, ObjectKeys.MODEL_SPEC))
                .body("files.find { it.name == 'model.safetensors' }.uri",
                        equalTo("s3://" + ObjectKeys.MODELS_BUCKET + "/" + ObjectKeys.modelFile(UUID.fromString(modelId),
                                ObjectKeys.MODEL_WEIGHTS)))
                .body("files.find { it.name == 'model-spec.json' }.contentType", equalTo("application/json"))
                .body("files.find { it.name == 'model-spec.json' }.url", containsString("X-Amz-Signature"));
    }

    @Test
    void what_the_api_can_tell_is_refused_at_submission_naming_the_field() throws Exception {
        String tenant = tenantId();
        String area = "s3://" + ObjectKeys.DATASETS_BUCKET + "/" + ObjectKeys.tenantArea(UUID.fromString(tenant));
        String otherArea = "s3://" + ObjectKeys.DATASETS_BUCKET + "/" + ObjectKeys.tenantArea(UUID.randomUUID());
        String large = upload("weights/large-" + UUID.randomUUID(), new byte[(int) MAX_BYTES + 1]);

        postImport("{\"weights\":\"" + area + "never/uploaded.safetensors\"}").statusCode(422)
                .body("errors[0].field", equalTo("weights"))
                .body("errors[0].message", containsString("no object at " + area + "never/uploaded.safetensors"))
                .body("errors[0].message", containsString("upload it first"));
        postImport("{\"weights\":\"" + large + "\"}").statusCode(422)
                .body("errors[0].field", equalTo("weights"))
                .body("errors[0].message", containsString("is " + (MAX_BYTES + 1) + " bytes, more than the limit of "
                        + MAX_BYTES + " bytes"));
        postImport("{\"weights\":\"" + otherArea + "x.safetensors\"}").statusCode(422)
                .body("errors[0].message", containsString("must lie in your tenant's area " + area));
        postImport("{\"weights\":\"s3://" + ObjectKeys.MODELS_BUCKET + "/models/x/model.ckpt\"}").statusCode(422)
                .body("errors[0].field", equalTo("weights"));
        postImport("{\"weights\":\"" + area + "a/../../x\"}").statusCode(422).body("errors[0].field", equalTo("weights"));
        postImport("{}").statusCode(422).body("errors[0].field", equalTo("weights"));
        postImport("{\"weights\":\"" + area + "w\",\"model\":{\"baseChannels\":12},\"channels\":2,\"format\":\"npz\"}")
                .statusCode(422).body("errors.field", containsInAnyOrder("model.baseChannels", "channels", "weights"));
        postImport("{\"weights\":\"" + area + "w\",\"format\":\"pickle\"}").statusCode(400);
        postImport("{\"weights\":\"" + area + "w\",\"steps\":5}").statusCode(400);
    }

    @Test
    void another_tenant_cannot_import_from_this_tenants_area() throws Exception {
        String location = upload("weights/" + UUID.randomUUID(), "w".getBytes());
        var other = TestKeys.newTenant("import-other", "member");

        given().auth().oauth2(other.key()).contentType(ContentType.JSON).body("{\"weights\":\"" + location + "\"}")
                .when().post("/api/v1/import-jobs").then().statusCode(422)
                .body("errors[0].message", containsString("must lie in your tenant's area"));
        assertThat(ImportSpec.of(location).withDefaults().weights()).isEqualTo(location);
    }
}
