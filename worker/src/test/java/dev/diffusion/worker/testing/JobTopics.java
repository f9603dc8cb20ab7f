package dev.diffusion.worker.testing;

import static org.awaitility.Awaitility.await;

import dev.diffusion.common.messaging.DeadLetter;
import dev.diffusion.common.messaging.EventKind;
import dev.diffusion.common.messaging.JobControl;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.MessageCodec;
import dev.diffusion.common.messaging.Topics;
import dev.diffusion.deploy.infra.SharedInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The api's side of the topics, for tests: publishes dispatches, control commands and raw records, and
 * records every job event and dead letter published after it was opened.
 */
public final class JobTopics implements AutoCloseable {

    private final String bootstrap = SharedInfrastructure.get().kafka().bootstrapServers();
    private final KafkaProducer<String, String> producer;
    private final List<JobEvent> events = new CopyOnWriteArrayList<>();
    private final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    private final KafkaConsumer<String, String> reader;
    private final Thread readerThread;
    private volatile boolean open = true;

    public JobTopics() {
        Properties p = new Properties();
        p.put("bootstrap.servers", bootstrap);
        p.put("acks", "all");
        p.put("key.serializer", StringSerializer.class.getName());
        p.put("value.serializer", StringSerializer.class.getName());
        producer = new KafkaProducer<>(p);
        Properties c = new Properties();
        c.put("bootstrap.servers", bootstrap);
        c.put("enable.auto.commit", false);
        c.put("key.deserializer", StringDeserializer.class.getName());
        c.put("value.deserializer", StringDeserializer.class.getName());
        reader = new KafkaConsumer<>(c);
        List<TopicPartition> partitions = new ArrayList<>();
        for (String topic : List.of(Topics.JOB_EVENTS, Topics.DEAD_LETTERS)) {
            reader.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
        }
        reader.assign(partitions);
        reader.seekToEnd(partitions);
        partitions.forEach(reader::position);
        readerThread = new Thread(this::read, "test-event-reader");
        readerThread.setDaemon(true);
        readerThread.start();
    }

    private void read() {
        try {
            while (open) {
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(100))) {
                    if (record.topic().equals(Topics.JOB_EVENTS)) {
                        events.add(MessageCodec.decode(record.value(), JobEvent.class));
                    } else {
                        deadLetters.add(MessageCodec.decode(record.value(), DeadLetter.class));
                    }
                }
            }
        } catch (WakeupException closing) {
            // close()
        } finally {
            reader.close();
        }
    }

    public void dispatch(JobDispatch dispatch) {
        send(Topics.JOBS, dispatch.jobId().toString(), MessageCodec.encode(dispatch));
    }

    public void control(JobControl control) {
        send(Topics.JOB_CONTROL, control.jobId().toString(), MessageCodec.encode(control));
    }

    public void send(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError("cannot publish to " + topic, e);
        }
    }

    /** The events of a job so far, in arrival order. */
    public List<JobEvent> events(UUID jobId) {
        return events.stream().filter(e -> e.jobId().equals(jobId)).collect(Collectors.toList());
    }

    /** Waits for an event of the job that matches, and returns it. */
    public JobEvent awaitEvent(UUID jobId, Duration timeout, Predicate<JobEvent> matching) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> events(jobId).stream().anyMatch(matching));
        return events(jobId).stream().filter(matching).findFirst().orElseThrow();
    }

    /** Waits for the job's final event (SUCCEEDED, FAILED or CANCELLED) of {@code attempt}. */
    public JobEvent awaitEnd(UUID jobId, int attempt, Duration timeout) {
        return awaitEvent(jobId, timeout, e -> e.attempt() == attempt && e.kind().endsAttempt());
    }

    public JobEvent awaitKind(UUID jobId, EventKind kind, Duration timeout) {
        return awaitEvent(jobId, timeout, e -> e.kind() == kind);
    }

    public DeadLetter awaitDeadLetter(Predicate<DeadLetter> matching, Duration timeout) {
        await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> deadLetters.stream().anyMatch(matching));
        return deadLetters.stream().filter(matching).findFirst().orElseThrow();
    }

    @Override
    public void close() {
        open = false;
        reader.wakeup();
        try {
            readerThread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        producer.close(Duration.ofSeconds(5));
    }
}
