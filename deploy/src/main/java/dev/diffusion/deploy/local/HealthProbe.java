package dev.diffusion.deploy.local;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Asks a Quarkus application whether it is ready: {@code GET /q/health/ready} answers 200 when UP. */
public final class HealthProbe {

    private final URI readiness;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();

    public HealthProbe(int port) {
        this.readiness = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
    }

    public URI uri() {
        return readiness;
    }

    /** True when the endpoint answers 200 with status UP; false while it is down or not listening yet. */
    public boolean isUp() throws InterruptedException {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(readiness).timeout(Duration.ofSeconds(3)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException notListeningYet) {
            return false;
        }
    }
}
