package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffusion.common.storage.ObjectKeys;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/** The api's REST interface as a user's HTTP client sees it: every call with the user's API key. */
final class ApiClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String base;
    private final String authorization;
    private final java.util.List<UUID> submitted = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** A client of the api on {@code port} sending {@code apiKey} as {@code Authorization: Bearer}. */
    ApiClient(int port, String apiKey) {
        this.base = "http://127.0.0.1:" + port;
        this.authorization = "Bearer " + apiKey;
    }

    /** {@code http://127.0.0.1:<port>}: the api, and the dashboard it serves at {@code /}. */
    String baseUrl() {
        return base;
    }

    /** The API key this client sends. */
    String apiKey() {
        return authorization.substring("Bearer ".length());
    }

    /** Counts a job submitted elsewhere (the dashboard) as this client's, so that it is cancelled after the test. */
    void adopt(UUID id) {
        submitted.add(id);
    }

    /** POSTs JSON and returns the answer, asserting the status. */
    JsonNode post(String path, String json, int expectedStatus) {
        HttpResponse<String> response = send(api(path)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build());
        assertThat(response.statusCode()).as("POST %s %s -> %s", path, json, response.body()).isEqualTo(expectedStatus);
        return parse(response.body());
    }

    JsonNode get(String path) {
        HttpResponse<String> response = send(api(path).GET().build());
        assertThat(response.statusCode()).as("GET %s -> %s", path, response.body()).isEqualTo(200);
        return parse(response.body());
    }

    /** Submits a training job; returns its id. */
    UUID submitTraining(String specJson) {
        return remember(post("/api/v1/training-jobs", specJson, 202));
    }

    UUID submitGeneration(String specJson) {
        return remember(post("/api/v1/generation-jobs", specJson, 202));
    }

    UUID submitEvaluation(String specJson) {
        return remember(post("/api/v1/evaluation-jobs", specJson, 202));
    }

    private UUID remember(JsonNode job) {
        UUID id = UUID.fromString(job.get("id").asText());
        submitted.add(id);
        return id;
    }

    /** Cancels every job submitted through this client that has not finished, so the next test finds idle workers. */
    void cancelUnfinished() {
        for (UUID id : submitted) {
            String status = job(id).get("status").asText();
            if (status.equals("QUEUED") || status.equals("RUNNING")) {
                send(api("/api/v1/jobs/" + id + "/cancel")
                        .POST(HttpRequest.BodyPublishers.noBody()).build());
            }
        }
        for (UUID id : submitted) {
            awaitStatus(id, Set.of("SUCCEEDED", "FAILED", "CANCELLED"), Duration.ofMinutes(1));
        }
        submitted.clear();
    }

    JsonNode job(UUID id) {
        return get("/api/v1/jobs/" + id);
    }

    /** Polls the job until its status is one of {@code statuses}; returns that view of it. */
    JsonNode awaitStatus(UUID id, Set<String> statuses, Duration timeout) {
        AtomicReference<JsonNode> last = new AtomicReference<>();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(250)).until(() -> {
                last.set(job(id));
                return statuses.contains(last.get().get("status").asText());
            });
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            throw new AssertionError("job " + id + " not in " + statuses + " after " + timeout + "; last seen: "
                    + last.get(), e);
        }
        return last.get();
    }

    JsonNode awaitStatus(UUID id, String status, Duration timeout) {
        return awaitStatus(id, Set.of(status), timeout);
    }

    /**
     * Downloads a job's artifact through its presigned URL and checks it against the size and SHA-256 the job
     * lists for it; artifacts are in the artifacts bucket.
     */
    byte[] downloadArtifact(JsonNode job, String name) {
        JsonNode artifact = java.util.stream.StreamSupport.stream(job.get("artifacts").spliterator(), false)
                .filter(a -> a.get("name").asText().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no artifact " + name + " in " + job.get("artifacts")));
        String url = artifact.get("url").asText();
        assertThat(URI.create(url).getPath()).as("in the worker's default artifacts bucket")
                .startsWith("/" + ObjectKeys.ARTIFACTS_BUCKET + "/");
        byte[] bytes = download(url);
        assertThat(bytes).as(name).hasSize(artifact.get("sizeBytes").asInt());
        assertThat(sha256(bytes)).as(name).isEqualTo(artifact.get("sha256").asText());
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Uploads bytes to a presigned PUT URL as any client would (no credentials). */
    void upload(String url, byte[] bytes) {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(url))
                    .PUT(HttpRequest.BodyPublishers.ofByteArray(bytes)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("PUT %s -> %s", url, response.body()).isEqualTo(200);
        } catch (IOException e) {
            throw new AssertionError("cannot upload to " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Asks for an upload URL for {@code path} in the caller's tenant area, PUTs the bytes there; returns the location. */
    String uploadToTenantArea(String path, byte[] bytes) {
        JsonNode answer = post("/api/v1/uploads", "{\"path\":\"" + path + "\"}", 200);
        upload(answer.get("url").asText(), bytes);
        return answer.get("location").asText();
    }

    UUID submitImport(String specJson) {
        return remember(post("/api/v1/import-jobs", specJson, 202));
    }

    /** Downloads a presigned URL as any client would (no credentials). */
    byte[] download(String url) {
        try {
            HttpResponse<byte[]> response = http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
            return response.body();
        } catch (IOException e) {
            throw new AssertionError("cannot download " + url, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** A request to the api with the key (presigned downloads go without it). */
    private HttpRequest.Builder api(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).header("Authorization", authorization);
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError("api unreachable: " + request.uri(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
