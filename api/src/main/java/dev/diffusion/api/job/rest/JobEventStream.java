package dev.diffusion.api.job.rest;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.job.service.JobQueries;
import dev.diffusion.api.job.service.JobSnapshot;
import dev.diffusion.api.tenant.service.EventStreamSlots;
import io.quarkus.runtime.ShutdownEvent;
import io.smallrye.mutiny.Multi;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.logging.Logger;

/**
 * Server-sent events of one job. Each stream re-reads its job every
 * {@code diffusion.events.sse-poll-interval} and sends an event when something changed, so it sees
 * changes applied by any api instance: {@code status} when the status or attempt changed (and first),
 * {@code progress} otherwise. After a final status the stream ends. A stream holding one of its tenant's
 * {@link EventStreamSlots} renews it while it runs and gives it back when it ends.
 */
@ApplicationScoped
public class JobEventStream {

    private static final Logger LOG = Logger.getLogger(JobEventStream.class);

    private final JobQueries queries;
    private final JobMapper mapper;
    private final EventStreamSlots slots;
    private final long intervalMs;
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "sse-ticker");
        t.setDaemon(true);
        return t;
    });

    @Inject
    public JobEventStream(JobQueries queries, JobMapper mapper, EventStreamSlots slots, DiffusionConfig config) {
        this.queries = queries;
        this.mapper = mapper;
        this.slots = slots;
        this.intervalMs = config.events().ssePollInterval().toMillis();
    }

    void onStop(@Observes ShutdownEvent event) {
        ticker.shutdownNow();
    }

    /** The job's events; {@code slot}: the tenant's stream slot this stream holds, if its streams are limited. */
    public Multi<OutboundSseEvent> watch(UUID jobId, Sse sse, Optional<UUID> slot) {
        long renewEveryNanos = EventStreamSlots.LEASE.toNanos() / 3;
        return Multi.createFrom().emitter(emitter -> {
            AtomicReference<JobUpdate> last = new AtomicReference<>();
            AtomicLong renewedAt = new AtomicLong(System.nanoTime());
            ScheduledFuture<?> task = ticker.scheduleWithFixedDelay(() -> {
                try {
                    if (slot.isPresent() && System.nanoTime() - renewedAt.get() > renewEveryNanos) {
                        slots.renew(slot.get());
                        renewedAt.set(System.nanoTime());
                    }
                    Optional<JobUpdate> current = queries.find(jobId).map(JobSnapshot::job).map(mapper::toUpdate);
                    if (current.isEmpty()) {
                        emitter.complete();
                        return;
                    }
                    JobUpdate now = current.get();
                    JobUpdate before = last.getAndSet(now);
                    if (!now.equals(before)) {
                        emitter.emit(event(sse, now, before));
                    }
                    if (now.status().isTerminal()) {
                        emitter.complete();
                    }
                } catch (RuntimeException e) {
                    LOG.debugf("SSE poll of job %s failed: %s", jobId, e.getMessage());
                }
            }, 0, intervalMs, TimeUnit.MILLISECONDS);
            emitter.onTermination(() -> {
                task.cancel(false);
                slot.ifPresent(this::release);
            });
        });
    }

    /** Termination may come on the event loop (a client that went away): the database call goes to the ticker. */
    private void release(UUID slot) {
        try {
            ticker.execute(() -> slots.release(slot));
        } catch (RejectedExecutionException stopping) {
            LOG.debugf("event stream slot %s left to its lease: the api is stopping", slot);
        }
    }

    private static OutboundSseEvent event(Sse sse, JobUpdate now, JobUpdate before) {
        boolean statusChanged = before == null || before.status() != now.status() || before.attempt() != now.attempt();
        return sse.newEventBuilder()
                .name(statusChanged ? "status" : "progress")
                .id(now.updatedAt().toString())
                .mediaType(MediaType.APPLICATION_JSON_TYPE)
                .data(JobUpdate.class, now)
                .build();
    }
}
