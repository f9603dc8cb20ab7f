package dev.diffusion.api.job.messaging;

import dev.diffusion.api.config.DiffusionConfig;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads the job-events topic (consumer group {@code diffusion.kafka.consumer-group}) on one thread and
 * hands each record to the {@link JobEventHandler} (the job service's event applier). Offsets are
 * committed after the records are applied (at least once; the applier drops duplicates by sequence).
 * When applying fails (database down), the partition is rewound to the failed record and tried again
 * after a pause; a record that fails {@code diffusion.events.max-apply-failures} times goes to the
 * dead-letter topic so it cannot block its partition.
 */
@ApplicationScoped
public class JobEventConsumer {

    private static final Logger LOG = Logger.getLogger(JobEventConsumer.class);

    private final KafkaClients clients;
    private final KafkaTopics topics;
    private final JobEventHandler applier;
    private final DiffusionConfig config;
    private volatile boolean running;
    private volatile KafkaConsumer<String, String> consumer;
    private Thread thread;
    private long failedOffset = -1;
    private TopicPartition failedPartition;
    private int failures;

    @Inject
    public JobEventConsumer(KafkaClients clients, KafkaTopics topics, JobEventHandler applier, DiffusionConfig config) {
        this.clients = clients;
        this.topics = topics;
        this.applier = applier;
        this.config = config;
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.events().consumerEnabled()) {
            LOG.info("job-event consumer disabled");
            return;
        }
        running = true;
        thread = new Thread(this::run, "job-event-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        KafkaConsumer<String, String> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        if (thread != null) {
            thread.join(5000);
        }
    }

    private void run() {
        try {
            while (running && !topics.awaitReady(1, TimeUnit.SECONDS)) {
                LOG.debug("job-event consumer waiting for the Kafka topics");
            }
        } catch (InterruptedException e) {
            return;
        }
        while (running) {
            try (KafkaConsumer<String, String> c = clients.newEventConsumer()) {
                consumer = c;
                c.subscribe(List.of(config.kafka().topics().events()));
                while (running) {
                    pollOnce(c);
                }
            } catch (WakeupException e) {
                if (running) {
                    LOG.warn("job-event consumer woken up unexpectedly; reconnecting");
                }
            } catch (RuntimeException e) {
                LOG.warnf(e, "job-event consumer failed; reconnecting in 1 s");
                sleep(1000);
            } finally {
                consumer = null;
            }
        }
    }

    private void pollOnce(KafkaConsumer<String, String> c) {
        ConsumerRecords<String, String> records = c.poll(config.events().pollTimeout());
        Map<TopicPartition, OffsetAndMetadata> applied = new HashMap<>();
        boolean rewound = false;
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, String> r : records.records(partition)) {
                if (!applyOrGiveUp(partition, r)) {
                    c.seek(partition, r.offset());
                    rewound = true;
                    break;
                }
                applied.put(partition, new OffsetAndMetadata(r.offset() + 1));
            }
        }
        if (!applied.isEmpty()) {
            try {
                c.commitSync(applied);
            } catch (RuntimeException e) {
                LOG.warnf("could not commit event offsets (%s); the events will be seen again and ignored as duplicates",
                        e.getMessage());
            }
        }
        if (rewound) {
            sleep(1000);
        }
    }

    /** True when the record is done with (applied, ignored or dead-lettered); false to try it again. */
    private boolean applyOrGiveUp(TopicPartition partition, ConsumerRecord<String, String> r) {
        IncomingRecord record = new IncomingRecord(r.topic(), r.partition(), r.offset(), r.key(), r.value());
        try {
            applier.handle(record);
            clearFailures();
            return true;
        } catch (RuntimeException e) {
            if (partition.equals(failedPartition) && r.offset() == failedOffset) {
                failures++;
            } else {
                failedPartition = partition;
                failedOffset = r.offset();
                failures = 1;
            }
            LOG.warnf("applying %s failed (%d of %d): %s", partition + "@" + r.offset(), failures,
                    config.events().maxApplyFailures(), e.getMessage());
            if (failures < config.events().maxApplyFailures()) {
                return false;
            }
            try {
                applier.deadLetter(record, "could not be applied after " + failures + " tries: " + e);
                clearFailures();
                return true;
            } catch (RuntimeException deadLetterFailure) {
                LOG.warnf("could not dead-letter %s either: %s", partition + "@" + r.offset(), deadLetterFailure.getMessage());
                return false;
            }
        }
    }

    private void clearFailures() {
        failedPartition = null;
        failedOffset = -1;
        failures = 0;
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
