package dev.diffusion.api.job;

import static dev.diffusion.api.testing.Api.getJob;
import static dev.diffusion.api.testing.Api.postEvaluation;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.KafkaTestClient;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestWorker;
import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.common.spec.SamplerType;
import dev.diffusion.common.storage.ObjectKeys;
import io.minio.MinioClient;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Submitting evaluation jobs: the effective spec for the model, its dispatch, and every bad request a 4xx. */
@QuarkusTest
class EvaluationJobTest {

    private static final String PATH = "/api/v1/evaluation-jobs";

    /** Models of 40 timesteps, with 10 classes and without, made once for the class. */
    private static UUID conditional;
    private static UUID unconditional;

    @Inject
    MinioClient s3;

    @BeforeEach
    void modelsExist() {
        if (conditional == null) {
            TestWorker worker = new TestWorker("evaluation-test-worker", s3);
            conditional = Scenarios.trainedModel(worker, 40, 10);
            unconditional = Scenarios.trainedModel(worker, 40, 0);
        }
    }

    private static EvaluationSpec shownSpec(UUID id) throws Exception {
        String json = getJob(id).statusCode(200).extract().asString();
        return JsonMapper.shared().treeToValue(JsonMapper.shared().readTree(json).get("spec"), EvaluationSpec.class);
    }

    @Test
    void a_sweep_is_stored_and_dispatched_expanded_with_the_model_to_score() throws Exception {
        var created = postEvaluation("{\"modelId\":\"" + conditional + "\",\"sweep\":true,\"seed\":7}")
                .statusCode(202).extract();
        UUID id = UUID.fromString(created.path("id"));
        assertThat(created.header("Location")).endsWith("/api/v1/jobs/" + id);
        // DDPM-40 and DDIM 10 and 25 (50 and 100 exceed T = 40), at guidance 0, 1, 2 and 4
        getJob(id).body("type", equalTo("EVALUATION"))
                .body("status", equalTo("QUEUED"))
                .body("modelId", equalTo(conditional.toString()))
                .body("spec.modelId", equalTo(conditional.toString()))
                .body("spec.sweep", equalTo(true))
                .body("spec.seed", equalTo(7))
                .body("spec.imagesPerClass", equalTo(20))
                .body("spec.referenceImages", equalTo(1000))
                .body("spec.samplers.size()", equalTo(12))
                .body("spec.samplers[0].sampler", equalTo("ddpm"))
                .body("spec.samplers[0].steps", equalTo(40))
                .body("spec.samplers[2].steps", equalTo(25))
                .body("spec.samplers[11].guidanceScale", equalTo(4.0f))
                .body("progress.totalSteps", equalTo(12 * 20 * 10))
                .body("progress.phase", equalTo("queued"));

        JobDispatch dispatch = KafkaTestClient.get().awaitDispatch(id, 1);

        assertThat(dispatch.type()).isEqualTo(JobType.EVALUATION);
        assertThat(dispatch.generation()).isNull();
        assertThat(dispatch.evaluation().model().modelId()).isEqualTo(conditional);
        assertThat(dispatch.evaluation().model().bucket()).isEqualTo(ObjectKeys.MODELS_BUCKET);
        assertThat(dispatch.evaluation().model().key()).isEqualTo(ObjectKeys.model(conditional));
        EvaluationSpec spec = dispatch.evaluation().spec();
        assertThat(spec).isEqualTo(shownSpec(id));
        assertThat(spec.samplers()).hasSize(12).allSatisfy(s -> assertThat(s.eta()).isEqualTo(0.0));
        assertThat(spec.samplers().stream().map(SamplerSettings::guidanceScale).distinct())
                .containsExactly(0.0, 1.0, 2.0, 4.0);
        assertThat(spec).isEqualTo(new EvaluationSpec(conditional.toString(), null, null, true, 7L, null)
                .withDefaults(40, 10));
    }

