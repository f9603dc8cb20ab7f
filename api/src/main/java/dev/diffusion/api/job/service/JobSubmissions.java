package dev.diffusion.api.job.service;

import dev.diffusion.api.config.DiffusionConfig;
import dev.diffusion.api.job.persistence.JobEntity;
import dev.diffusion.api.job.persistence.JobRepository;
import dev.diffusion.api.json.SpecJson;
import dev.diffusion.api.model.persistence.ModelEntity;
import dev.diffusion.api.model.persistence.ModelRepository;
import dev.diffusion.api.problem.ConflictException;
import dev.diffusion.api.problem.TooManyRequestsException;
import dev.diffusion.api.problem.ValidationFailedException;
import dev.diffusion.api.storage.DatasetCatalog;
import dev.diffusion.api.storage.TenantFiles;
import dev.diffusion.api.tenant.auth.Principal;
import dev.diffusion.api.tenant.service.DatasetGrants;
import dev.diffusion.api.tenant.service.SubmissionRate;
import dev.diffusion.common.messaging.JobStatus;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.ImportSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.common.storage.ObjectLocation;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.common.spec.TrainingFootprint;
import dev.diffusion.common.spec.TrainingSpec;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Accepts training, generation, evaluation and import jobs: validates the spec, stores the job as QUEUED with its effective
 * spec and writes its first dispatch to the outbox in the same transaction.
 *
 * <p>Limits of the caller's tenant: a submission takes a token of its submission rate (429 {@code rate-limited}) and
 * may not raise its QUEUED and RUNNING jobs above its maximum (429 {@code quota-exceeded}); replays take nothing.
 *
 * <p>Idempotency: with a key, the same key and the same request return the job the first request made
 * ({@link Submission#replayed()}); the same key with another request is a 409. Concurrent requests
 * with one key are serialised by a transaction-scoped advisory lock on the key.
 */
@ApplicationScoped
public class JobSubmissions {

    /** A validated job about to be stored. */
    /** {@code size}: steps × batch size of a training job, the images a generation or evaluation job draws. */
    private record Accepted(JobType type, String specJson, UUID modelId, int totalSteps, long size) {
    }


    private final JobRepository jobs;
    private final ModelRepository models;
    private final JobStateMachine states;
    private final JobQueries queries;
    private final DatasetCatalog datasets;
    private final DatasetGrants grants;
    private final SubmissionRate rate;
    private final Clock clock;
    private final int maxAttempts;
    private final TenantFiles tenantFiles;
    private final long maxUploadBytes;
    private final OptionalLong workerMemory;

    @Inject
    public JobSubmissions(JobRepository jobs, ModelRepository models, JobStateMachine states, JobQueries queries,
                          DatasetCatalog datasets, DatasetGrants grants, SubmissionRate rate, Clock clock,
                          DiffusionConfig config, TenantFiles tenantFiles) {
        this.tenantFiles = tenantFiles;
        this.maxUploadBytes = config.uploads().maxBytes();
        this.jobs = jobs;
        this.models = models;
        this.states = states;
        this.queries = queries;
        this.datasets = datasets;
        this.grants = grants;
        this.rate = rate;
        this.clock = clock;
        this.maxAttempts = config.jobs().maxAttempts();
        this.workerMemory = config.jobs().workerMemory().map(m -> OptionalLong.of(m.asLongValue()))
                .orElse(OptionalLong.empty());
    }

    /**
     * Submits a training job.
     *
     * @throws ValidationFailedException (422) listing every invalid field, including an unknown data set
     * @throws ConflictException         (409) when the key was used for another request
     */
    public Submission submitTraining(Principal caller, TrainingSpec given, Optional<String> idempotencyKey) {
        return submit(caller, JobType.TRAINING, given, idempotencyKey, () -> acceptTraining(caller.tenantId(), given));
    }

    /**
     * Submits a generation job for one of the tenant's models or a published one.
     *
     * @throws ValidationFailedException (422) for an unknown {@code modelId} (another tenant's is unknown too) or
     *                                   a spec the model cannot run
     * @throws ConflictException         (409) when the key was used for another request
     */
    public Submission submitGeneration(Principal caller, GenerationSpec given, Optional<String> idempotencyKey) {
        return submit(caller, JobType.GENERATION, given, idempotencyKey,
                () -> acceptGeneration(caller.tenantId(), given));
    }

    /**
     * Submits an evaluation job for one of the tenant's models or a published one; the stored spec is the effective
     * one (the sweep expanded).
     *
     * @throws ValidationFailedException (422) for an unknown {@code modelId} (another tenant's is unknown too) or
     *                                   a spec the model cannot run
     * @throws ConflictException         (409) when the key was used for another request
     */
    public Submission submitEvaluation(Principal caller, EvaluationSpec given, Optional<String> idempotencyKey) {
        return submit(caller, JobType.EVALUATION, given, idempotencyKey,
                () -> acceptEvaluation(caller.tenantId(), given));
    }

    /**
     * Submits an import job: the weights must be a file of the caller's tenant area that exists and is not over
     * {@code diffusion.uploads.max-bytes} (a presigned PUT cannot limit the size, so it is checked here and again by
     * the worker).
     *
     * @throws ValidationFailedException (422) listing every invalid field: the spec's rules, a location outside the
     *                                   tenant's area, no object there, an object over the limit
     * @throws ConflictException         (409) when the key was used for another request
     */
    public Submission submitImport(Principal caller, ImportSpec given, Optional<String> idempotencyKey) {
        return submit(caller, JobType.IMPORT, given, idempotencyKey, () -> acceptImport(caller.tenantId(), given));
    }

    private Submission submit(Principal caller, JobType type, Object given, Optional<String> key,
                              Supplier<Accepted> accept) {
        UUID tenantId = caller.tenantId();
        String fingerprint = RequestFingerprint.of(type, given);
        if (key.isPresent()) {
            Optional<Submission> replay = QuarkusTransaction.requiringNew()
                    .call(() -> replay(tenantId, key.get(), fingerprint));
            if (replay.isPresent()) {
                return replay.get();
            }
        }
        rate.take(caller);
        Accepted accepted = accept.get();
        JobSizeLimits.check(caller.limits(), type, accepted.type() == JobType.TRAINING ? accepted.size() : 0,
                accepted.type() == JobType.TRAINING ? 0 : accepted.size());
        return QuarkusTransaction.requiringNew().call(() -> {
            if (key.isPresent()) {
                lock(tenantId + "/" + key.get());
                Optional<Submission> replay = replay(tenantId, key.get(), fingerprint);
                if (replay.isPresent()) {
                    return replay.get();
                }
            }
            if (caller.limits().openJobsLimited()) {
                requireOpenJobsBelow(tenantId, caller.limits().maxOpenJobs());
            }
            // a new job has no artifacts yet: answer from the stored row instead of reading it back
            return new Submission(new JobSnapshot(store(tenantId, accepted, key.orElse(null), fingerprint), List.of()),
                    false);
        });
    }

    private Optional<Submission> replay(UUID tenantId, String key, String fingerprint) {
        return jobs.findByIdempotencyKey(tenantId, key).map(job -> {
            if (!fingerprint.equals(job.requestHash)) {
                throw new ConflictException("Idempotency-Key '" + key + "' was already used for a different request (job "
                        + job.id + ")");
            }
            return new Submission(queries.find(job.id).orElseThrow(), true);
        });
    }

    /** Counts and inserts of concurrent submissions of one tenant (on any api instance) take turns. */
    private void requireOpenJobsBelow(UUID tenantId, int max) {
        lock("open-jobs/" + tenantId);
        long open = jobs.countOpen(tenantId);
        if (open >= max) {
            throw TooManyRequestsException.quotaExceeded("the tenant has " + open + " QUEUED or RUNNING jobs, its "
                    + "maximum is " + max + "; submit again when one has finished or is cancelled");
        }
    }

    private void lock(String key) {
        jobs.getEntityManager()
                .createNativeQuery("select 1 from (select pg_advisory_xact_lock(hashtextextended(:key, 0))) locked")
                .setParameter("key", key)
                .getSingleResult();
    }

    private JobEntity store(UUID tenantId, Accepted accepted, String key, String fingerprint) {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        JobEntity job = new JobEntity();
        job.id = UUID.randomUUID();
        job.tenantId = tenantId;
        job.type = accepted.type();
        job.status = JobStatus.QUEUED;
        job.attempt = 1;
        job.maxAttempts = maxAttempts;
        job.spec = accepted.specJson();
        job.modelId = accepted.modelId();
        job.idempotencyKey = key;
        job.requestHash = fingerprint;
        job.progressStep = 0;
        job.progressTotalSteps = accepted.totalSteps();
        job.progressPhase = "queued";
        job.createdAt = now;
        job.updatedAt = now;
        jobs.persist(job);
        states.submitted(job);
        return job;
    }

    private Accepted acceptTraining(UUID tenantId, TrainingSpec given) {
        List<FieldError> errors = new ArrayList<>(SpecValidator.validate(given));
        if (errors.stream().noneMatch(e -> e.field().equals("dataset"))) {
            // the scope first, so that the answer does not tell whether another tenant's data set exists
            grants.problemWith(tenantId, given.dataset().trim())
                    .or(() -> datasets.problemWith(given.dataset().trim()))
                    .ifPresent(p -> errors.add(new FieldError("dataset", p)));
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        TrainingSpec effective = given.withDefaults();
        if (workerMemory.isPresent()) {
            TrainingFootprint footprint = TrainingFootprint.of(new EffectiveTrainingSpec(effective));
            footprint.problem(effective.batchSize(), footprint.peakBytes(effective.batchSize()),
                    workerMemory.getAsLong(), "a worker of this installation has").ifPresent(problem -> {
                        throw new ValidationFailedException(List.of(problem));
                    });
        }
        return new Accepted(JobType.TRAINING, SpecJson.write(effective), UUID.randomUUID(), effective.steps(),
                (long) effective.steps() * effective.batchSize());
    }

    private Accepted acceptGeneration(UUID tenantId, GenerationSpec given) {
        ModelEntity model = findModel(tenantId, given.modelId());
        TrainingSpec modelSpec = SpecJson.training(model.spec);
        int timesteps = modelSpec.schedule().timesteps();
        List<FieldError> errors = SpecValidator.validate(given, timesteps, modelSpec.model().numClasses());
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        GenerationSpec effective = given.withDefaults(timesteps);
        return new Accepted(JobType.GENERATION, SpecJson.write(effective), model.id, effective.steps(),
                effective.numImages());
    }

    /** Progress starts out counting the images to draw; the worker's events replace it with its own phases. */
    private Accepted acceptEvaluation(UUID tenantId, EvaluationSpec given) {
        ModelEntity model = findModel(tenantId, given.modelId());
        TrainingSpec modelSpec = SpecJson.training(model.spec);
        int timesteps = modelSpec.schedule().timesteps();
        int numClasses = modelSpec.model().numClasses();
        List<FieldError> errors = SpecValidator.validate(given, timesteps, numClasses);
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        EvaluationSpec effective = given.withDefaults(timesteps, numClasses);
        int images = effective.samplers().size() * effective.imagesPerSampler(numClasses);
        return new Accepted(JobType.EVALUATION, SpecJson.write(effective), model.id, images, images);
    }

    /** Progress counts the three phases of an import: downloading, validating, registering. */
    private Accepted acceptImport(UUID tenantId, ImportSpec given) {
        List<FieldError> errors = new ArrayList<>(SpecValidator.validate(given));
        if (errors.stream().noneMatch(e -> e.field().equals("weights"))) {
            ObjectLocation weights = ObjectKeys.parseLocation(given.weights().trim());
            Optional<String> outside = tenantFiles.outsideArea(tenantId, weights);
            if (outside.isPresent()) {
                errors.add(new FieldError("weights", outside.get()));
            } else {
                Optional<Long> size = tenantFiles.size(weights);
                if (size.isEmpty()) {
                    errors.add(new FieldError("weights", "no object at " + weights.uri() + ", upload it first (PUT to the "
                            + "url of POST /api/v1/uploads)"));
                } else if (size.get() > maxUploadBytes) {
                    errors.add(new FieldError("weights", weights.uri() + " is " + size.get() + " bytes, more than the "
                            + "limit of " + maxUploadBytes + " bytes"));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw new ValidationFailedException(errors);
        }
        ImportSpec effective = given.withDefaults();
        return new Accepted(JobType.IMPORT, SpecJson.write(effective), UUID.randomUUID(), 3, 0);
    }

    private ModelEntity findModel(UUID tenantId, String modelId) {
        if (modelId == null || modelId.isBlank()) {
            throw invalidModel("is required: the id of a model from a succeeded training job");
        }
        UUID id;
        try {
            id = UUID.fromString(modelId.trim());
        } catch (IllegalArgumentException e) {
            throw invalidModel("'" + modelId + "' is not a model id (a UUID)");
        }
        return QuarkusTransaction.requiringNew().call(() -> models.findVisible(tenantId, id))
                .orElseThrow(() -> invalidModel("no model with id " + id + "; see GET /api/v1/models"));
    }

    private static ValidationFailedException invalidModel(String message) {
        return new ValidationFailedException(List.of(new FieldError("modelId", message)));
    }
}
