package dev.diffusion.api.job.messaging;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.common.messaging.MessageCodec;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.TransactionPhase;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.jboss.logging.Logger;

/**
 * Publishes due outbox rows to Kafka and marks them sent, on one background thread.
 *
 * <p>Each round locks a batch ({@code FOR UPDATE SKIP LOCKED}, so several api instances can relay),
 * sends it with the idempotent producer (key = job id), waits for the acknowledgements and marks the
 * acknowledged rows SENT in the same transaction. A row Kafka did not acknowledge stays PENDING and is
 * sent again in a later round: delivery is at least once. While Kafka is down, rounds fail and back off
 * (up to {@code diffusion.outbox.max-retry-delay}); jobs wait in QUEUED and go out when it is back. A
 * committed transaction that wrote rows wakes the relay at once.
 *
 * <p>Job dispatches are paced per tenant ({@code diffusion.dispatch.max-in-flight-per-tenant}, see
 * {@link OutboxRepository#lockDue}): a tenant's dispatch waits in the outbox while that many of its jobs are
 * dispatched and unfinished, and a job that ends or is re-queued wakes the relay for the next one.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    /** Outcome of one round. */
    record Round(int sent, boolean failed) {
    }

    private final OutboxRepository rows;
    private final KafkaClients kafka;
    private final KafkaTopics topics;
    private final DiffusionConfig.Outbox config;
    private final int maxInFlightPerTenant;
    private final Duration sendTimeout;
    private final Clock clock;
    private final Counter published;
    private final Counter failures;
    private final Object signal = new Object();
    private boolean woken;
    private volatile boolean running;
    private Thread thread;

    @Inject
    public OutboxRelay(OutboxRepository rows, KafkaClients kafka, KafkaTopics topics, DiffusionConfig config,
                       Clock clock, MeterRegistry registry) {
        this.rows = rows;
        this.kafka = kafka;
        this.topics = topics;
        this.config = config.outbox();
        this.maxInFlightPerTenant = config.dispatch().maxInFlightPerTenant();
        if (maxInFlightPerTenant < 0) {
            throw new IllegalArgumentException("diffusion.dispatch.max-in-flight-per-tenant must be >= 0 (0: unlimited),"
                    + " was " + maxInFlightPerTenant);
        }
        this.sendTimeout = config.kafka().sendTimeout();
        this.clock = clock;
        this.published = Counter.builder("diffusion.outbox.published").description("Outbox rows published to Kafka")
                .register(registry);
        this.failures = Counter.builder("diffusion.outbox.publish.failures")
                .description("Outbox rounds that could not publish everything").register(registry);
    }

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            LOG.info("outbox relay disabled");
            return;
        }
        running = true;
        thread = new Thread(this::run, "outbox-relay");
        thread.setDaemon(true);
        thread.start();
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        running = false;
        wakeUp();
        if (thread != null) {
            thread.join(sendTimeout.toMillis() + 2000);
        }
    }

    void onCommit(@Observes(during = TransactionPhase.AFTER_SUCCESS) OutboxWritten event) {
        wakeUp();
    }

    void onSettled(@Observes(during = TransactionPhase.AFTER_SUCCESS) DispatchSettled event) {
        wakeUp();
    }

    /** Publishes one batch of due rows now; used by the loop (and handy in tests). */
    public Round relayOnce() {
        return QuarkusTransaction.requiringNew()
                .timeout((int) sendTimeout.toSeconds() + 30)
                .call(this::publishDueBatch);
    }

    private void run() {
        try {
            while (running && !topics.awaitReady(1, TimeUnit.SECONDS)) {
                LOG.debug("outbox relay waiting for the Kafka topics");
            }
        } catch (InterruptedException e) {
            return;
        }
        int failedRounds = 0;
        while (running) {
            Round round;
            try {
                round = relayOnce();
            } catch (RuntimeException e) {
                LOG.warnf(e, "outbox round failed");
                round = new Round(0, true);
            }
            if (round.failed()) {
                failures.increment();
                failedRounds++;
                long delay = Math.min(config.maxRetryDelay().toMillis(),
                        config.pollInterval().toMillis() << Math.min(10, failedRounds));
                pause(delay, false);
            } else {
                failedRounds = 0;
                if (round.sent() < config.batchSize()) {
                    pause(config.pollInterval().toMillis(), true);
                }
            }
        }
    }

    private Round publishDueBatch() {
        List<OutboxEntity> due = rows.lockDue(clock.instant(), config.batchSize(), maxInFlightPerTenant);
        if (due.isEmpty()) {
            return new Round(0, false);
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(due.size());
        boolean failed = false;
        for (OutboxEntity row : due) {
            try {
                acks.add(kafka.producer().send(record(row)));
            } catch (RuntimeException e) {
                markFailed(row, e);
                failed = true;
                break;
            }
        }
        long deadline = System.nanoTime() + sendTimeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        int sent = 0;
        for (int i = 0; i < acks.size(); i++) {
            OutboxEntity row = due.get(i);
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                row.status = OutboxEntity.Status.SENT;
                row.sentAt = clock.instant();
                row.sendAttempts++;
                sent++;
            } catch (ExecutionException | TimeoutException e) {
                markFailed(row, e instanceof ExecutionException ? e.getCause() : e);
                failed = true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while publishing the outbox", e);
            }
        }
        published.increment(sent);
        if (failed) {
            LOG.warnf("published %d of %d outbox rows; the rest stay pending (%s)", sent, due.size(),
                    due.stream().filter(r -> r.status == OutboxEntity.Status.PENDING).findFirst()
                            .map(r -> r.lastError).orElse("?"));
        }
        return new Round(sent, failed);
    }

    private static ProducerRecord<String, String> record(OutboxEntity row) {
        ProducerRecord<String, String> record = new ProducerRecord<>(row.topic, row.messageKey, row.payload);
        record.headers().add(MessageCodec.TYPE_HEADER, row.messageType.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static void markFailed(OutboxEntity row, Throwable cause) {
        row.sendAttempts++;
        row.lastError = cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private void wakeUp() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    private void pause(long millis, boolean wakeable) {
        long until = System.currentTimeMillis() + millis;
        synchronized (signal) {
            try {
                while (running && (!wakeable || !woken)) {
                    long left = until - System.currentTimeMillis();
                    if (left <= 0) {
                        break;
                    }
                    signal.wait(left);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
            woken = false;
        }
    }
}
