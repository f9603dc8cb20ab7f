package dev.diffusion.api.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.api.testing.Api;
import dev.diffusion.api.testing.KafkaTestClient;
import dev.diffusion.api.testing.TestKeys;
import dev.diffusion.api.testing.TestWorker;
import io.minio.MinioClient;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

@QuarkusTest
class JobEventStreamTest {

    @TestHTTPResource("/api/v1/jobs/")
    URI jobs;

    @Inject
    MinioClient s3;

    @Test
    void the_event_stream_sends_status_and_progress_changes_and_ends_with_the_final_status() throws Exception {
        UUID id = Api.submitTraining();
        List<String> lines = new CopyOnWriteArrayList<>();
        HttpRequest request = HttpRequest.newBuilder(jobs.resolve(id + "/events"))
                .header("Accept", "text/event-stream").header("Authorization", "Bearer " + TestKeys.admin()).build();
        CompletableFuture<HttpResponse<Void>> stream = HttpClient.newHttpClient()
                .sendAsync(request, HttpResponse.BodyHandlers.ofLines()).thenApply(response -> {
                    response.body().forEach(lines::add);
                    return null;
                }).thenApply(v -> (HttpResponse<Void>) null);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"QUEUED\"")));

        TestWorker.Run run = new TestWorker("worker-sse", s3).start(KafkaTestClient.get().awaitDispatch(id, 1));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lines.stream().anyMatch(l -> l.contains("\"RUNNING\"")));
        run.progress(7, 20, 0.2);
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> lines.contains("event:progress"));
        run.succeedTraining("w".getBytes(), List.of(), java.util.Map.of());

        stream.get(20, TimeUnit.SECONDS);
        List<String> events = lines.stream().filter(l -> l.startsWith("event:")).toList();
        assertThat(events).startsWith("event:status", "event:status").contains("event:progress").endsWith("event:status");
        assertThat(lines.stream().filter(l -> l.startsWith("data:")).toList().get(0))
                .contains("\"jobId\":\"" + id + "\"").contains("\"status\":\"QUEUED\"");
        assertThat(lines).anyMatch(l -> l.startsWith("data:") && l.contains("\"step\":7"));
        assertThat(lines.get(lines.size() - 1).isEmpty() || lines.stream().anyMatch(l -> l.contains("\"SUCCEEDED\""))).isTrue();
        assertThat(lines).anyMatch(l -> l.contains("\"SUCCEEDED\""));
    }
}
