package dev.diffusion.api.job.persistence;

import io.quarkus.hibernate.orm.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/**
 * One point of a job's metric series (table {@code job_metric_points}): the metrics of the latest progress event in
 * its bucket of steps. Written only by {@link MetricPointRepository#upsert}, so the entity is read-only.
 */
@Entity
@Immutable
@Table(name = "job_metric_points")
public class MetricPointEntity extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "job_id", nullable = false)
    public UUID jobId;

    public int bucket;

    public int step;

    public int attempt;

    /** Name → number (JSON). */
    @Column(columnDefinition = "jsonb", nullable = false)
    public String metrics;

    @Column(name = "recorded_at", nullable = false)
    public Instant recordedAt;
}
