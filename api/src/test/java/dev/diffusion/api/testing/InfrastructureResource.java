package dev.diffusion.api.testing;

import dev.diffusion.deploy.infra.ServiceSettings.Service;
import dev.diffusion.deploy.infra.SharedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.util.Map;

/** Starts the shared real PostgreSQL, Kafka and S3 servers and points the api at them. */
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedInfrastructure.quarkusConfiguration(Service.API);
    }

    @Override
    public void stop() {
        // shared by every test class of the JVM; closed by its shutdown hook
    }
}
