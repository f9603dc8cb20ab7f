package dev.diffusion.api.testing;

import dev.diffusion.common.messaging.DeadLetter;
import dev.diffusion.common.messaging.JobControl;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.MessageCodec;
import dev.diffusion.common.messaging.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * The tests' own Kafka clients, playing the worker's side of the contract: a producer of job events and
 * a background reader of the jobs, control and dead-letter topics (all partitions, from the beginning,
 * no group) that keeps every record it saw. One per JVM.
 */
public final class KafkaTestClient {

    private static KafkaTestClient instance;

    private final KafkaProducer<String, String> producer;
    private final List<ConsumerRecord<String, String>> seen = new CopyOnWriteArrayList<>();
    private final Thread reader;
    private volatile boolean running = true;

    private KafkaTestClient(String bootstrap) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        producer = new KafkaProducer<>(p);
        reader = new Thread(() -> read(bootstrap), "test-kafka-reader");
        reader.setDaemon(true);
        reader.start();
    }

    /** The shared client, connected to the broker the api uses. */
    public static synchronized KafkaTestClient get() {
        if (instance == null) {
            instance = new KafkaTestClient(ConfigProvider.getConfig()
                    .getValue("diffusion.kafka.bootstrap-servers", String.class));
        }
        return instance;
    }

    /** Publishes events as a worker would: key = job id, acknowledged before returning. */
    public void publish(JobEvent... events) {
        for (JobEvent e : events) {
            publishRaw(Topics.JOB_EVENTS, e.jobId().toString(), MessageCodec.encode(e));
        }
    }

    public void publishRaw(String topic, String key, String value) {
        try {
            producer.send(new ProducerRecord<>(topic, key, value)).get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("cannot publish to " + topic, e);
        }
    }

    /** Waits for the dispatch of {@code attempt} of the job and checks its key. */
    public JobDispatch awaitDispatch(UUID jobId, int attempt, Duration timeout) {
        ConsumerRecord<String, String> r = await(Topics.JOBS, rec -> jobId.toString().equals(rec.key())
                && MessageCodec.decode(rec.value(), JobDispatch.class).attempt() == attempt, timeout);
        return MessageCodec.decode(r.value(), JobDispatch.class);
    }

    public JobDispatch awaitDispatch(UUID jobId, int attempt) {
        return awaitDispatch(jobId, attempt, Duration.ofSeconds(20));
    }

    public List<JobDispatch> dispatches(UUID jobId) {
        return records(Topics.JOBS, jobId).stream().map(r -> MessageCodec.decode(r.value(), JobDispatch.class)).toList();
    }

    public JobControl awaitControl(UUID jobId, int attempt) {
        ConsumerRecord<String, String> r = await(Topics.JOB_CONTROL, rec -> jobId.toString().equals(rec.key())
                && MessageCodec.decode(rec.value(), JobControl.class).attempt() == attempt, Duration.ofSeconds(20));
        return MessageCodec.decode(r.value(), JobControl.class);
    }

    public List<JobControl> controls(UUID jobId) {
        return records(Topics.JOB_CONTROL, jobId).stream().map(r -> MessageCodec.decode(r.value(), JobControl.class)).toList();
    }

    public DeadLetter awaitDeadLetter(Predicate<DeadLetter> matching) {
        ConsumerRecord<String, String> r = await(Topics.DEAD_LETTERS,
                rec -> matching.test(MessageCodec.decode(rec.value(), DeadLetter.class)), Duration.ofSeconds(20));
        return MessageCodec.decode(r.value(), DeadLetter.class);
    }

    public List<ConsumerRecord<String, String>> records(String topic, UUID jobId) {
        List<ConsumerRecord<String, String>> out = new ArrayList<>();
        for (ConsumerRecord<String, String> r : seen) {
            if (r.topic().equals(topic) && jobId.toString().equals(r.key())) {
                out.add(r);
            }
        }
        return out;
    }

    private ConsumerRecord<String, String> await(String topic, Predicate<ConsumerRecord<String, String>> matching,
                                                 Duration timeout) {
        return Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(50))
                .until(() -> seen.stream().filter(r -> r.topic().equals(topic)).filter(matching).findFirst().orElse(null),
                        r -> r != null);
    }

    private void read(String bootstrap) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of(Topics.JOBS, Topics.JOB_CONTROL, Topics.DEAD_LETTERS)) {
                Awaitility.await().atMost(Duration.ofSeconds(60))
                        .until(() -> !consumer.partitionsFor(topic, Duration.ofSeconds(5)).isEmpty());
                consumer.partitionsFor(topic).forEach(info -> partitions.add(new TopicPartition(topic, info.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            while (running) {
                consumer.poll(Duration.ofMillis(100)).forEach(seen::add);
            }
        } catch (RuntimeException e) {
            if (running) {
                throw e;
            }
        }
    }
}
