package dev.diffusion.worker.messaging;

import dev.diffusion.common.messaging.DeadLetter;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.MalformedMessageException;
import dev.diffusion.common.messaging.MessageCodec;
import dev.diffusion.worker.messaging.JobLauncher.Admission;
import dev.diffusion.worker.messaging.JobLauncher.RunEnd;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.CommitFailedException;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RebalanceInProgressException;
import org.apache.kafka.common.errors.WakeupException;
import org.jboss.logging.Logger;

/**
 * The worker's loop on the jobs topic, in the workers' consumer group. It runs on one thread, which is
 * the only one touching the Kafka consumer.
 *
 * <ul>
 *   <li><b>One run per partition, bounded runs per worker.</b> While a dispatch runs, its partition is
 *       paused; when the launcher has no free slot, every assigned partition is paused. The loop keeps
 *       calling {@code poll()} all the while (it returns nothing for paused partitions), so the consumer
 *       never exceeds {@code max.poll.interval.ms} however long a job takes, and the group does not
 *       rebalance. Records of a poll that cannot start yet are sought back to and fetched again later.</li>
 *   <li><b>Commit after the final event.</b> A dispatch's offset is committed only when its run reports
 *       {@link RunEnd#COMPLETED} (final event acknowledged); a skipped or dead-lettered record is committed
 *       at once. An uncommitted dispatch is delivered again to whoever owns the partition next.</li>
 *   <li><b>Rebalance.</b> When a partition with a running dispatch is revoked (or lost), that run is
 *       abandoned: it stops within one step, uploads its last checkpoint, sends no final event, and the
 *       revocation waits for it (bounded by the abandon timeout) so the next owner — which receives the
 *       uncommitted dispatch again — never overlaps with it. The api accepts the new owner's STARTED of
 *       the same attempt as a take-over; training continues from the newest checkpoint.</li>
 *   <li><b>Unreadable records</b> go to the dead-letter topic, then the offset moves on.</li>
 * </ul>
 */
public final class DispatchConsumer implements Runnable {

    private static final Logger LOG = Logger.getLogger(DispatchConsumer.class);
    private static final Duration COMMIT_TIMEOUT = Duration.ofSeconds(5);
    private static final Duration DEAD_LETTER_TIMEOUT = Duration.ofSeconds(10);

    private final Consumer<String, String> consumer;
    private final String topic;
    private final Duration pollTimeout;
    private final Duration abandonTimeout;
    private final JobLauncher launcher;
    private final EventPublisher publisher;
    private final String workerId;
    private final Clock clock;

    private final Map<TopicPartition, InFlight> inFlight = new HashMap<>();
    private final Set<TopicPartition> deferred = new HashSet<>();
    private final Map<TopicPartition, OffsetAndMetadata> toCommit = new HashMap<>();
    private volatile boolean running = true;
    private volatile boolean stopped;

    private record InFlight(long offset, JobDispatch dispatch, CompletableFuture<RunEnd> end) {
    }

