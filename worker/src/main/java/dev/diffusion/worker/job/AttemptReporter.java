package dev.diffusion.worker.job;

import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.AttemptEvents;
import dev.diffusion.common.messaging.JobEvent;
import dev.diffusion.common.messaging.Progress;
import dev.diffusion.worker.messaging.EventPublisher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Sends the events of one attempt. Numbering an event and handing it to the producer happen under one
 * lock, so the job thread and the heartbeat thread never put a higher sequence on the topic before a lower
 * one (the api drops an event whose sequence is not above the last it applied).
 *
 * <ul>
 *   <li>STARTED and the final event are <b>delivered</b>: sent again (same event, same sequence) until
 *       Kafka acknowledges them, or until the run is given up.</li>
 *   <li>PROGRESS is limited to the configured rate (at most 2/s); a throttled one is sent by the next
 *       heartbeat tick instead of a HEARTBEAT. PROGRESS, HEARTBEAT and CHECKPOINT are sent without
 *       waiting — a lost one is replaced by the next.</li>
 *   <li>After the final event, nothing more is sent.</li>
 * </ul>
 */
final class AttemptReporter {

    private static final Logger LOG = Logger.getLogger(AttemptReporter.class);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final EventPublisher publisher;
    private final AttemptEvents events;
    private final long progressIntervalNanos;
    private final Duration retryBackoff;
    private final Object lock = new Object();
    private long lastProgressNanos = Long.MIN_VALUE;
    private Progress pendingProgress;
    private Map<String, Double> pendingMetrics;
    private boolean closed;
    private final AtomicBoolean warned = new AtomicBoolean();

    AttemptReporter(EventPublisher publisher, AttemptEvents events, double progressMaxRate, Duration retryBackoff) {
        if (!(progressMaxRate > 0)) {
            throw new IllegalArgumentException("diffusion.jobs.progress-max-rate must be positive, got " + progressMaxRate);
        }
        this.publisher = publisher;
        this.events = events;
        this.progressIntervalNanos = (long) (1e9 / progressMaxRate);
        this.retryBackoff = retryBackoff;
    }

    /** Sends STARTED and waits until Kafka has it; false when {@code giveUp} became true first. */
    boolean started(BooleanSupplier giveUp) {
        return deliver(AttemptEvents::started, giveUp, false);
    }

    /**
     * Sends a PROGRESS event (announcing {@code newArtifacts}, if any) unless one went out less than the
     * rate limit's interval ago; then it is kept as pending, and the next heartbeat tick sends the newest
     * pending progress instead of a bare HEARTBEAT, so the last state of a fast phase is not lost.
     *
     * @return whether it was sent now
     */
    boolean progress(Progress progress, Map<String, Double> metrics, List<Artifact> newArtifacts) {
        synchronized (lock) {
            if (closed) {
                return false;
            }
            if (!progressAllowedLocked()) {
                pendingProgress = progress;
                pendingMetrics = metrics;
                return false;
            }
            sendProgressLocked(progress, metrics, newArtifacts);
            return true;
        }
    }

    /** Every heartbeat interval, from the scheduler thread: the pending progress if any, else HEARTBEAT. */
    void heartbeat() {
        synchronized (lock) {
            if (closed) {
                return;
            }
            if (pendingProgress != null && progressAllowedLocked()) {
                sendProgressLocked(pendingProgress, pendingMetrics, List.of());
            } else {
                sendLocked(events.heartbeat());
            }
        }
    }

    private boolean progressAllowedLocked() {
        return lastProgressNanos == Long.MIN_VALUE || System.nanoTime() - lastProgressNanos >= progressIntervalNanos;
    }

    private void sendProgressLocked(Progress progress, Map<String, Double> metrics, List<Artifact> newArtifacts) {
        lastProgressNanos = System.nanoTime();
        pendingProgress = null;
        pendingMetrics = null;
        sendLocked(newArtifacts.isEmpty() ? events.progress(progress, metrics)
                : events.progress(progress, metrics, newArtifacts));
    }

    /** Sends an event that must not be throttled (CHECKPOINT, PROGRESS announcing a preview). */
    void send(Function<AttemptEvents, JobEvent> make) {
        synchronized (lock) {
            if (!closed) {
                sendLocked(make.apply(events));
            }
        }
    }

    /**
     * Sends the final event and waits for Kafka's acknowledgement, trying again with back-off; nothing is
     * sent after it. False when {@code giveUp} became true before it was acknowledged.
     */
    boolean finish(Function<AttemptEvents, JobEvent> make, BooleanSupplier giveUp) {
        return deliver(make, giveUp, true);
    }

    /** Stops all sending (the run is abandoned). */
    void close() {
        synchronized (lock) {
            closed = true;
        }
    }

    private boolean deliver(Function<AttemptEvents, JobEvent> make, BooleanSupplier giveUp, boolean last) {
        JobEvent event;
        CompletableFuture<RecordMetadata> ack;
        synchronized (lock) {
            if (closed) {
                return false;
            }
            closed = last;
            event = make.apply(events);
            ack = publisher.send(event);
        }
        Duration backoff = retryBackoff;
        while (true) {
            try {
                ack.get(1, TimeUnit.DAYS);
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } catch (ExecutionException | TimeoutException e) {
                LOG.warnf("%s of job %s attempt %d not delivered (%s); trying again in %d ms", event.kind(),
                        event.jobId(), event.attempt(), e.getCause() != null ? e.getCause() : e, backoff.toMillis());
            }
            if (sleepUnless(backoff, giveUp)) {
                return false;
            }
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            synchronized (lock) {
                ack = publisher.send(event);
            }
        }
    }

    private void sendLocked(JobEvent event) {
        publisher.send(event).whenComplete((metadata, failure) -> {
            if (failure != null) {
                logLost(event, failure);
            }
        });
    }

    private void logLost(JobEvent event, Throwable failure) {
        // runs on the producer's I/O thread: never take the lock here
        boolean first = warned.compareAndSet(false, true);
        String message = String.format("%s #%d of job %s attempt %d was not delivered: %s", event.kind(),
                event.sequence(), event.jobId(), event.attempt(), failure);
        if (first) {
            LOG.warn(message);
        } else {
            LOG.debug(message);
        }
    }

    /** Sleeps in short slices; true when {@code giveUp} turned true meanwhile. */
    private static boolean sleepUnless(Duration duration, BooleanSupplier giveUp) {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            if (giveUp.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(Math.min(100, Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            }
        }
        return giveUp.getAsBoolean();
    }
}
