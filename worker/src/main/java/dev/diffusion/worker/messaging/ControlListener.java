package dev.diffusion.worker.messaging;

import dev.diffusion.common.messaging.JobControl;
import dev.diffusion.common.messaging.MalformedMessageException;
import dev.diffusion.common.messaging.MessageCodec;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * Reads every message of the control topic, as the contract requires of each worker: no consumer group,
 * all partitions assigned manually, starting at the end (a CANCEL sent before this worker started is
 * repeated by the api when the worker reports STARTED). New partitions are picked up every
 * {@value #PARTITION_REFRESH_SECONDS} s. Unreadable messages are logged and skipped: every worker sees
 * them, so none of them dead-letters them.
 */
public final class ControlListener implements Runnable {

    private static final Logger LOG = Logger.getLogger(ControlListener.class);
    private static final long PARTITION_REFRESH_SECONDS = 30;

    private final org.apache.kafka.clients.consumer.Consumer<String, String> consumer;
    private final String topic;
    private final Duration pollTimeout;
    private final Consumer<JobControl> handler;
    private volatile boolean running = true;
    private volatile boolean assigned;
    private long nextRefreshNanos;

    public ControlListener(org.apache.kafka.clients.consumer.Consumer<String, String> consumer, String topic,
                           Duration pollTimeout, Consumer<JobControl> handler) {
        this.consumer = consumer;
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.handler = handler;
    }

    @Override
    public void run() {
        try {
            while (running) {
                try {
                    refreshAssignment();
                    if (consumer.assignment().isEmpty()) {
                        sleep(pollTimeout);
                        continue;
                    }
                    for (ConsumerRecord<String, String> record : consumer.poll(pollTimeout)) {
                        apply(record);
                    }
                } catch (WakeupException woken) {
                    // stop() was called
                } catch (KafkaException e) {
                    if (running) {
                        LOG.warnf("control listener: %s; retrying", e.toString());
                        sleep(Duration.ofSeconds(1));
                    }
                }
            }
        } finally {
            try {
                consumer.close(Duration.ofSeconds(2));
            } catch (KafkaException e) {
                LOG.debugf("closing the control consumer: %s", e.getMessage());
            }
        }
    }

    /** Whether the listener reads the topic's partitions (it has found and assigned them). */
    public boolean isAssigned() {
        return assigned;
    }

    public void stop() {
        running = false;
        consumer.wakeup();
    }

    private void refreshAssignment() {
        long now = System.nanoTime();
        if (assigned && now < nextRefreshNanos) {
            return;
        }
        nextRefreshNanos = now + Duration.ofSeconds(PARTITION_REFRESH_SECONDS).toNanos();
        List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
        if (infos == null || infos.isEmpty()) {
            LOG.debugf("control topic %s has no partitions yet", topic);
            nextRefreshNanos = now;
            return;
        }
        Set<TopicPartition> all = new HashSet<>();
        infos.forEach(info -> all.add(new TopicPartition(topic, info.partition())));
        Set<TopicPartition> current = consumer.assignment();
        if (!all.equals(current)) {
            Set<TopicPartition> added = new HashSet<>(all);
            added.removeAll(current);
            consumer.assign(all);
            consumer.seekToEnd(added);
            added.forEach(consumer::position);
            LOG.debugf("control listener reads %s", all);
        }
        assigned = true;
    }

    private void apply(ConsumerRecord<String, String> record) {
        JobControl control;
        try {
            control = MessageCodec.decode(record.value(), JobControl.class);
        } catch (MalformedMessageException e) {
            LOG.warnf("ignoring unreadable control message %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
            return;
        }
        try {
            handler.accept(control);
        } catch (RuntimeException e) {
            LOG.errorf(e, "handling control message %s", control);
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
