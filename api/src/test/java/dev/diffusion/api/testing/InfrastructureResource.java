package dev.diffusion.api.testing;

import dev.diffusion.deploy.infra.ServiceSettings.Service;
import dev.diffusion.deploy.infra.SharedInfrastructure;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.util.Map;

/**
 * Real PostgreSQL, Kafka and S3 for every {@code @QuarkusTest} of the api (global scope: no annotation needed
 * on the tests). The servers are shared by all tests of the JVM; default topics and buckets exist. Tests that
 * need the handles (e.g. to stop Kafka) use {@link SharedInfrastructure#get()}.
 */
@WithTestResource(value = InfrastructureResource.class, scope = TestResourceScope.GLOBAL)
public class InfrastructureResource implements QuarkusTestResourceLifecycleManager {

    @Override
    public Map<String, String> start() {
        return SharedInfrastructure.quarkusConfiguration(Service.API);
    }

    @Override
    public void stop() {
        SharedInfrastructure.close();
    }
}
