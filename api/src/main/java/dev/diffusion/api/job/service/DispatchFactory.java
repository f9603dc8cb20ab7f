package dev.diffusion.api.job.service;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.json.SpecJson;
import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.model.persistence.ModelRepository;
import dev.diffusion.api.tenant.service.DatasetGrants;
import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.messaging.JobDispatch;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.storage.ObjectKeys;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Instant;

/** Builds the {@link JobDispatch} of a job's current attempt from its row. */
@ApplicationScoped
public class DispatchFactory {

    private final ModelRepository models;
    private final DatasetGrants grants;
    private final String modelsBucket;
    private final long maxUploadBytes;

    @Inject
    public DispatchFactory(ModelRepository models, DatasetGrants grants, DiffusionConfig config) {
        this.models = models;
        this.grants = grants;
        this.modelsBucket = config.s3().modelsBucket();
        this.maxUploadBytes = config.uploads().maxBytes();
    }

    /**
     * The dispatch of {@code job.attempt}: a training job carries where its model goes and its last
     * checkpoint as the resume point; a generation or evaluation job carries its model's location; an import job
     * where its model goes and the largest weights file the worker may accept ({@code diffusion.uploads.max-bytes}).
     * Training and evaluation carry the tenant's data-set scope as it is now, so a withdrawn grant holds from the next
     * attempt on.
     */
    public JobDispatch forCurrentAttempt(JobEntity job, Instant at) {
        return switch (job.type) {
            case TRAINING -> JobDispatch.training(job.id, job.attempt, SpecJson.training(job.spec),
                    new ModelRef(job.modelId, modelsBucket, ObjectKeys.model(job.modelId)), resumePoint(job), grants.scopeOf(job.tenantId), at);
            case GENERATION -> JobDispatch.generation(job.id, job.attempt, SpecJson.generation(job.spec), modelOf(job), at);
            case EVALUATION -> JobDispatch.evaluation(job.id, job.attempt, SpecJson.evaluation(job.spec), modelOf(job),
                    grants.scopeOf(job.tenantId), at);
            case IMPORT -> JobDispatch.modelImport(job.id, job.attempt, SpecJson.importing(job.spec),
                    new ModelRef(job.modelId, modelsBucket, ObjectKeys.model(job.modelId)), maxUploadBytes, at);
        };
    }

    /** The registered model a generation or evaluation job uses. */
    private ModelRef modelOf(JobEntity job) {
        ModelEntity model = models.findByIdOptional(job.modelId).orElseThrow(() -> new IllegalStateException(
                job.type + " job " + job.id + " refers to missing model " + job.modelId));
        return new ModelRef(model.id, model.bucket, model.objectKey);
    }

    private static CheckpointRef resumePoint(JobEntity job) {
        return job.hasCheckpoint() ? new CheckpointRef(job.checkpointBucket, job.checkpointKey, job.checkpointStep) : null;
    }
}
