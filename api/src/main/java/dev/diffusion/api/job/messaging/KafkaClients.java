package dev.diffusion.api.job.messaging;

import dev.diffusion.api.config.DiffusionConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The api's Kafka clients: one idempotent producer ({@code acks=all}) shared by the outbox relay, one
 * admin client, and the event consumer's factory. Keys and values are UTF-8 strings (JSON values).
 */
@ApplicationScoped
public class KafkaClients {

    private final DiffusionConfig.Kafka kafka;
    private final MeterRegistry registry;
    private volatile KafkaProducer<String, String> producer;
    private volatile Admin admin;

    @Inject
    public KafkaClients(DiffusionConfig config, MeterRegistry registry) {
        this.kafka = config.kafka();
        this.registry = registry;
    }

    /** The shared producer, created on first use (creating it needs no reachable broker). */
    public synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties p = common("producer");
            long send = kafka.sendTimeout().toMillis();
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
            p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) send);
            p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.max(1000, send / 2));
            p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, kafka.maxBlock().toMillis());
            p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
            producer = new KafkaProducer<>(p);
            new KafkaClientMetrics(producer).bindTo(registry);
        }
        return producer;
    }

    public synchronized Admin admin() {
        if (admin == null) {
            Properties p = common("admin");
            int timeout = (int) kafka.adminTimeout().toMillis();
            p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout);
            p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout);
            admin = Admin.create(p);
        }
        return admin;
    }

    /** A new consumer of the api's group; the caller owns (and closes) it. */
    public KafkaConsumer<String, String> newEventConsumer() {
        Properties p = common("events");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, kafka.consumerGroup());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 200);
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Duration.ofSeconds(10).toMillis());
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p);
        new KafkaClientMetrics(consumer).bindTo(registry);
        return consumer;
    }

    private Properties common(String role) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(CommonClientConfigs.CLIENT_ID_CONFIG, kafka.clientId() + "-" + role);
        p.put(CommonClientConfigs.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        return p;
    }

    @PreDestroy
    synchronized void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(2));
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
