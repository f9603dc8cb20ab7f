package dev.diffusion.worker.messaging;

import dev.diffusion.worker.config.WorkerConfig;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.CooperativeStickyAssignor;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Creates the worker's Kafka clients from {@link WorkerConfig.Kafka}: keys and values are UTF-8 strings
 * (JSON values, job-id keys) as the message contract says.
 */
public final class KafkaClients {

    /** Records one poll may return; the consumer loop seeks back over those it cannot start yet. */
    static final int MAX_POLL_RECORDS = 50;

    private final WorkerConfig.Kafka kafka;
    private final String clientId;

    public KafkaClients(WorkerConfig.Kafka kafka, String workerId) {
        this.kafka = kafka;
        this.clientId = "diffusion-worker-" + workerId;
    }

    /** Idempotent producer, {@code acks=all}: a retried send never duplicates or reorders a job's events. */
    public KafkaProducer<String, String> producer() {
        Properties p = common("events");
        long delivery = kafka.sendTimeout().toMillis();
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, Math.min(15_000, delivery / 2)));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.max(2000, delivery));
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.maxBlock().toMillis());
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
        return new KafkaProducer<>(p);
    }

    /**
     * Member of the workers' group on the jobs topic: manual commits, cooperative rebalancing (only the
     * partitions that move are revoked), the configured session timeout.
     */
    public KafkaConsumer<String, String> dispatchConsumer() {
        Properties p = common("jobs");
        long session = kafka.sessionTimeout().toMillis();
        p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.consumerGroup());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, MAX_POLL_RECORDS);
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) session);
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) Math.max(500, session / 3));
        p.put(ConsumerConfig.PARTITION_ASSIGNMENT_STRATEGY_CONFIG, CooperativeStickyAssignor.class.getName());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /** A consumer without a group, for manual assignment of every control partition; it never commits. */
    public KafkaConsumer<String, String> controlConsumer() {
        Properties p = common("control");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        return new KafkaConsumer<>(p);
    }

    /** For the readiness check. */
    public Admin admin(Duration timeout) {
        Properties p = common("admin");
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        return Admin.create(p);
    }

    private Properties common(String role) {
        Properties p = new Properties();
        p.put("bootstrap.servers", kafka.bootstrapServers());
        p.put("client.id", clientId + "-" + role);
        p.put("reconnect.backoff.max.ms", 2000);
        return p;
    }
}
