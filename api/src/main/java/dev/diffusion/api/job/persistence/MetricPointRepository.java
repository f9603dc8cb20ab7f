package dev.diffusion.api.job.persistence;

import io.quarkus.hibernate.orm.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The metric series of jobs ({@code job_metric_points}). */
@ApplicationScoped
public class MetricPointRepository implements PanacheRepositoryBase<MetricPointEntity, Long> {

    /** The job's points, by step. */
    public List<MetricPointEntity> forJob(UUID jobId) {
        return list("jobId", Sort.ascending("step").and("id"), jobId);
    }

    /** Writes the point of {@code bucket}, replacing the one there (one statement: concurrent appliers cannot clash). */
    public void upsert(UUID jobId, int bucket, int step, int attempt, String metricsJson, Instant recordedAt) {
        getEntityManager().createNativeQuery("""
                        insert into job_metric_points (job_id, bucket, step, attempt, metrics, recorded_at)
                        values (:job, :bucket, :step, :attempt, cast(:metrics as jsonb), :at)
                        on conflict (job_id, bucket) do update set step = excluded.step, attempt = excluded.attempt,
                            metrics = excluded.metrics, recorded_at = excluded.recorded_at""")
                .setParameter("job", jobId)
                .setParameter("bucket", bucket)
                .setParameter("step", step)
                .setParameter("attempt", attempt)
                .setParameter("metrics", metricsJson)
                .setParameter("at", recordedAt)
                .executeUpdate();
    }
}
