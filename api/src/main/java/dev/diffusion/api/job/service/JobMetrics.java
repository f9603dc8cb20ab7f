package dev.diffusion.api.job.service;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.job.messaging.OutboxRepository;
import dev.diffusion.api.job.persistence.JobRepository;
import dev.diffusion.common.messaging.JobStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Gauges read from the database by {@link #refresh()} (called periodically, never on the scrape path):
 * {@code diffusion_jobs{status}}, the age of the oldest QUEUED job (queue lag), the number and age
 * of unpublished outbox rows (outbox lag), and how many due dispatches the per-tenant in-flight cap holds back.
 */
@ApplicationScoped
public class JobMetrics {

    private final JobRepository jobs;
    private final OutboxRepository outbox;
    private final Clock clock;
    private final Map<JobStatus, AtomicLong> byStatus = new EnumMap<>(JobStatus.class);
    private final AtomicLong oldestQueuedSeconds = new AtomicLong();
    private final AtomicLong outboxPending = new AtomicLong();
    private final AtomicLong outboxOldestSeconds = new AtomicLong();
    private final AtomicLong dispatchesHeld = new AtomicLong();
    private final int maxInFlightPerTenant;

    @Inject
    public JobMetrics(JobRepository jobs, OutboxRepository outbox, Clock clock, DiffusionConfig config,
                      MeterRegistry registry) {
        this.jobs = jobs;
        this.outbox = outbox;
        this.clock = clock;
        this.maxInFlightPerTenant = config.dispatch().maxInFlightPerTenant();
        for (JobStatus s : JobStatus.values()) {
            AtomicLong value = new AtomicLong();
            byStatus.put(s, value);
            Gauge.builder("diffusion.jobs", value, AtomicLong::get).description("Jobs by status")
                    .tag("status", s.name()).register(registry);
        }
        Gauge.builder("diffusion.queue.oldest.age", oldestQueuedSeconds, AtomicLong::get).baseUnit("seconds")
                .description("How long the oldest QUEUED job has waited").register(registry);
        Gauge.builder("diffusion.outbox.pending", outboxPending, AtomicLong::get)
                .description("Outbox rows not yet published to Kafka").register(registry);
        Gauge.builder("diffusion.outbox.oldest.age", outboxOldestSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest unpublished outbox row").register(registry);
        Gauge.builder("diffusion.dispatch.held", dispatchesHeld, AtomicLong::get)
                .description("Due job dispatches waiting because their tenant has its maximum of jobs in flight")
                .register(registry);
    }

    /** Recomputes every gauge from the database. */
    public void refresh() {
        QuarkusTransaction.requiringNew().run(() -> {
            Instant now = clock.instant();
            jobs.countByStatus().forEach((status, count) -> byStatus.get(status).set(count));
            oldestQueuedSeconds.set(ageSeconds(jobs.oldestQueuedCreatedAt(), now));
            outboxPending.set(outbox.countPending());
            outboxOldestSeconds.set(ageSeconds(outbox.oldestPendingCreatedAt(), now));
            dispatchesHeld.set(maxInFlightPerTenant > 0 ? outbox.countHeld(now, maxInFlightPerTenant) : 0);
        });
    }

    private static long ageSeconds(Optional<Instant> since, Instant now) {
        return since.map(t -> Math.max(0, Duration.between(t, now).toSeconds())).orElse(0L);
    }
}
