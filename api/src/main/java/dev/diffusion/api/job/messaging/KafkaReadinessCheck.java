package dev.diffusion.api.job.messaging;

import dev.diffusion.api.config.DiffusionConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready when a Kafka broker answers and the topics exist. */
@Readiness
@ApplicationScoped
public class KafkaReadinessCheck implements HealthCheck {

    private final KafkaClients clients;
    private final KafkaTopics topics;
    private final DiffusionConfig.Kafka kafka;

    @Inject
    public KafkaReadinessCheck(KafkaClients clients, KafkaTopics topics, DiffusionConfig config) {
        this.clients = clients;
        this.topics = topics;
        this.kafka = config.kafka();
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named("Kafka")
                .withData("bootstrapServers", kafka.bootstrapServers())
                .withData("topicsReady", topics.isReady());
        long timeoutMs = Math.min(3000, kafka.adminTimeout().toMillis());
        try {
            int nodes = clients.admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs))
                    .nodes().get(timeoutMs + 500, TimeUnit.MILLISECONDS).size();
            return response.withData("brokers", nodes).status(nodes > 0 && topics.isReady()).build();
        } catch (Exception e) {
            return response.withData("error", String.valueOf(e.getMessage())).down().build();
        }
    }
}
