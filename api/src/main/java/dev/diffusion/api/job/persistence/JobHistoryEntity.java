package dev.diffusion.api.job.persistence;

import dev.diffusion.common.messaging.JobStatus;
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
import org.hibernate.annotations.ColumnTransformer;
import org.hibernate.annotations.Immutable;

/** One append-only entry of a job's history (table {@code job_events}); never updated or deleted. */
@Entity
@Immutable
@Table(name = "job_events")
public class JobHistoryEntity extends PanacheEntityBase {

    /** Who caused the entry. */
    public enum Source { WORKER, API }

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    public int attempt;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public Source source;

    /** A worker {@code EventKind} or an api action such as {@code SUBMITTED}, {@code REQUEUED}. */
    @Column(nullable = false)
    public String kind;

    @Column(name = "worker_id")
    public String workerId;

    public Long sequence;

    @Enumerated(EnumType.STRING)
    @Column(name = "status_before")
    public JobStatus statusBefore;

    @Enumerated(EnumType.STRING)
    @Column(name = "status_after")
    public JobStatus statusAfter;

    /** {@code APPLIED} or {@code IGNORED_<reason>}. */
    @Column(nullable = false)
    public String outcome;

    public String detail;

    /** The worker event as received, for worker entries. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String payload;

    @Column(name = "occurred_at")
    public Instant occurredAt;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
}
