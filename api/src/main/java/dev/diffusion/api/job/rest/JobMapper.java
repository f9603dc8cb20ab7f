package dev.diffusion.api.job.rest;

import dev.diffusion.api.job.persistence.ArtifactEntity;
import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.job.persistence.JobHistoryEntity;
import dev.diffusion.api.job.persistence.MetricPointEntity;
import dev.diffusion.api.job.service.JobSnapshot;
import dev.diffusion.api.json.SpecJson;
import dev.diffusion.api.storage.PresignedUrls;
import dev.diffusion.common.messaging.JobStatus;
import dev.diffusion.common.messaging.JobType;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;

/** Job entities to REST records; artifact URLs are presigned here, fresh on every read. */
@ApplicationScoped
public class JobMapper {

    private final PresignedUrls urls;

    @Inject
    public JobMapper(PresignedUrls urls) {
        this.urls = urls;
    }

    public JobResponse toResponse(JobSnapshot snapshot) {
        JobEntity job = snapshot.job();
        // a training or import job's model exists once it succeeded; generation and evaluation jobs use one that exists
        boolean modelVisible = (job.type != JobType.TRAINING && job.type != JobType.IMPORT)
                || job.status == JobStatus.SUCCEEDED;
        return new JobResponse(job.id, job.type, job.status, job.attempt, job.maxAttempts, progress(job), metrics(job),
                job.createdAt, job.startedAt, job.finishedAt, job.updatedAt, job.cancelRequestedAt, job.retryAt,
                error(job), snapshot.artifacts().stream().map(this::artifact).toList(), checkpoint(job),
                modelVisible ? job.modelId : null, spec(job));
    }

    private static Object spec(JobEntity job) {
        return switch (job.type) {
            case TRAINING -> SpecJson.training(job.spec);
            case GENERATION -> SpecJson.generation(job.spec);
            case EVALUATION -> SpecJson.evaluation(job.spec);
            case IMPORT -> SpecJson.importing(job.spec);
        };
    }

    private JobCheckpointResponse checkpoint(JobEntity job) {
        if (!job.hasCheckpoint()) {
            return null;
        }
        PresignedUrls.Presigned link = urls.get(job.checkpointBucket, job.checkpointKey);
        return new JobCheckpointResponse(job.checkpointStep == null ? 0 : job.checkpointStep,
                "s3://" + job.checkpointBucket + "/" + job.checkpointKey, link.url(), link.expiresAt());
    }

    public JobUpdate toUpdate(JobEntity job) {
        return new JobUpdate(job.id, job.status, job.attempt, progress(job), metrics(job), error(job),
                job.cancelRequestedAt != null, job.updatedAt);
    }

    public HistoryEntryResponse toResponse(JobHistoryEntity e) {
        return new HistoryEntryResponse(e.attempt, e.source.name(), e.kind, e.workerId, e.sequence, e.statusBefore,
                e.statusAfter, e.outcome, e.detail, e.recordedAt);
    }

    public MetricPointResponse toResponse(MetricPointEntity p) {
        return new MetricPointResponse(p.step, p.attempt, SpecJson.metrics(p.metrics), p.recordedAt);
    }

    private ArtifactResponse artifact(ArtifactEntity a) {
        PresignedUrls.Presigned link = urls.get(a.bucket, a.objectKey);
        return new ArtifactResponse(a.name, a.contentType, a.sizeBytes, a.sha256, link.url(), link.expiresAt());
    }

    private static JobProgressResponse progress(JobEntity job) {
        int step = job.progressStep == null ? 0 : job.progressStep;
        int total = job.progressTotalSteps == null ? 0 : job.progressTotalSteps;
        double fraction = total <= 0 ? 0.0 : Math.min(1.0, (double) step / total);
        return new JobProgressResponse(step, total, fraction, job.progressPhase, job.progressEtaSeconds);
    }

    private static Map<String, Double> metrics(JobEntity job) {
        return SpecJson.metrics(job.metrics);
    }

    private static JobErrorResponse error(JobEntity job) {
        return job.errorCode == null ? null : new JobErrorResponse(job.errorCode, job.errorMessage);
    }
}
