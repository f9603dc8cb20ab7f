package dev.diffusion.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.diffusion.deploy.infra.KafkaBroker;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** A job submitted while Kafka is down waits in QUEUED and completes once Kafka is back. */
class KafkaOutageIT extends PlatformTestBase {

    @Test
    void aJobSubmittedWhileKafkaIsDownCompletesAfterKafkaIsRestarted() {
        KafkaBroker kafka = platform.infrastructure().kafka();
        kafka.stop();
        UUID job;
        try {
            job = api.submitTraining(Specs.shapesTraining(10, 10, 0));
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> api.job(job).get("status").asText().equals("QUEUED"));
        } finally {
            kafka.start();
        }

        JsonNode done = api.awaitStatus(job, "SUCCEEDED", Duration.ofMinutes(3));

        assertThat(done.get("attempt").asInt()).isEqualTo(1);
        assertThat(done.get("modelId").isNull()).isFalse();
    }
}