    @Test
    void given_samplers_get_their_defaults_and_an_unconditional_model_draws_ten_groups() throws Exception {
        String body = "{\"modelId\":\"" + unconditional + "\",\"imagesPerClass\":5,\"referenceImages\":200,"
                + "\"samplers\":[{\"steps\":10},{\"sampler\":\"ddpm\"},{\"sampler\":\"ddim\",\"steps\":20,\"eta\":0.5}]}";
        UUID id = UUID.fromString(postEvaluation(body).statusCode(202)
                .body("progress.totalSteps", equalTo(3 * 5 * 10))
                .body("spec.sweep", equalTo(false))
                .body("spec.seed", notNullValue())
                .extract().path("id"));

        EvaluationSpec spec = KafkaTestClient.get().awaitDispatch(id, 1).evaluation().spec();

        assertThat(spec.samplers()).containsExactly(
                new SamplerSettings(SamplerType.DDIM, 10, 0.0, 1.0, false),
                new SamplerSettings(SamplerType.DDPM, 40, 0.0, 1.0, true),
                new SamplerSettings(SamplerType.DDIM, 20, 0.5, 1.0, false));
        assertThat(spec.imagesPerClass()).isEqualTo(5);
        assertThat(spec.referenceImages()).isEqualTo(200);
        assertThat(spec).isEqualTo(shownSpec(id));
    }

    @Test
    void only_the_model_is_required() {
        postEvaluation("{\"modelId\":\"" + conditional + "\"}").statusCode(202)
                .body("spec.samplers.size()", equalTo(1))
                .body("spec.samplers[0].sampler", equalTo("ddim"))
                .body("spec.samplers[0].steps", equalTo(40))
                .body("spec.samplers[0].guidanceScale", equalTo(1.0f));
    }

    @Test
    void the_same_idempotency_key_and_body_replay_the_job() {
        String key = "eval-" + UUID.randomUUID();
        String body = "{\"modelId\":\"" + conditional + "\",\"imagesPerClass\":2}";
        String first = given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body)
                .when().post(PATH).then().statusCode(202).extract().path("id");

