package dev.diffusion.api.job;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static io.restassured.RestAssured.given;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestWorker;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.UUID;
import java.util.stream.Stream;
import org.hamcrest.Matchers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Every endpoint's bad input gives a 4xx problem document naming the field, never a 500. */
@QuarkusTest
class BadInputTest {

    /** A model trained with 50 timesteps and 10 classes, shared by the generation cases. */
    private static UUID model;

    @Inject
    MinioClient s3;

    @BeforeEach
    void aModelExists() {
        if (model == null) {
            model = Scenarios.trainedModel(new TestWorker("bad-input-worker", s3), 50, 10);
        }
    }

    private static ValidatableResponse assertProblem(ValidatableResponse response, int status, String path) {
        return response.statusCode(status)
                .contentType(Api.PROBLEM_JSON)
                .body("status", equalTo(status))
                .body("type", startsWith("urn:diffusion:problem:"))
                .body("title", Matchers.notNullValue())
                .body("instance", equalTo(path));
    }

    static Stream<Arguments> unreadableTrainingBodies() {
        return Stream.of(
                Arguments.of("unknown field", "{\"dataset\":\"mnist\",\"colour\":\"red\"}", "colour"),
                Arguments.of("unknown nested field", "{\"dataset\":\"mnist\",\"model\":{\"depth\":3}}", "model.depth"),
                Arguments.of("text for a number", "{\"dataset\":\"mnist\",\"steps\":\"many\"}", "steps"),
                Arguments.of("number in quotes", "{\"dataset\":\"mnist\",\"steps\":\"2000\"}", "steps"),
                Arguments.of("fraction for an integer", "{\"dataset\":\"mnist\",\"steps\":2.5}", "steps"),
                Arguments.of("number for a boolean", "{\"dataset\":\"mnist\",\"horizontalFlip\":1}", "horizontalFlip"),
                Arguments.of("unknown enum value", "{\"dataset\":\"mnist\",\"model\":{\"architecture\":\"transformer\"}}",
                        "model.architecture"),
                Arguments.of("wrong type in a list", "{\"dataset\":\"mnist\",\"model\":{\"channelMultipliers\":[1,\"x\"]}}",
                        "model.channelMultipliers[1]"),
                Arguments.of("object where a number goes", "{\"dataset\":\"mnist\",\"batchSize\":{}}", "batchSize"),
                Arguments.of("truncated JSON", "{\"dataset\":\"mnist\",\"schedule\":{\"timesteps\":", "schedule"),
                Arguments.of("not JSON", "dataset=mnist", "body"),
                Arguments.of("an array", "[1,2]", "body"),
                Arguments.of("empty body", "", "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableTrainingBodies")
    void unreadable_training_bodies_are_400_with_the_field_path(String why, String body, String field) {
        assertProblem(Api.postTraining(body), 400, "/api/v1/training-jobs")
                .body("errors.field", hasItem(field));
    }

    static Stream<Arguments> invalidTrainingSpecs() {
        return Stream.of(
                Arguments.of("missing dataset", "{\"steps\":10}", "dataset"),
                Arguments.of("unknown built-in data set", "{\"dataset\":\"imagenet\"}", "dataset"),
                Arguments.of("data set in a missing bucket", "{\"dataset\":\"s3://no-such-bucket-here/faces\"}", "dataset"),
                Arguments.of("empty data set prefix", "{\"dataset\":\"s3://diffusion-datasets/tenants/00000000-0000-0000-0000-000000000001/nothing-here/\"}", "dataset"),
                Arguments.of("image size not a multiple of 4", "{\"dataset\":\"mnist\",\"imageSize\":30}", "imageSize"),
                Arguments.of("zero steps", "{\"dataset\":\"mnist\",\"steps\":0}", "steps"),
                Arguments.of("huge batch", "{\"dataset\":\"mnist\",\"batchSize\":5000}", "batchSize"),
                Arguments.of("negative learning rate", "{\"dataset\":\"mnist\",\"optimizer\":{\"learningRate\":-1}}",
                        "optimizer.learningRate"),
                Arguments.of("betas in the wrong order",
                        "{\"dataset\":\"mnist\",\"schedule\":{\"betaStart\":0.02,\"betaEnd\":0.001}}", "schedule.betaEnd"),
                Arguments.of("evaluations further apart than the steps",
                        "{\"dataset\":\"mnist\",\"steps\":10,\"evaluateEvery\":20}", "evaluateEvery"),
                Arguments.of("negative evaluation interval", "{\"dataset\":\"mnist\",\"evaluateEvery\":-1}",
                        "evaluateEvery"),
                Arguments.of("batch beyond a worker's memory", "{\"dataset\":\"mnist\",\"imageSize\":256,\"batchSize\":1024,"
                        + "\"model\":{\"architecture\":\"ddpm-unet\",\"baseChannels\":128}}", "batchSize"),
                Arguments.of("model beyond a worker's memory", "{\"dataset\":\"mnist\",\"imageSize\":256,\"batchSize\":1024,"
                        + "\"model\":{\"baseChannels\":512}}", "model.baseChannels"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTrainingSpecs")
    void invalid_training_values_are_422_with_the_field(String why, String body, String field) {
        assertProblem(Api.postTraining(body), 422, "/api/v1/training-jobs")
                .body("type", equalTo("urn:diffusion:problem:validation-failed"))
                .body("errors.field", hasItem(field));
    }

    @Test
    void field_errors_say_what_was_expected() {
        Api.postTraining("{\"dataset\":\"mnist\",\"colour\":\"red\"}").statusCode(400)
                .body("errors[0].message", containsString("unknown field; known fields are [batchSize, channels,"));
        Api.postTraining("{\"dataset\":\"mnist\",\"steps\":\"many\"}").statusCode(400)
                .body("errors[0].message", containsString("expected an integer"));
        Api.postTraining("{\"dataset\":\"mnist\",\"model\":{\"architecture\":\"transformer\"}}").statusCode(400)
                .body("errors[0].message", equalTo("'transformer' is not one of [context-unet, ddpm-unet, simple-unet]"));
        Api.postTraining("{\"dataset\":\"mnist\",").statusCode(400)
                .body("errors[0].message", startsWith("malformed JSON"));
        Api.postTraining("{\"dataset\":\"mnist\",\"imageSize\":30}").statusCode(422)
                .body("errors[0].message", equalTo("must be a multiple of 4 (was 30)"));
        Api.postTraining("{\"dataset\":\"mnist\",\"steps\":10,\"evaluateEvery\":20}").statusCode(422)
                .body("errors[0].field", equalTo("evaluateEvery"))
                .body("errors[0].message", equalTo("must be between 0 (off) and steps (10) (was 20)"));
    }

    @Test
    void a_training_job_beyond_a_workers_memory_says_what_fits() {
        // the test profile sets diffusion.jobs.worker-memory=16G
        Api.postTraining("{\"dataset\":\"mnist\",\"imageSize\":128,\"batchSize\":512,"
                        + "\"model\":{\"architecture\":\"ddpm-unet\",\"baseChannels\":64}}").statusCode(422)
                .body("errors[0].field", equalTo("batchSize"))
                .body("errors[0].message", matchesPattern("training needs about [0-9.]+ GiB of memory \\([0-9,]+ parameters, "
                        + "[0-9.]+ [MG]iB per image of the batch of 512\\); a worker of this installation has 16.0 GiB: "
                        + "use a batchSize of at most [0-9]+, or a smaller imageSize or model"));
    }

    @Test
    void every_invalid_field_is_reported_at_once() {
        assertProblem(Api.postTraining("{\"dataset\":\"mnist\",\"imageSize\":30,\"steps\":0,\"batchSize\":0}"), 422,
                "/api/v1/training-jobs")
                .body("errors.field", hasItems("imageSize", "steps", "batchSize"))
                .body("detail", containsString("fields are invalid"));
    }

    static Stream<Arguments> invalidGenerationSpecs() {
        return Stream.of(
                Arguments.of("missing modelId", "{\"steps\":10}", 422, "modelId"),
                Arguments.of("modelId not an id", "{\"modelId\":\"my-model\"}", 422, "modelId"),
                Arguments.of("unknown modelId", "{\"modelId\":\"" + UUID.randomUUID() + "\"}", 422, "modelId"),
                Arguments.of("sampler steps above the model's timesteps", "{\"modelId\":\"%s\",\"steps\":60}", 422, "steps"),
                Arguments.of("ddpm steps other than the timesteps", "{\"modelId\":\"%s\",\"sampler\":\"ddpm\",\"steps\":10}",
                        422, "steps"),
                Arguments.of("too many images", "{\"modelId\":\"%s\",\"numImages\":1000}", 422, "numImages"),
                Arguments.of("label beyond the model's classes", "{\"modelId\":\"%s\",\"labels\":[12]}", 422, "labels[0]"),
                Arguments.of("eta above 1", "{\"modelId\":\"%s\",\"eta\":1.5}", 422, "eta"),
                Arguments.of("unknown sampler", "{\"modelId\":\"%s\",\"sampler\":\"euler\"}", 400, "sampler"),
                Arguments.of("unknown field", "{\"modelId\":\"%s\",\"cfg\":3}", 400, "cfg"),
                Arguments.of("text for a number", "{\"modelId\":\"%s\",\"numImages\":\"four\"}", 400, "numImages"),
                Arguments.of("wrong nested type", "{\"modelId\":\"%s\",\"gif\":{\"framesPerSecond\":true}}", 400,
                        "gif.framesPerSecond"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidGenerationSpecs")
    void bad_generation_requests_name_the_field(String why, String body, int status, String field) {
        assertProblem(Api.postGeneration(body.replace("%s", model.toString())), status, "/api/v1/generation-jobs")
                .body("errors.field", hasItem(field));
    }

    static Stream<Arguments> badQueries() {
        return Stream.of(
                Arguments.of("/api/v1/jobs", "status", "BOGUS", "status"),
                Arguments.of("/api/v1/jobs", "type", "INFERENCE", "type"),
                Arguments.of("/api/v1/jobs", "limit", "0", "limit"),
                Arguments.of("/api/v1/jobs", "limit", "101", "limit"),
                Arguments.of("/api/v1/jobs", "limit", "ten", "limit"),
                Arguments.of("/api/v1/jobs", "cursor", "not-a-cursor", "cursor"),
                Arguments.of("/api/v1/models", "limit", "-1", "limit"),
                Arguments.of("/api/v1/models", "cursor", "djF8MXwy", "cursor"));
    }

    @ParameterizedTest(name = "{0}?{1}={2}")
    @MethodSource("badQueries")
    void bad_listing_parameters_are_400_naming_the_parameter(String path, String name, String value, String field) {
        assertProblem(given().queryParam(name, value).when().get(path).then(), 400, path)
                .body("errors.field", hasItem(field));
    }

    static Stream<Arguments> unknownResources() {
        String missing = UUID.randomUUID().toString();
        return Stream.of(
                Arguments.of("GET", "/api/v1/jobs/" + missing),
                Arguments.of("GET", "/api/v1/jobs/not-a-uuid"),
                Arguments.of("GET", "/api/v1/jobs/" + missing + "/events"),
                Arguments.of("GET", "/api/v1/jobs/" + missing + "/history"),
                Arguments.of("POST", "/api/v1/jobs/" + missing + "/cancel"),
                Arguments.of("POST", "/api/v1/jobs/12345/cancel"),
                Arguments.of("GET", "/api/v1/models/" + missing),
                Arguments.of("GET", "/api/v1/models/latest"),
                Arguments.of("GET", "/api/v1/no-such-endpoint"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("unknownResources")
    void unknown_jobs_models_and_paths_are_404_problems(String method, String path) {
        assertProblem(given().when().request(method, path).then(), 404, path);
    }

    @Test
    void a_body_that_is_not_json_is_415_and_a_wrong_method_is_405() {
        assertProblem(given().contentType(ContentType.TEXT).body("dataset=mnist").when().post("/api/v1/training-jobs").then(),
                415, "/api/v1/training-jobs");
        assertProblem(given().when().delete("/api/v1/jobs").then(), 405, "/api/v1/jobs");
    }

    @Test
    void an_unusable_idempotency_key_is_400() {
        assertProblem(given().contentType(ContentType.JSON).header("Idempotency-Key", "k".repeat(201))
                .body("{\"dataset\":\"mnist\"}").when().post("/api/v1/training-jobs").then(), 400, "/api/v1/training-jobs")
                .body("errors.field", hasItem("Idempotency-Key"));
    }
}
