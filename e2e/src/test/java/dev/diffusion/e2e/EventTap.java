package dev.diffusion.e2e;

import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.MessageCodec;
import dev.diffusion.common.messaging.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Reads the workers' job events from Kafka next to the api (no group, from the start of the topic), so a test
 * can look at what the api only summarises — e.g. the first training step an attempt reported.
 */
final class EventTap implements AutoCloseable {

    private final KafkaConsumer<String, String> consumer;
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private final Thread thread;
    private volatile boolean open = true;

    EventTap(String bootstrapServers) {
        consumer = new KafkaConsumer<>(Map.of(
                "bootstrap.servers", bootstrapServers,
                "enable.auto.commit", false,
                "auto.offset.reset", "earliest",
                "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName()));
        List<TopicPartition> partitions = new ArrayList<>();
        consumer.partitionsFor(Topics.JOB_EVENTS).forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        thread = new Thread(this::read, "e2e-event-tap");
        thread.setDaemon(true);
        thread.start();
    }

    private void read() {
        try {
            while (open) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    events.add(MessageCodec.decode(record.value(), JobEvent.class));
                }
            }
        } catch (WakeupException closing) {
            // close()
        } finally {
            consumer.close();
        }
    }

    List<JobEvent> events(UUID jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId)).toList();
    }

    JobEvent await(UUID jobId, Duration timeout, Predicate<JobEvent> matching) {
        org.awaitility.Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(100))
                .until(() -> events(jobId).stream().anyMatch(matching));
        return events(jobId).stream().filter(matching).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        open = false;
        consumer.wakeup();
    }
}
