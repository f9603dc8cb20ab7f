package dev.diffusion.api.job.messaging;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A Kafka message waiting to be published (or already published) by the {@link OutboxRelay}. */
@Entity
@Table(name = "outbox")
public class OutboxEntity extends PanacheEntityBase {

    /** Where a row is in its life. */
    public enum Status {
        /** To be published once {@code availableAt} has passed. */
        PENDING,
        /** Acknowledged by Kafka. */
        SENT,
        /** Withdrawn before publication (e.g. the dispatch of a job cancelled while queued). */
        DISCARDED
    }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(nullable = false)
    public String topic;

    @Column(name = "message_key")
    public String messageKey;

    /** The job's tenant, on job dispatches only: the relay paces those per tenant and never holds back the others. */
    @Column(name = "tenant_id")
    public UUID tenantId;

    @Column(name = "message_type", nullable = false)
    public String messageType;

    @Column(nullable = false)
    public String payload;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Status status;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "available_at", nullable = false)
    public Instant availableAt;

    @Column(name = "sent_at")
    public Instant sentAt;

    @Column(name = "send_attempts")
    public int sendAttempts;

    @Column(name = "last_error")
    public String lastError;
}
