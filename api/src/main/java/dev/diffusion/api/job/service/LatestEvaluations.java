package dev.diffusion.api.job.service;

import dev.diffusion.api.job.persistence.ArtifactEntity;
import dev.diffusion.api.job.persistence.ArtifactRepository;
import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.job.persistence.JobRepository;
import dev.diffusion.api.json.SpecJson;
import dev.diffusion.api.model.service.LatestEvaluation;
import dev.diffusion.api.model.service.ModelEvaluations;
import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A model's latest evaluation, read from the jobs table: its newest SUCCEEDED EVALUATION job, with that job's
 * metrics and its {@link ObjectKeys#EVALUATION_JSON} artifact. No copy of it is kept with the model.
 */
@ApplicationScoped
public class LatestEvaluations implements ModelEvaluations {

    private final JobRepository jobs;
    private final ArtifactRepository artifacts;

    @Inject
    public LatestEvaluations(JobRepository jobs, ArtifactRepository artifacts) {
        this.jobs = jobs;
        this.artifacts = artifacts;
    }

    @Override
    public Map<UUID, LatestEvaluation> latestOf(UUID tenantId, Collection<UUID> modelIds) {
        List<JobEntity> latest = jobs.latestSucceeded(tenantId, JobType.EVALUATION, modelIds);
        Map<UUID, ArtifactEntity> reports = artifacts.named(latest.stream().map(j -> j.id).toList(),
                ObjectKeys.EVALUATION_JSON);
        Map<UUID, LatestEvaluation> byModel = new HashMap<>();
        for (JobEntity job : latest) {
            byModel.put(job.modelId, new LatestEvaluation(job.id, job.finishedAt, SpecJson.metrics(job.metrics),
                    SpecJson.evaluation(job.spec).samplers().size(), report(reports.get(job.id))));
        }
        return byModel;
    }

    private static Artifact report(ArtifactEntity a) {
        return a == null ? null : new Artifact(a.name, a.bucket, a.objectKey, a.contentType, a.sizeBytes, a.sha256);
    }
}
