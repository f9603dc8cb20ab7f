package dev.diffusion.api.storage;

import dev.diffusion.api.config.DiffusionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when object storage answers and the three buckets exist. */
@Readiness
@ApplicationScoped
public class StorageReadinessCheck implements HealthCheck {

    private final Buckets buckets;
    private final String endpoint;

    @Inject
    public StorageReadinessCheck(Buckets buckets, DiffusionConfig config) {
        this.buckets = buckets;
        this.endpoint = config.s3().endpoint();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Object storage").withData("endpoint", endpoint);
        try {
            List<String> missing = buckets.missing();
            return response.withData("missingBuckets", missing.toString()).status(missing.isEmpty()).build();
        } catch (Exception e) {
            return response.withData("error", String.valueOf(e.getMessage())).down().build();
        }
    }
}
