package dev.diffusion.api.job.messaging;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.common.messaging.DeadLetter;
import dev.diffusion.common.messaging.JobControl;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.MessageCodec;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/**
 * Writes messages to the transactional outbox. Must be called inside the transaction that changes the
 * job, so the job row and its message commit or roll back together; the {@link OutboxRelay} publishes
 * them afterwards.
 */
@ApplicationScoped
public class Outbox {

    private final OutboxRepository rows;
    private final DiffusionConfig.Topics topics;
    private final Clock clock;
    private final Event<OutboxWritten> written;
    private final Event<DispatchSettled> settled;

    @Inject
    public Outbox(OutboxRepository rows, DiffusionConfig config, Clock clock, Event<OutboxWritten> written,
                  Event<DispatchSettled> settled) {
        this.rows = rows;
        this.topics = config.kafka().topics();
        this.clock = clock;
        this.written = written;
        this.settled = settled;
    }

    /** Queues a dispatch of a job of {@code tenantId} to publish at once (as soon as the tenant has room). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dispatch(UUID tenantId, JobDispatch dispatch) {
        dispatch(tenantId, dispatch, dispatch.dispatchedAt());
    }

    /** Queues a dispatch to publish not before {@code availableAt} (retry back-off). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dispatch(UUID tenantId, JobDispatch dispatch, Instant availableAt) {
        write(topics.jobs(), dispatch.jobId().toString(), dispatch, availableAt, tenantId);
    }

    /**
     * Says that a job of the tenant no longer holds a dispatch (it ended, or went back to QUEUED): once this
     * commits, the relay looks at once whether the tenant's next dispatch may go out.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dispatchSettled(UUID tenantId) {
        settled.fire(new DispatchSettled(tenantId));
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void control(JobControl control) {
        write(topics.control(), control.jobId().toString(), control, control.issuedAt(), null);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deadLetter(DeadLetter letter) {
        write(topics.deadLetters(), letter.key(), letter, letter.failedAt(), null);
    }

    /** Withdraws the unpublished dispatches of a job (it was cancelled while queued). */
    @Transactional(Transactional.TxType.MANDATORY)
    public int discardPendingDispatches(UUID jobId, String reason) {
        return rows.discardPending(topics.jobs(), jobId.toString(), reason);
    }

    /** Whether a dispatch of the job already reached Kafka (so a worker may hold it). */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean wasDispatched(UUID jobId) {
        return rows.anySent(topics.jobs(), jobId.toString());
    }

    private void write(String topic, String key, Object message, Instant availableAt, UUID tenantId) {
        OutboxEntity row = new OutboxEntity();
        row.tenantId = tenantId;
        row.topic = topic;
        row.messageKey = key;
        row.messageType = message.getClass().getSimpleName();
        row.payload = MessageCodec.encode(message);
        row.status = OutboxEntity.Status.PENDING;
        row.createdAt = clock.instant().truncatedTo(ChronoUnit.MICROS);
        row.availableAt = availableAt.truncatedTo(ChronoUnit.MICROS);
        rows.persist(row);
        written.fire(new OutboxWritten(topic));
    }
}
