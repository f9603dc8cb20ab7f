package dev.diffusion.worker.job;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.engine.numerics.CpuDescription;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** The readiness and liveness endpoints with real Kafka and S3. */
@QuarkusTest
class WorkerHealthTest {

    @TestHTTPResource("/q/health/ready")
    URI ready;

    @TestHTTPResource("/q/health/live")
    URI live;

    @Inject
    JobService service;

    @Test
    void readyWhenKafkaAndStorageAnswer() throws Exception {
        HttpResponse<String> response = get(ready);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"status\": \"UP\"").contains("broker(s)").contains(service.workerId());
    }

    @Test
    void liveWhileTheJobServiceThreadsRun() throws Exception {
        service.start();

        HttpResponse<String> response = get(live);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("job service").contains("\"started\": true");
    }

    @Test
    void readinessShowsTheEngineSelfCheckWithCpuKernelsAndThreads() throws Exception {
        service.start();

        HttpResponse<String> response = get(ready);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("engine numerics").contains("\"kernels\": \"")
                .contains("\"cpu\": \"" + CpuDescription.current().model() + "\"")
                .contains("\"instructionSet\"").contains("\"threads\"").contains("passed: 43 checks on ");
    }

    private static HttpResponse<String> get(URI uri) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(uri).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
