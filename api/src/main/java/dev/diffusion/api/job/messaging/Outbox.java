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

    @Inject
    public Outbox(OutboxRepository rows, DiffusionConfig config, Clock clock, Event<OutboxWritten> written) {
        this.rows = rows;
        this.topics = config.kafka().topics();
        this.clock = clock;
        this.written = written;
    }

    /** Queues a dispatch to publish at once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dispatch(JobDispatch dispatch) {
        dispatch(dispatch, dispatch.dispatchedAt());
    }

    /** Queues a dispatch to publish not before {@code availableAt} (retry back-off). */
    @Transactional(Transactional.TxType.MANDATORY)
    public void dispatch(JobDispatch dispatch, Instant availableAt) {
        write(topics.jobs(), dispatch.jobId().toString(), dispatch, availableAt);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void control(JobControl control) {
        write(topics.control(), control.jobId().toString(), control, control.issuedAt());
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void deadLetter(DeadLetter letter) {
        write(topics.deadLetters(), letter.key(), letter, letter.failedAt());
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

    private void write(String topic, String key, Object message, Instant availableAt) {
        OutboxEntity row = new OutboxEntity();
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
