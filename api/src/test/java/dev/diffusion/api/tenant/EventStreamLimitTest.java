package dev.diffusion.api.tenant;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestKeys.TenantKey;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/** A tenant's open event streams are capped across api instances (leased rows in PostgreSQL). */
@QuarkusTest
class EventStreamLimitTest {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TestHTTPResource("/api/v1/jobs/")
    URI jobs;

    @Inject
    EntityManager db;

    private InputStream open(TenantKey key, UUID job) throws Exception {
        HttpResponse<InputStream> response = HTTP.send(HttpRequest.newBuilder(jobs.resolve(job + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + key.key()).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        return response.body();
    }

    private static int status(TenantKey key, UUID job) {
        return given().auth().oauth2(key.key()).when().get("/api/v1/jobs/" + job + "/events").then()
                .extract().statusCode();
    }

    private long openRows(UUID tenant) {
        return QuarkusTransaction.requiringNew().call(() -> ((Number) db.createNativeQuery(
                "select count(*) from event_streams where tenant_id = :t").setParameter("t", tenant)
                .getSingleResult()).longValue());
    }

    @Test
    void streams_over_the_maximum_get_429_until_one_closes() throws Exception {
        TenantKey key = TestKeys.newTenant("streams", "member");
        given().contentType(ContentType.JSON).body("{\"maxEventStreams\":2}")
                .when().put("/api/v1/admin/tenants/" + key.tenantId() + "/limits").then().statusCode(200);
        UUID job = UUID.fromString(given().auth().oauth2(key.key()).contentType(ContentType.JSON)
                .body("{\"dataset\":\"shapes\",\"steps\":10}").when().post("/api/v1/training-jobs").then()
                .statusCode(202).extract().path("id"));

        InputStream first = open(key, job);
        InputStream second = open(key, job);
        given().auth().oauth2(key.key()).when().get("/api/v1/jobs/" + job + "/events").then().statusCode(429)
                .contentType(Api.PROBLEM_JSON).body("type", equalTo("urn:diffusion:problem:quota-exceeded"));

        first.close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> openRows(key.tenantId()) == 1);
        InputStream third = open(key, job);
        assertThat(status(key, job)).isEqualTo(429);
        second.close();
        third.close();
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> openRows(key.tenantId()) == 0);

        // another instance's live stream counts; a dead instance's expired one does not
        QuarkusTransaction.requiringNew().run(() -> db.createNativeQuery("insert into event_streams values "
                        + "(gen_random_uuid(), :t, :j, now() + interval '30 seconds'), "
                        + "(gen_random_uuid(), :t, :j, now() - interval '1 second')")
                .setParameter("t", key.tenantId()).setParameter("j", job).executeUpdate());
        InputStream fourth = open(key, job);
        assertThat(status(key, job)).isEqualTo(429);
        fourth.close();
    }
}
