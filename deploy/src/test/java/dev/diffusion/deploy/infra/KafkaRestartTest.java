package dev.diffusion.deploy.infra;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Kafka alone can be stopped and started again on the same port and log directory. */
class KafkaRestartTest {

    private static LocalInfrastructure infra;

    @BeforeAll
    static void startKafka() {
        infra = LocalInfrastructure.builder().optComponents(EnumSet.of(Component.KAFKA)).start();
    }

    @AfterAll
    static void stopKafka() {
        if (infra != null) {
            infra.close();
        }
    }

    @Test
    void a_restarted_broker_keeps_its_port_and_its_records() throws Exception {
        KafkaBroker kafka = infra.kafka();
        String bootstrapServers = kafka.bootstrapServers();
        kafka.createTopics(1, List.of("restart-test"));
        KafkaRecords.send(bootstrapServers, "restart-test", "before", "1");

        kafka.stop();
        kafka.stop();
        assertThat(kafka.isRunning()).isFalse();
        assertThat(Ports.isFree(kafka.port())).isTrue();
        kafka.start();
        kafka.start();
        assertThat(kafka.isRunning()).isTrue();

        assertThat(kafka.bootstrapServers()).isEqualTo(bootstrapServers);
        KafkaRecords.send(bootstrapServers, "restart-test", "after", "2");
        List<ConsumerRecord<String, String>> records =
                KafkaRecords.readFromStart(bootstrapServers, "restart-test", 2, Duration.ofSeconds(30));
        assertThat(records).extracting(ConsumerRecord::key).containsExactly("before", "after");
    }
}
