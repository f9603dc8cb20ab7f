package dev.diffusion.api.job.service;

import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.job.persistence.MetricPointEntity;
import dev.diffusion.api.job.persistence.MetricPointRepository;
import dev.diffusion.api.json.SpecJson;
import dev.diffusion.common.messaging.Progress;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A job's metrics by step, kept from its progress events so that curves need neither the worker's
 * {@code metrics.csv} nor a recomputation. At most {@value #MAX_POINTS} points per job: the steps are cut into that
 * many buckets and each bucket keeps the latest event in it.
 */
@ApplicationScoped
public class MetricSeries {

    static final int MAX_POINTS = 1000;

    private final MetricPointRepository points;

    @Inject
    public MetricSeries(MetricPointRepository points) {
        this.points = points;
    }

    /** Records the event's metrics at its step, in the caller's transaction; an event without either is skipped. */
    void record(JobEntity job, Progress progress, Map<String, Double> metrics, Instant at) {
        if (progress == null || metrics.isEmpty() || progress.step() <= 0) {
            return;
        }
        int bucket = bucket(progress.step(), progress.totalSteps());
        points.upsert(job.id, bucket, progress.step(), job.attempt, SpecJson.write(metrics), at);
    }

    /** The job's points by step; the caller checked that the job is the tenant's. */
    public List<MetricPointEntity> of(UUID jobId) {
        return QuarkusTransaction.joiningExisting().call(() -> points.forJob(jobId));
    }

    /** The bucket of {@code step}: steps {@code [b·w, (b+1)·w)} with {@code w = ceil(total / MAX_POINTS)}, the
     * last bucket also taking the steps past it (the final step, a total that grew). */
    static int bucket(int step, int totalSteps) {
        int width = Math.max(1, (totalSteps + MAX_POINTS - 1) / MAX_POINTS);
        return Math.min(step / width, MAX_POINTS - 1);
    }
}