    public DispatchConsumer(Consumer<String, String> consumer, String topic, Duration pollTimeout,
                            Duration abandonTimeout, JobLauncher launcher, EventPublisher publisher, String workerId,
                            Clock clock) {
        this.consumer = consumer;
        this.topic = topic;
        this.pollTimeout = pollTimeout;
        this.abandonTimeout = abandonTimeout;
        this.launcher = launcher;
        this.publisher = publisher;
        this.workerId = workerId;
        this.clock = clock;
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(List.of(topic), new Rebalance());
            while (running) {
                try {
                    loopOnce();
                } catch (WakeupException woken) {
                    // a run ended or stop() was called: go round again
                } catch (KafkaException e) {
                    if (running) {
                        LOG.warnf("jobs consumer: %s; retrying", e.toString());
                        sleep(Duration.ofSeconds(1));
                    }
                }
            }
            shutDown();
        } catch (RuntimeException e) {
            LOG.error("jobs consumer stopped by an unexpected error", e);
            throw e;
        } finally {
            stopped = true;
        }
    }

    /** Ends the loop: running dispatches are abandoned (not committed) and the consumer leaves the group. */
    public void stop() {
        running = false;
        consumer.wakeup();
    }

    /** Makes a blocked {@code poll()} return, e.g. because a run ended and its offset can be committed. */
    public void wakeup() {
        consumer.wakeup();
    }

    public boolean isStopped() {
        return stopped;
    }

    private void loopOnce() {
        collectEndedRuns();
        commitPending();
        updatePauses();
        ConsumerRecords<String, String> records = consumer.poll(pollTimeout);
        if (!records.isEmpty()) {
            handle(records);
            commitPending();
        }
    }

    private void handle(ConsumerRecords<String, String> records) {
        for (ConsumerRecord<String, String> record : records) {
            tryDecode(record).ifPresent(d -> launcher.noteAttempt(d.jobId(), d.attempt()));
        }
        for (TopicPartition partition : records.partitions()) {
            for (ConsumerRecord<String, String> record : records.records(partition)) {
                if (!handle(partition, record)) {
                    consumer.seek(partition, record.offset());
                    break;
                }
            }
        }
        updatePauses();
    }

    /** Handles one record; false when it must be fetched again later (the rest of its partition too). */
    private boolean handle(TopicPartition partition, ConsumerRecord<String, String> record) {
        if (inFlight.containsKey(partition) || deferred.contains(partition)) {
            return false;
        }
        JobDispatch dispatch;
        try {
            dispatch = decode(record);
        } catch (MalformedMessageException e) {
            return deadLetter(partition, record, e.getMessage());
        }
        Admission admission = launcher.admit(dispatch);
        switch (admission.decision()) {
            case SKIP -> {
                LOG.infof("skipping dispatch of job %s attempt %d: %s", dispatch.jobId(), dispatch.attempt(),
                        admission.reason());
                toCommit.put(partition, new OffsetAndMetadata(record.offset() + 1));
                return true;
            }
            case DEFER -> {
                LOG.infof("holding back dispatch of job %s attempt %d: %s", dispatch.jobId(), dispatch.attempt(),
                        admission.reason());
                deferred.add(partition);
                return false;
            }
            default -> {
                if (!launcher.hasCapacity()) {
                    return false;
                }
                LOG.infof("running job %s attempt %d (%s) from %s@%d", dispatch.jobId(), dispatch.attempt(),
                        dispatch.type(), partition, record.offset());
                CompletableFuture<RunEnd> end = launcher.launch(dispatch);
                end.whenComplete((result, failure) -> consumer.wakeup());
                inFlight.put(partition, new InFlight(record.offset(), dispatch, end));
                return true;
            }
        }
    }

    private static JobDispatch decode(ConsumerRecord<String, String> record) {
        JobDispatch dispatch = MessageCodec.decode(record.value(), JobDispatch.class);
        if (record.key() != null && !record.key().equals(dispatch.jobId().toString())) {
            throw new MalformedMessageException("record key '" + record.key() + "' is not the dispatch's jobId "
                    + dispatch.jobId(), null);
        }
        return dispatch;
    }

    private static java.util.Optional<JobDispatch> tryDecode(ConsumerRecord<String, String> record) {
        try {
            return java.util.Optional.of(decode(record));
        } catch (MalformedMessageException e) {
            return java.util.Optional.empty();
        }
    }

    private boolean deadLetter(TopicPartition partition, ConsumerRecord<String, String> record, String reason) {
        LOG.warnf("dead-lettering %s@%d: %s", partition, record.offset(), reason);
        try {
            publisher.publishDeadLetter(new DeadLetter(record.topic(), record.partition(), record.offset(),
                    record.key(), record.value(), reason, workerId, clock.instant()), DEAD_LETTER_TIMEOUT);
        } catch (KafkaException e) {
            LOG.warnf("cannot publish the dead letter for %s@%d, will try again: %s", partition, record.offset(),
                    e.getMessage());
            return false;
        }
        toCommit.put(partition, new OffsetAndMetadata(record.offset() + 1));
        return true;
    }

    /** Turns ended runs into commits (completed) or nothing (abandoned); frees their partitions. */
    private void collectEndedRuns() {
        Iterator<Map.Entry<TopicPartition, InFlight>> it = inFlight.entrySet().iterator();
        boolean anyEnded = false;
        while (it.hasNext()) {
            Map.Entry<TopicPartition, InFlight> entry = it.next();
            InFlight run = entry.getValue();
            if (!run.end().isDone()) {
                continue;
            }
            anyEnded = true;
            it.remove();
            if (run.end().join() == RunEnd.COMPLETED) {
                toCommit.put(entry.getKey(), new OffsetAndMetadata(run.offset() + 1));
            } else {
                // not committed: seek back so the dispatch is not lost while this worker keeps the partition
                consumer.seek(entry.getKey(), run.offset());
            }
        }
        if (anyEnded) {
            deferred.clear();
        }
    }

    private void commitPending() {
        if (toCommit.isEmpty()) {
            return;
        }
        toCommit.keySet().retainAll(consumer.assignment());
        if (toCommit.isEmpty()) {
            return;
        }
        try {
            consumer.commitSync(new HashMap<>(toCommit), COMMIT_TIMEOUT);
            toCommit.clear();
        } catch (CommitFailedException | RebalanceInProgressException e) {
            LOG.infof("commit deferred by a rebalance: %s", e.getMessage());
        } catch (org.apache.kafka.common.errors.RetriableException e) {
            LOG.warnf("cannot commit %s yet: %s", toCommit, e.toString());
        }
    }

    /** Paused = partitions with a running or held-back dispatch, or all of them when no slot is free. */
    private void updatePauses() {
        Set<TopicPartition> assigned = consumer.assignment();
        Set<TopicPartition> wanted = new HashSet<>();
        if (launcher.hasCapacity()) {
            wanted.addAll(inFlight.keySet());
            wanted.addAll(deferred);
            wanted.retainAll(assigned);
        } else {
            wanted.addAll(assigned);
        }
        Set<TopicPartition> paused = consumer.paused();
        Set<TopicPartition> toPause = new HashSet<>(wanted);
        toPause.removeAll(paused);
        Set<TopicPartition> toResume = new HashSet<>(paused);
        toResume.removeAll(wanted);
        toResume.retainAll(assigned);
        if (!toPause.isEmpty()) {
            consumer.pause(toPause);
        }
        if (!toResume.isEmpty()) {
            consumer.resume(toResume);
        }
    }

    private void shutDown() {
        List<UUID> jobs = inFlight.values().stream().map(r -> r.dispatch().jobId()).toList();
        if (!jobs.isEmpty()) {
            LOG.infof("stopping: abandoning %d running job(s) %s; their dispatches stay uncommitted", jobs.size(), jobs);
            launcher.abandon(jobs, abandonTimeout);
        }
        try {
            collectEndedRuns();
            commitPending();
        } catch (KafkaException e) {
            LOG.warnf("final commit failed: %s", e.getMessage());
        }
        inFlight.clear();
        try {
            consumer.close(Duration.ofSeconds(5));
        } catch (KafkaException e) {
            LOG.warnf("closing the jobs consumer: %s", e.getMessage());
        }
    }

    private final class Rebalance implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            giveUp(partitions, true);
        }

        @Override
        public void onPartitionsLost(Collection<TopicPartition> partitions) {
            giveUp(partitions, false);
        }

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            if (!partitions.isEmpty()) {
                LOG.debugf("assigned %s", partitions);
            }
        }

        private void giveUp(Collection<TopicPartition> partitions, boolean mayCommit) {
            List<UUID> abandoned = new ArrayList<>();
            for (TopicPartition p : partitions) {
                InFlight run = inFlight.get(p);
                if (run != null && !run.end().isDone()) {
                    abandoned.add(run.dispatch().jobId());
                }
            }
            if (!abandoned.isEmpty()) {
                LOG.warnf("partitions %s revoked while running %s: abandoning them (uncommitted, the next owner runs"
                        + " them again from the newest checkpoint)", partitions, abandoned);
                launcher.abandon(abandoned, abandonTimeout);
            }
            for (TopicPartition p : partitions) {
                InFlight run = inFlight.remove(p);
                if (run != null && run.end().isDone() && run.end().join() == RunEnd.COMPLETED) {
                    toCommit.put(p, new OffsetAndMetadata(run.offset() + 1));
                }
            }
            if (mayCommit) {
                Map<TopicPartition, OffsetAndMetadata> last = new HashMap<>(toCommit);
                last.keySet().retainAll(partitions);
                if (!last.isEmpty()) {
                    try {
                        consumer.commitSync(last, COMMIT_TIMEOUT);
                    } catch (KafkaException e) {
                        LOG.warnf("commit of revoked partitions failed (their records will be seen again): %s",
                                e.getMessage());
                    }
                }
            }
            toCommit.keySet().removeAll(partitions);
            deferred.removeAll(partitions);
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
