package dev.diffusion.common.messaging;

import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.DatasetScope;
import dev.diffusion.common.storage.ObjectKeys;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;

/** Builders of valid messages for the contract tests. */
final class MessageFixtures {

    static final Instant NOW = Instant.parse("2026-11-23T10:15:30.123456Z");
    static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
    static final DatasetScope SCOPE = DatasetScope.of(ObjectKeys.DATASETS_BUCKET,
            ObjectKeys.tenantArea(UUID.fromString("00000000-0000-0000-0000-000000000001")), List.of("s3://shared-images/"));

    private MessageFixtures() {
    }

    static ModelRef modelRef(UUID modelId) {
        return new ModelRef(modelId, ObjectKeys.MODELS_BUCKET, ObjectKeys.model(modelId));
    }

    static JobDispatch aTrainingDispatch(UUID jobId, int attempt, CheckpointRef resumeFrom) {
        TrainingSpec spec = TrainingSpec.of("shapes").withSeed(3).withDefaults();
        return JobDispatch.training(jobId, attempt, spec, modelRef(UUID.randomUUID()), resumeFrom, SCOPE, NOW);
    }

    static JobDispatch aGenerationDispatch(UUID jobId) {
        UUID modelId = UUID.randomUUID();
        TrainingSpec modelSpec = TrainingSpec.of("mnist").withSeed(1).withDefaults();
        GenerationSpec spec = GenerationSpec.of(modelId.toString()).withDefaults(modelSpec.schedule().timesteps());
        return JobDispatch.generation(jobId, 1, spec, modelRef(modelId), NOW);
    }

    static JobDispatch anEvaluationDispatch(UUID jobId) {
        UUID modelId = UUID.randomUUID();
        EvaluationSpec spec = new EvaluationSpec(modelId.toString(), 5, null, true, 3L, null).withDefaults(500, 10);
        return JobDispatch.evaluation(jobId, 1, spec, modelRef(modelId), SCOPE, NOW);
    }

    static Artifact anArtifact(UUID jobId, String name, String contentType) {
        return new Artifact(name, ObjectKeys.ARTIFACTS_BUCKET, ObjectKeys.jobArtifact(jobId, name), contentType, 1234,
                "ab".repeat(32));
    }
}
