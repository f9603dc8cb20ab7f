package dev.diffusion.api.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.Scenarios;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestKeys.TenantKey;
import dev.diffusion.api.testing.TestWorker;
import io.minio.MinioClient;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** Per-tenant limits held in PostgreSQL: submissions per minute (token bucket) and open jobs. */
@QuarkusTest
class TenantLimitsTest {

    private static final String TRAINING = "{\"dataset\":\"shapes\",\"steps\":10}";

    @Inject
    EntityManager db;

    @Inject
    MinioClient s3;

    private static ExtractableResponse<Response> submit(TenantKey key) {
        return given().auth().oauth2(key.key()).contentType(ContentType.JSON).body(TRAINING)
                .when().post("/api/v1/training-jobs").then().extract();
    }

    private static void setLimits(UUID tenant, String body) {
        given().contentType(ContentType.JSON).body(body).when().put("/api/v1/admin/tenants/" + tenant + "/limits")
                .then().statusCode(200);
    }

    @Test
    void a_burst_over_the_rate_gets_429_with_retry_after_and_other_tenants_are_not_held_back() {
        TenantKey key = TestKeys.newTenant("rate", "member");
        setLimits(key.tenantId(), "{\"submissionsPerMinute\":3}");
        for (int i = 0; i < 3; i++) {
            assertThat(submit(key).statusCode()).as("submission %d", i + 1).isEqualTo(202);
        }
        ExtractableResponse<Response> refused = submit(key);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.contentType()).isEqualTo(Api.PROBLEM_JSON);
        assertThat(refused.<String>path("type")).isEqualTo("urn:diffusion:problem:rate-limited");
        // one token every 20 s
        assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 20L);
        assertThat(Api.submitTraining()).isNotNull();
        TenantKey other = TestKeys.newKey(key.tenantId(), "member");
        assertThat(submit(other).statusCode()).as("the bucket is the tenant's, not the key's").isEqualTo(429);
    }

    @Test
    void the_allowed_rate_passes() {
        TenantKey key = TestKeys.newTenant("rate-refill", "member");
        setLimits(key.tenantId(), "{\"submissionsPerMinute\":120}");
        long start = System.nanoTime();
        int accepted = 0;
        ExtractableResponse<Response> answer;
        while ((answer = submit(key)).statusCode() == 202 && accepted < 1000) {
            accepted++;
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(answer.statusCode()).isEqualTo(429);
        assertThat(answer.header("Retry-After")).isEqualTo("1");
        // a minute's worth at once, plus two a second while the burst lasted, and no more
        assertThat(accepted).isBetween(120, 120 + (int) Math.ceil(seconds * 2) + 1);
        // two tokens a second come back
        Awaitility.await().atMost(Duration.ofSeconds(3)).pollInterval(Duration.ofMillis(200))
                .until(() -> submit(key).statusCode() == 202);
    }

    @Test
    void the_bucket_is_in_the_database_so_every_instance_shares_it() {
        TenantKey key = TestKeys.newTenant("rate-shared", "member");
        setLimits(key.tenantId(), "{\"submissionsPerMinute\":60}");
        assertThat(submit(key).statusCode()).isEqualTo(202);
        // another api instance emptied the bucket
        QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery(
                        "update tenants set bucket_tokens = 0, bucket_refilled_at = now() where id = :id")
                .setParameter("id", key.tenantId()).executeUpdate());
        assertThat(submit(key).statusCode()).isEqualTo(429);
    }

    @Test
    void open_jobs_are_capped_until_one_finishes() {
        TenantKey key = TestKeys.newTenant("open-jobs", "member");
        setLimits(key.tenantId(), "{\"maxOpenJobs\":2}");
        String first = submit(key).path("id");
        assertThat(submit(key).statusCode()).isEqualTo(202);
        ExtractableResponse<Response> refused = submit(key);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.<String>path("type")).isEqualTo("urn:diffusion:problem:quota-exceeded");
        assertThat(refused.<String>path("detail")).contains("2 QUEUED or RUNNING jobs");

        given().auth().oauth2(key.key()).when().post("/api/v1/jobs/" + first + "/cancel").then().statusCode(200);
        assertThat(submit(key).statusCode()).isEqualTo(202);
        assertThat(submit(key).statusCode()).isEqualTo(429);
    }

    @Test
    void a_job_bigger_than_the_tenants_maximum_is_422_naming_the_field() {
        TenantKey key = TestKeys.newTenant("job-size", "member");
        setLimits(key.tenantId(), "{\"maxTrainingWork\":640}");
        given().auth().oauth2(key.key()).contentType(ContentType.JSON)
                .body("{\"dataset\":\"shapes\",\"steps\":10,\"batchSize\":65}").when().post("/api/v1/training-jobs")
                .then().statusCode(422).body("errors[0].field", equalTo("steps"))
                .body("errors[0].message", equalTo("steps × batchSize is 650, above this tenant's maximum of 640; "
                        + "lower steps or batchSize"));
        given().auth().oauth2(key.key()).contentType(ContentType.JSON)
                .body("{\"dataset\":\"shapes\",\"steps\":10,\"batchSize\":64}").when().post("/api/v1/training-jobs")
                .then().statusCode(202);

        UUID model = Scenarios.trainedModel(new TestWorker("worker-job-size", s3), 50, 4);
        UUID defaultTenant = UUID.fromString("00000000-0000-0000-0000-000000000001");
        try {
            setLimits(defaultTenant, "{\"maxImagesPerJob\":50}");
            Api.postGeneration("{\"modelId\":\"" + model + "\",\"steps\":10,\"numImages\":51}").statusCode(422)
                    .body("errors[0].field", equalTo("numImages"));
            Api.postGeneration("{\"modelId\":\"" + model + "\",\"steps\":10,\"numImages\":50}").statusCode(202);
            // 4 classes × 20 images
            Api.postEvaluation("{\"modelId\":\"" + model + "\",\"imagesPerClass\":20}").statusCode(422)
                    .body("errors[0].field", equalTo("imagesPerClass"));
            Api.postEvaluation("{\"modelId\":\"" + model + "\",\"imagesPerClass\":12}").statusCode(202);
        } finally {
            setLimits(defaultTenant, "{}");
        }
    }

    @Test
    void limits_are_shown_reset_and_checked() {
        TenantKey key = TestKeys.newTenant("limits", "member");
        String path = "/api/v1/admin/tenants/" + key.tenantId() + "/limits";
        given().contentType(ContentType.JSON).body("{\"submissionsPerMinute\":30,\"maxOpenJobs\":5}").when().put(path)
                .then().statusCode(200).body("limits.submissionsPerMinute", equalTo(30))
                .body("limits.maxOpenJobs", equalTo(5)).body("limits.maxTrainingWork", equalTo(0))
                .body("limits.maxImagesPerJob", equalTo(0));
        // absent: the installation's default (unlimited here)
        given().contentType(ContentType.JSON).body("{}").when().put(path).then().statusCode(200)
                .body("limits.submissionsPerMinute", equalTo(0)).body("limits.maxOpenJobs", equalTo(0));
        given().contentType(ContentType.JSON).body("{\"submissionsPerMinute\":-1,\"maxOpenJobs\":2000000,"
                        + "\"maxTrainingWork\":-5,\"maxImagesPerJob\":1000001}")
                .when().put(path).then().statusCode(422).body("errors.field",
                        equalTo(List.of("submissionsPerMinute", "maxOpenJobs", "maxTrainingWork", "maxImagesPerJob")));
        given().contentType(ContentType.JSON).body("{\"submissionsPerMinute\":1.5}").when().put(path).then()
                .statusCode(400).body("errors[0].field", equalTo("submissionsPerMinute"));
        given().auth().oauth2(key.key()).contentType(ContentType.JSON).body("{}").when().put(path).then()
                .statusCode(403);
        given().contentType(ContentType.JSON).body("{}").when()
                .put("/api/v1/admin/tenants/" + UUID.randomUUID() + "/limits").then().statusCode(404)
                .body("errors", equalTo(List.of())).body("limits", nullValue());
    }
}
