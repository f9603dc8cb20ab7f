package dev.diffusion.api.job.persistence;

import dev.diffusion.common.messaging.JobStatus;
import dev.diffusion.common.messaging.JobType;
import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.ColumnTransformer;

/**
 * A job row. Its status changes only through {@code JobStateMachine}; {@link #version} makes concurrent
 * writers (event consumer, sweeper, cancel requests) fail instead of overwriting each other.
 */
@Entity
@Table(name = "jobs")
public class JobEntity extends PanacheEntityBase {

    @Id
    public UUID id;

    /** The tenant that submitted it: only its keys see the job. */
    @Column(name = "tenant_id", nullable = false)
    public UUID tenantId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobType type;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    public JobStatus status;

    @Version
    public long version;

    public int attempt;

    @Column(name = "max_attempts")
    public int maxAttempts;

    /** The effective spec as JSON. */
    @Column(columnDefinition = "jsonb", nullable = false)
    @ColumnTransformer(write = "?::jsonb")
    public String spec;

    /**
     * Training: the id the produced model is registered under. Generation: the sampled model. Evaluation: the
     * scored model.
     */
    @Column(name = "model_id")
    public UUID modelId;

    @Column(name = "idempotency_key")
    public String idempotencyKey;

    @Column(name = "request_hash")
    public String requestHash;

    @Column(name = "progress_step")
    public Integer progressStep;

    @Column(name = "progress_total_steps")
    public Integer progressTotalSteps;

    @Column(name = "progress_phase")
    public String progressPhase;

    @Column(name = "progress_eta_seconds")
    public Double progressEtaSeconds;

    /** Latest metrics as a JSON object of name to number. */
    @Column(columnDefinition = "jsonb")
    @ColumnTransformer(write = "?::jsonb")
    public String metrics;

    @Column(name = "error_code")
    public String errorCode;

    @Column(name = "error_message")
    public String errorMessage;

    @Column(name = "worker_id")
    public String workerId;

    @Column(name = "last_sequence")
    public Long lastSequence;

    @Column(name = "heartbeat_at")
    public Instant heartbeatAt;

    @Column(name = "checkpoint_bucket")
    public String checkpointBucket;

    @Column(name = "checkpoint_key")
    public String checkpointKey;

    @Column(name = "checkpoint_step")
    public Integer checkpointStep;

    @Column(name = "cancel_requested_at")
    public Instant cancelRequestedAt;

    @Column(name = "retry_at")
    public Instant retryAt;

    @Column(name = "created_at", nullable = false)
    public Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    public Instant updatedAt;

    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public boolean hasCheckpoint() {
        return checkpointKey != null;
    }
}
