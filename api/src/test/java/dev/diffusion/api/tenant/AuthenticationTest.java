package dev.diffusion.api.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.TestKeys;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Every /api/v1 call needs a live key; health, metrics and OpenAPI do not. */
@QuarkusTest
class AuthenticationTest {

    private static final List<String> GETS = List.of("/api/v1/jobs", "/api/v1/jobs/" + UUID.randomUUID(),
            "/api/v1/jobs/" + UUID.randomUUID() + "/history", "/api/v1/jobs/" + UUID.randomUUID() + "/events",
            "/api/v1/models", "/api/v1/models/" + UUID.randomUUID(), "/api/v1/me", "/api/v1/admin/tenants",
            "/api/v1/admin/keys");

    private static void assertUnauthorized(ValidatableResponse response, String path) {
        response.statusCode(401).contentType(Api.PROBLEM_JSON)
                .header("WWW-Authenticate", startsWith("Bearer"))
                .body("type", equalTo("urn:diffusion:problem:unauthorized"))
                .body("status", equalTo(401))
                .body("instance", equalTo(path))
                .body("detail", notNullValue());
    }

    @Test
    void every_endpoint_without_a_key_is_401() {
        for (String path : GETS) {
            assertUnauthorized(given().auth().none().when().get(path).then(), path);
        }
        assertUnauthorized(given().auth().none().contentType(ContentType.JSON).body("{\"dataset\":\"shapes\"}")
                .when().post("/api/v1/training-jobs").then(), "/api/v1/training-jobs");
        String cancel = "/api/v1/jobs/" + UUID.randomUUID() + "/cancel";
        assertUnauthorized(given().auth().none().when().post(cancel).then(), cancel);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Bearer", "Bearer ", "Bearer dk_unknown", "Basic dXNlcjpwYXNz", "dk_",
            "Bearer dk_AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", "Token abc"})
    void a_missing_malformed_or_unknown_key_is_401(String header) {
        assertUnauthorized(given().auth().none().header("Authorization", header).when().get("/api/v1/jobs").then(),
                "/api/v1/jobs");
    }

    @Test
    void the_scheme_name_is_case_insensitive() {
        given().auth().none().header("Authorization", "bearer " + TestKeys.admin()).when().get("/api/v1/me").then()
                .statusCode(200).body("role", equalTo("admin")).body("tenantName", equalTo("default"));
    }

    @Test
    void health_metrics_and_openapi_stay_open() {
        given().auth().none().when().get("/q/health/live").then().statusCode(200);
        given().auth().none().when().get("/q/metrics").then().statusCode(200);
        given().auth().none().when().get("/q/swagger-ui/").then().statusCode(200);
        given().auth().none().when().get("/q/openapi?format=json").then().statusCode(200)
                .body("components.securitySchemes.apiKey.type", equalTo("http"))
                .body("components.securitySchemes.apiKey.scheme", equalTo("bearer"))
                .body("paths.'/api/v1/jobs'.get.security[0]", hasKey("apiKey"));
    }

    @Test
    void the_bootstrap_key_is_the_default_tenants_admin() {
        given().when().get("/api/v1/me").then().statusCode(200)
                .body("tenantId", equalTo("00000000-0000-0000-0000-000000000001"))
                .body("role", equalTo("admin"));
        assertThat(TestKeys.admin()).startsWith("dk_").hasSize(46);
    }
}
