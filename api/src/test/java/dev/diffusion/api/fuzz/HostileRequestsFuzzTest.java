package dev.diffusion.api.fuzz;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.TestKeys;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's fuzz: {@value #COUNT} malformed or hostile requests from seed {@value #SEED} get no 5xx, every 4xx the
 * api answers is a problem document, the api stays ready and takes normal work, and every job it accepted is there.
 */
@QuarkusTest
class HostileRequestsFuzzTest {

    static final long SEED = 20261205L;
    static final int COUNT = 1_200;
    /** Refused by the HTTP layer before the api reads the request (body, request line, headers too long). */
    private static final Set<Integer> HTTP_LAYER = Set.of(405, 413, 414, 431);
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([0-9a-f-]{36})\"");

    @TestHTTPResource("/")
    URL root;

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void hostile_requests_get_no_5xx_and_lose_no_job() {
        HostileRequests.Keys keys = keys();
        List<FuzzRequest> requests = new HostileRequests(SEED, keys).generate(COUNT);
        List<String> serverErrors = new ArrayList<>();
        List<String> notProblems = new ArrayList<>();
        Map<UUID, String> accepted = new TreeMap<>();
        Map<String, Integer> categories = new TreeMap<>();

        for (FuzzRequest request : requests) {
            categories.merge(request.category(), 1, Integer::sum);
            HttpResponse<String> response;
            try {
                response = send(request);
            } catch (AssertionError e) {
                serverErrors.add("no answer " + request + " → " + e.getCause());
                continue;
            }
            int status = response.statusCode();
            if (status >= 500) {
                serverErrors.add(status + " " + request + " → " + abbreviate(response.body()));
            } else if (status >= 400 && !HTTP_LAYER.contains(status) && !"HEAD".equals(request.method())
                    && !response.headers().firstValue("Content-Type").orElse("").startsWith(Api.PROBLEM_JSON)) {
                notProblems.add(status + " " + request + " → " + response.headers().firstValue("Content-Type"));
            } else if (status < 300 && request.submitsJob()) {
                Matcher id = ID.matcher(response.body());
                assertThat(id.find()).as("a %d to %s names the job", status, request).isTrue();
                accepted.put(UUID.fromString(id.group(1)), request.authorization());
            }
        }

        assertThat(requests).hasSizeGreaterThanOrEqualTo(1_000);
        assertThat(serverErrors).as("5xx answers (of %s)", categories).isEmpty();
        assertThat(notProblems).as("4xx answers without a problem document").isEmpty();
        given().auth().none().when().get("/q/health/ready").then().statusCode(200);
        Api.submitTraining();
        accepted.forEach((id, authorization) -> assertThat(send(get("/api/v1/jobs/" + id, authorization)).statusCode())
                .as("job %s accepted during the fuzz", id).isEqualTo(200));
    }

    private HostileRequests.Keys keys() {
        var member = TestKeys.newTenant("fuzz", "member");
        var revoked = TestKeys.newKey(member.tenantId(), "member");
        given().when().post("/api/v1/admin/keys/" + revoked.keyId() + "/revoke").then().statusCode(200);
        UUID ownJob = Api.submitTraining();
        UUID otherJob = UUID.fromString(given().auth().oauth2(member.key()).contentType("application/json")
                .body(HostileBodies.TRAINING).when().post("/api/v1/training-jobs").then().statusCode(202)
                .extract().path("id"));
        // finished jobs, so that an event stream the fuzz opens on them ends at once
        given().when().post("/api/v1/jobs/" + ownJob + "/cancel").then().statusCode(200);
        given().auth().oauth2(member.key()).when().post("/api/v1/jobs/" + otherJob + "/cancel").then().statusCode(200);
        return new HostileRequests.Keys(TestKeys.admin(), member.key(), revoked.key(), ownJob, otherJob);
    }

    private FuzzRequest get(String path, String authorization) {
        return new FuzzRequest.Builder("check", null).header("Authorization", authorization).path(path).build();
    }

    private HttpResponse<String> send(FuzzRequest request) {
        HttpRequest.BodyPublisher body = request.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(request.body());
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(root.toString().replaceAll("/$", "")
                        + request.path())).timeout(Duration.ofSeconds(20)).method(request.method(), body)
                .expectContinue(request.body() != null && request.body().length > 1024 * 1024);
        request.headers().forEach(builder::header);
        try {
            try {
                return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            } catch (IOException stale) {
                // the server closes a connection after refusing an oversized body; the pool may hand it out once more
                return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            }
        } catch (IOException e) {
            throw new AssertionError("no answer to " + request, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted at " + request, e);
        }
    }

    private static String abbreviate(String text) {
        return text.length() <= 300 ? text : text.substring(0, 300) + "…";
    }
}
