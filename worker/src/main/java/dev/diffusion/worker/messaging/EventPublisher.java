package dev.diffusion.worker.messaging;

import dev.diffusion.common.messaging.DeadLetter;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.MessageCodec;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.KafkaException;

/**
 * Sends job events (key = job id, so a job's events stay in order) and dead letters. One producer for
 * the whole worker; thread-safe.
 */
public final class EventPublisher implements AutoCloseable {

    private final Producer<String, String> producer;
    private final String eventsTopic;
    private final String deadLettersTopic;

    public EventPublisher(Producer<String, String> producer, String eventsTopic, String deadLettersTopic) {
        this.producer = producer;
        this.eventsTopic = eventsTopic;
        this.deadLettersTopic = deadLettersTopic;
    }

    /**
     * Hands an event to the producer. The future completes when Kafka acknowledged it (all in-sync
     * replicas) or fails after the delivery timeout. {@code send} itself may block up to the
     * producer's {@code max.block.ms} when Kafka is unreachable; that failure also ends up in the future.
     */
    public CompletableFuture<RecordMetadata> send(JobEvent event) {
        return send(eventsTopic, event.jobId().toString(), MessageCodec.encode(event), JobEvent.class);
    }

    /**
     * Publishes a dead letter and waits for the acknowledgement, so the caller may commit past the
     * rejected record only when it is safely recorded.
     *
     * @throws KafkaException when Kafka did not acknowledge it within {@code timeout}
     */
    public void publishDeadLetter(DeadLetter letter, Duration timeout) {
        CompletableFuture<RecordMetadata> ack =
                send(deadLettersTopic, letter.key(), MessageCodec.encode(letter), DeadLetter.class);
        try {
            ack.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KafkaException("interrupted while publishing a dead letter", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new KafkaException("dead letter for " + letter.sourceTopic() + "[" + letter.partition() + "]@"
                    + letter.offset() + " not acknowledged: " + (e.getCause() != null ? e.getCause() : e), e);
        }
    }

    private CompletableFuture<RecordMetadata> send(String topic, String key, String value, Class<?> type) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
        record.headers().add(MessageCodec.TYPE_HEADER, type.getSimpleName().getBytes(StandardCharsets.UTF_8));
        CompletableFuture<RecordMetadata> ack = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, failure) -> {
                if (failure != null) {
                    ack.completeExceptionally(failure);
                } else {
                    ack.complete(metadata);
                }
            });
        } catch (KafkaException e) {
            ack.completeExceptionally(e);
        }
        return ack;
    }

    /** Sends what is buffered, waiting at most {@code timeout}. */
    public void close(Duration timeout) {
        producer.close(timeout);
    }

    @Override
    public void close() {
        close(Duration.ofSeconds(10));
    }
}