        given().contentType(ContentType.JSON).header("Idempotency-Key", key).body(body).when().post(PATH).then()
                .statusCode(200).header("Idempotent-Replayed", "true").body("id", equalTo(first));
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"modelId\":\"" + conditional + "\",\"imagesPerClass\":3}").when().post(PATH).then()
                .statusCode(409);
        given().contentType(ContentType.JSON).header("Idempotency-Key", key)
                .body("{\"modelId\":\"" + conditional + "\"}").when().post("/api/v1/generation-jobs").then()
                .statusCode(409);
    }

    @Test
    void listing_filters_evaluation_jobs() {
        String id = postEvaluation("{\"modelId\":\"" + conditional + "\"}").statusCode(202).extract().path("id");

        List<String> ids = given().queryParam("type", "evaluation").queryParam("limit", 100)
                .when().get("/api/v1/jobs").then().statusCode(200)
                .body("items.type", everyItem(equalTo("EVALUATION")))
                .body("items.modelId", everyItem(notNullValue()))
                .extract().path("items.id");
        assertThat(ids).contains(id);
        given().queryParam("type", "GENERATION").queryParam("limit", 100).when().get("/api/v1/jobs").then()
                .statusCode(200).body("items.type", everyItem(equalTo("GENERATION")));
    }

    @Test
    void a_queued_evaluation_can_be_cancelled() {
        UUID id = UUID.fromString(postEvaluation("{\"modelId\":\"" + conditional + "\"}").statusCode(202)
                .extract().path("id"));

        given().when().post("/api/v1/jobs/" + id + "/cancel").then().statusCode(200)
                .body("status", equalTo("CANCELLED")).body("type", equalTo("EVALUATION"));
        assertThat(Api.history(id)).containsExactly("SUBMITTED:APPLIED", "CANCELLED:APPLIED");
    }

    static Stream<Arguments> badRequests() {
        String tooMany = IntStream.range(0, 25).mapToObj(i -> "{\"steps\":10}").collect(Collectors.joining(","));
        return Stream.of(
                Arguments.of("missing modelId", "{\"sweep\":true}", 422, "modelId"),
                Arguments.of("modelId not an id", "{\"modelId\":\"best-model\"}", 422, "modelId"),
                Arguments.of("unknown modelId", "{\"modelId\":\"" + UUID.randomUUID() + "\"}", 422, "modelId"),
                Arguments.of("DDIM steps above the model's timesteps", "{\"modelId\":\"%c\",\"samplers\":[{\"steps\":60}]}",
                        422, "samplers[0].steps"),
                Arguments.of("DDPM steps other than the timesteps",
                        "{\"modelId\":\"%c\",\"samplers\":[{\"steps\":10},{\"sampler\":\"ddpm\",\"steps\":10}]}", 422,
                        "samplers[1].steps"),
                Arguments.of("eta above 1", "{\"modelId\":\"%c\",\"samplers\":[{\"eta\":1.5}]}", 422, "samplers[0].eta"),
                Arguments.of("guidance above the limit", "{\"modelId\":\"%c\",\"samplers\":[{\"guidanceScale\":99}]}", 422,
                        "samplers[0].guidanceScale"),
                Arguments.of("guidance for an unconditional model",
                        "{\"modelId\":\"%u\",\"samplers\":[{\"guidanceScale\":2}]}", 422, "samplers[0].guidanceScale"),
                Arguments.of("both sweep and samplers", "{\"modelId\":\"%c\",\"sweep\":true,\"samplers\":[{\"steps\":10}]}",
                        422, "samplers"),
                Arguments.of("a null sampler", "{\"modelId\":\"%c\",\"samplers\":[null]}", 400, "samplers[0]"),
                Arguments.of("too many samplers", "{\"modelId\":\"%c\",\"samplers\":[" + tooMany + "]}", 422, "samplers"),
                Arguments.of("no images", "{\"modelId\":\"%c\",\"imagesPerClass\":0}", 422, "imagesPerClass"),
                Arguments.of("too many images", "{\"modelId\":\"%c\",\"imagesPerClass\":201}", 422, "imagesPerClass"),
                Arguments.of("too few reference images", "{\"modelId\":\"%c\",\"referenceImages\":50}", 422,
                        "referenceImages"),
                Arguments.of("negative seed", "{\"modelId\":\"%c\",\"seed\":-1}", 422, "seed"),
                Arguments.of("unknown field", "{\"modelId\":\"%c\",\"fid\":true}", 400, "fid"),
                Arguments.of("unknown sampler field", "{\"modelId\":\"%c\",\"samplers\":[{\"cfg\":2}]}", 400,
                        "samplers[0].cfg"),
                Arguments.of("unknown sampler", "{\"modelId\":\"%c\",\"samplers\":[{\"sampler\":\"euler\"}]}", 400,
                        "samplers[0].sampler"),
                Arguments.of("text for a number", "{\"modelId\":\"%c\",\"imagesPerClass\":\"many\"}", 400,
                        "imagesPerClass"),
                Arguments.of("fraction for an integer", "{\"modelId\":\"%c\",\"samplers\":[{\"steps\":2.5}]}", 400,
                        "samplers[0].steps"),
                Arguments.of("number for a boolean", "{\"modelId\":\"%c\",\"sweep\":1}", 400, "sweep"),
                Arguments.of("object for the samplers", "{\"modelId\":\"%c\",\"samplers\":{\"steps\":10}}", 400, "samplers"),
                Arguments.of("truncated JSON", "{\"modelId\":\"%c\",\"samplers\":[", 400, "samplers"),
                Arguments.of("an array", "[1,2]", 400, "body"),
                Arguments.of("empty body", "", 400, "body"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badRequests")
    void bad_requests_are_problems_naming_the_field(String why, String body, int status, String field) {
        ValidatableResponse response = postEvaluation(body.replace("%c", conditional.toString())
                .replace("%u", unconditional.toString()));

        response.statusCode(status)
                .contentType(Api.PROBLEM_JSON)
                .body("status", equalTo(status))
                .body("type", startsWith("urn:diffusion:problem:"))
                .body("instance", equalTo(PATH))
                .body("errors.field", hasItem(field));
    }
}
