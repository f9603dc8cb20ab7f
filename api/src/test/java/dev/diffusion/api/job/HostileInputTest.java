package dev.diffusion.api.job;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.lessThan;

import dev.diffusion.api.testing.Api;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Requests of the 2026-12-04 hostile-input run and their relatives: each is refused with a 4xx problem document,
 * never a 5xx, and never by asking object storage about a name that cannot exist.
 */
@QuarkusTest
class HostileInputTest {

    @TestHTTPResource("/api/v1/training-jobs")
    URL trainingJobs;

    private static String nested(String open, String close, int depth, String inner) {
        return open.repeat(depth) + inner + close.repeat(depth);
    }

    static Stream<Arguments> unreadableBodies() {
        return Stream.of(
                Arguments.of("three concatenated objects",
                        "{\"dataset\":\"mnist\"}{\"dataset\":\"mnist\"}{\"dataset\":\"mnist\"}"),
                Arguments.of("a number after the object", "{\"dataset\":\"mnist\"} 1"),
                Arguments.of("an array after the object", "{\"dataset\":\"mnist\"}[]"),
                Arguments.of("arrays nested 5,000 deep", nested("[", "]", 5_000, "")),
                Arguments.of("objects nested 5,000 deep under an unknown field",
                        "{\"dataset\":\"mnist\",\"x\":" + nested("{\"x\":", "}", 5_000, "1") + "}"),
                Arguments.of("a deeply nested list where integers go",
                        "{\"dataset\":\"mnist\",\"model\":{\"channelMultipliers\":" + nested("[", "]", 3_000, "1") + "}}"),
                Arguments.of("an integer beyond int", "{\"dataset\":\"mnist\",\"steps\":99999999999999999999999}"),
                Arguments.of("an exponent for an integer", "{\"dataset\":\"mnist\",\"steps\":1e999}"),
                Arguments.of("a seed beyond long", "{\"dataset\":\"mnist\",\"seed\":9223372036854775808}"),
                Arguments.of("a number of 5,000 digits", "{\"dataset\":\"mnist\",\"steps\":" + "9".repeat(5_000) + "}"),
                Arguments.of("a fraction of 5,000 digits",
                        "{\"dataset\":\"mnist\",\"conditionDropout\":0." + "1".repeat(5_000) + "}"),
                Arguments.of("a string of control characters", "{\"dataset\":\"mn\u0000ist\"}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unreadableBodies")
    void unreadable_bodies_are_400_problems(String why, String body) {
        Api.postTraining(body).statusCode(400).contentType(Api.PROBLEM_JSON)
                .body("type", equalTo("urn:diffusion:problem:invalid-request"));
    }

    @Test
    void trailing_content_is_named_in_the_problem() {
        Api.postTraining("{\"dataset\":\"mnist\"}{\"dataset\":\"mnist\"}{\"dataset\":\"mnist\"}").statusCode(400)
                .body("errors.field", hasItem("body"))
                .body("errors[0].message", containsString("Trailing token"));
        Api.postGeneration("{\"modelId\":\"x\"}{}").statusCode(400);
        Api.postEvaluation("{\"modelId\":\"x\"} true").statusCode(400);
    }

    @Test
    void a_null_in_a_list_is_a_400_naming_the_element() {
        Api.postTraining("{\"dataset\":\"mnist\",\"model\":{\"channelMultipliers\":[1,null]}}").statusCode(400)
                .contentType(Api.PROBLEM_JSON).body("errors.field", hasItem("model.channelMultipliers[1]"));
        Api.postGeneration("{\"modelId\":\"x\",\"labels\":[null]}").statusCode(400)
                .body("errors.field", hasItem("labels[0]"));
    }

    static Stream<Arguments> hugeValues() {
        return Stream.of(
                Arguments.of("an infinite learning rate", "{\"dataset\":\"mnist\",\"optimizer\":{\"learningRate\":1e999}}",
                        "optimizer.learningRate"),
                Arguments.of("a negative infinite condition dropout", "{\"dataset\":\"mnist\",\"conditionDropout\":-1e999}",
                        "conditionDropout"),
                Arguments.of("the largest int for steps", "{\"dataset\":\"mnist\",\"steps\":2147483647}", "steps"),
                Arguments.of("the largest int for the batch", "{\"dataset\":\"mnist\",\"batchSize\":2147483647}", "batchSize"),
                Arguments.of("the largest int for timesteps", "{\"dataset\":\"mnist\",\"schedule\":{\"timesteps\":2147483647}}",
                        "schedule.timesteps"),
                Arguments.of("the smallest int for the image size", "{\"dataset\":\"mnist\",\"imageSize\":-2147483648}",
                        "imageSize"),
                Arguments.of("an infinite beta", "{\"dataset\":\"mnist\",\"schedule\":{\"betaStart\":1e999}}",
                        "schedule.betaStart"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("hugeValues")
    void huge_and_extreme_numbers_are_422_naming_the_field(String why, String body, String field) {
        Api.postTraining(body).statusCode(422).contentType(Api.PROBLEM_JSON).body("errors.field", hasItem(field));
    }

    @Test
    void a_ten_megabyte_body_is_refused_before_it_is_read() throws Exception {
        String body = "{\"dataset\":\"mnist\",\"x\":\"" + "a".repeat(10 * 1024 * 1024) + "\"}";
        // a client that waits for "100 Continue" is told 413 before it sends the body; one that does not would
        // see the connection closed while it writes, after the same 413
        HttpRequest request = HttpRequest.newBuilder(trainingJobs.toURI()).expectContinue(true)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build();

        HttpResponse<String> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(413);
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void a_bucket_that_cannot_exist_is_a_422_not_a_call_to_storage() {
        Api.postTraining("{\"dataset\":\"s3://../x\"}").statusCode(422).contentType(Api.PROBLEM_JSON)
                .body("errors.field", hasItem("dataset"))
                .body("errors[0].message", containsString("is not a valid S3 bucket name"));
        Api.postTraining("{\"dataset\":\"s3://192.168.0.1/x\"}").statusCode(422);
        Api.postTraining("{\"dataset\":\"s3://Diffusion-Datasets/x\"}").statusCode(422);
    }

    @Test
    void a_prefix_that_leaves_its_folder_is_a_422_naming_the_rule() {
        Api.postTraining("{\"dataset\":\"s3://diffusion-datasets//etc/passwd\"}").statusCode(422)
                .body("errors[0].message", containsString("must not start with '/'"));
        Api.postTraining("{\"dataset\":\"s3://diffusion-datasets/a/../../b\"}").statusCode(422)
                .body("errors[0].message", containsString("'..' segments"));
        Api.postTraining("{\"dataset\":\"s3://diffusion-datasets/a\\\\b\"}").statusCode(422)
                .body("errors[0].message", containsString("backslash"));
        Api.postTraining("{\"dataset\":\"s3://diffusion-datasets/a\\u0007b\"}").statusCode(422)
                .body("errors[0].message", allOf(containsString("control characters"), containsString("\\u0007")));
    }

    @Test
    void a_schedule_that_underflows_float32_is_a_422_stating_the_value() {
        Api.postTraining("{\"dataset\":\"mnist\",\"schedule\":{\"timesteps\":1000,\"betaEnd\":0.35}}").statusCode(422)
                .body("errors.field", hasItem("schedule.betaEnd"))
                .body("errors[0].message", allOf(containsString("final ᾱ"), containsString("E-"),
                        containsString("float32")));
        Api.postTraining("{\"dataset\":\"mnist\",\"schedule\":{\"timesteps\":1000,\"betaEnd\":0.18}}").statusCode(202);
        given().when().get("/q/health/live").then().statusCode(lessThan(500));
    }
}
