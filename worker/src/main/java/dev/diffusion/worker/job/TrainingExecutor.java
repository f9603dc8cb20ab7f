package dev.diffusion.worker.job;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import dev.diffusion.common.messaging.Artifact;
import dev.diffusion.common.messaging.CheckpointRef;
import dev.diffusion.common.messaging.JobType;
import dev.diffusion.common.messaging.ModelRef;
import dev.diffusion.common.messaging.TrainingTask;
import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.TrainingFootprint;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.worker.config.WorkerConfig;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.train.TrainingDivergedException;
import dev.diffusion.engine.train.TrainingListener;
import dev.diffusion.engine.train.TrainingProgress;
import dev.diffusion.engine.train.TrainingRunResult;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.worker.memory.MemoryHeadroom;
import dev.diffusion.worker.memory.ProcessMemory;
import dev.diffusion.worker.recipe.QualityCurve;
import dev.diffusion.worker.recipe.TrainingEvaluation;
import dev.diffusion.worker.recipe.TrainingRecipe;
import dev.diffusion.worker.recipe.WeightImport;
import dev.diffusion.worker.storage.ObjectStore;
import dev.diffusion.worker.storage.StorageException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Collectors;
import org.jboss.logging.Logger;

/**
 * A training dispatch: loads the data set, builds the network of the spec, continues from the newest
 * checkpoint of the job when there is one (the dispatch's {@code resumeFrom} or a later one this job
 * wrote), trains with the {@link TrainingRecipe} that {@code worker train} uses too, and uploads as it goes: each checkpoint (CHECKPOINT event), each
 * preview grid (announced with the next PROGRESS), and at the end {@code metrics.csv} and the model
 * where the dispatch asks for it, with its sampling weights as {@code model.safetensors} and its spec as
 * {@code model-spec.json} beside it. With {@code evaluateEvery} it obtains the data set's evaluator before training
 * (training one takes the gradient lock, which the training then holds), scores the sampling weights as it goes
 * ({@link TrainingEvaluation}), reports the latest scores in its progress metrics and uploads {@code quality.json} and
 * {@code quality.png} after each point. Cancelled or abandoned, it stops after the current step and uploads a
 * checkpoint of that step.
 */
@ApplicationScoped
public class TrainingExecutor implements JobExecutor {

    private static final Logger LOG = Logger.getLogger(TrainingExecutor.class);

    private final ObjectStore store;
    private final WorkerConfig.S3 buckets;
    private final WorkerConfig.Datasets datasetLimits;
    private final Evaluators evaluators;
    private final boolean memoryGuard;

    @Inject
    public TrainingExecutor(ObjectStore store, WorkerConfig config, Evaluators evaluators) {
        this.store = store;
        this.buckets = config.s3();
        this.datasetLimits = config.datasets();
        this.evaluators = evaluators;
        this.memoryGuard = config.jobs().memoryGuard();
    }

    @Override
    public JobType type() {
        return JobType.TRAINING;
    }

    @Override
    public JobOutcome execute(JobContext context) throws Exception {
        TrainingTask task = context.dispatch().training();
        EffectiveTrainingSpec effective = validated(task.spec());
        TrainingSpec spec = effective.spec();
        int steps = spec.steps();
        ResumePoint.Found resume = new ResumePoint(store, context).download(task.resumeFrom(), steps);
        context.progress("loading-data", resume == null ? 0 : resume.step(), steps, null, Map.of());
        LabeledImageDataset data = new DatasetLoader(store, buckets.datasetsBucket(), context.cache(), datasetLimits,
                task.datasetScope()).load(spec);
        int classes = spec.model().numClasses();
        if (classes > 0 && data.numClasses() > classes) {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, "the data set " + spec.dataset() + " has "
                    + data.numClasses() + " classes but model.numClasses is " + classes);
        }
        // the estimate is of host memory; on a GPU the activations live in the device's
        if (memoryGuard && Engine.getInstance().getGpuCount() == 0) {
            requireMemory(effective, MemoryHeadroom.current(), ProcessMemory.read().rssBytes());
        }
        try (NDManager manager = NDManager.newBaseManager()) {
            // before the lock: training an evaluator takes the gradient lock itself
            TrainingEvaluation evaluation = spec.evaluateEvery() > 0
                    ? evaluation(context, effective, data, resume, manager) : null;
            GradientLock.acquire();
            try {
                return train(context, effective, data, resume == null ? null : resume.file(), evaluation, manager);
            } finally {
                GradientLock.release();
            }
        }
    }

    /**
     * Fails a job whose estimated memory is more than the worker has free (with the data set already loaded), as
     * {@link JobFailure#OUT_OF_MEMORY} naming the batch size that would fit: the kernel's out-of-memory kill that would
     * follow ends the worker without a word to the user and retries the job into the same wall.
     *
     * @param headroom what the worker has free; empty where it cannot be read (then nothing is checked)
     * @param residentBytes what the worker process holds now (the engine's fixed part may not be loaded yet)
     */
    static void requireMemory(EffectiveTrainingSpec effective, OptionalLong headroom, long residentBytes) {
        if (headroom.isEmpty()) {
            return;
        }
        TrainingFootprint footprint = TrainingFootprint.of(effective);
        int batch = effective.spec().batchSize();
        double needed = Math.max(footprint.jobBytes(batch), footprint.peakBytes(batch) - residentBytes);
        footprint.problem(batch, needed, headroom.getAsLong(), "this worker has free")
                .ifPresent(problem -> {
                    throw JobFailure.permanent(JobFailure.OUT_OF_MEMORY, problem.message());
                });
    }

    /**
     * The quality by step of a spec with {@code evaluateEvery}: the data set's evaluator (cached, stored or trained
     * now) and, when training continues from a checkpoint, the points an earlier attempt stored up to its step.
     */
    private TrainingEvaluation evaluation(JobContext context, EffectiveTrainingSpec effective, LabeledImageDataset data,
                                          ResumePoint.Found resume, NDManager manager) throws Exception {
        TrainingSpec spec = effective.spec();
        Optional<String> unusable = TrainingEvaluation.unusable(spec.dataset(), data);
        if (unusable.isPresent()) {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, unusable.get());
        }
        Evaluator evaluator = evaluators.obtain(data, Evaluators.identity(spec.dataset(), data), context, manager);
        TrainingEvaluation evaluation = TrainingEvaluation.prepare(effective, data, evaluator);
        if (resume != null) {
            earlierCurve(context).ifPresent(earlier -> evaluation.continueFrom(earlier, resume.step()));
        }
        return evaluation;
    }

    /** The quality curve an earlier attempt of this job uploaded, if any and readable. */
    private Optional<QualityCurve> earlierCurve(JobContext context) throws IOException {
        Path file = context.folder().resolve("earlier-" + ObjectKeys.QUALITY_JSON);
        try {
            store.download(buckets.artifactsBucket(), ObjectKeys.jobArtifact(context.dispatch().jobId(),
                    ObjectKeys.QUALITY_JSON), file);
            return Optional.of(QualityCurve.read(Files.readAllBytes(file)));
        } catch (StorageException e) {
            if (e.kind() == StorageException.Kind.NOT_FOUND) {
                return Optional.empty();
            }
            throw e;
        } catch (IOException e) {
            LOG.warnf("job %s: the stored %s is unreadable (%s); the curve starts afresh",
                    context.dispatch().jobId(), ObjectKeys.QUALITY_JSON, e.getMessage());
            return Optional.empty();
        }
    }

    private JobOutcome train(JobContext context, EffectiveTrainingSpec effective, LabeledImageDataset data, Path resume,
                             TrainingEvaluation evaluation, NDManager manager) throws Exception {
        int steps = effective.spec().steps();
        try (TrainingRecipe recipe = TrainingRecipe.prepare(effective, data, manager)) {
            if (resume != null) {
                restore(recipe, resume, manager);
                LOG.infof("job %s continues at step %d", context.dispatch().jobId(), recipe.trainer().step());
            }
            Path runFolder = context.folder().resolve("run");
            TrainingRunResult result = runDetectingDivergence(recipe, runFolder,
                    new Reporting(context, runFolder, steps, evaluation), evaluation);
            Map<String, Double> metrics = finalMetrics(result, context);
            if (evaluation != null) {
                metrics.putAll(evaluation.curve().metrics());
            }
            if (result.cancelled() || context.shouldStop()) {
                return JobOutcome.stoppedEarly(metrics);
            }
            context.progress("uploading", (int) result.stepsCompleted(), steps, 0.0, metrics);
            context.uploadArtifact(ObjectKeys.FORWARD_DIFFUSION, result.forwardDiffusion(), "image/png");
            context.uploadArtifact(ObjectKeys.METRICS, result.metricsFile(), "text/csv");
            if (evaluation != null && evaluation.curve().latest() != null) {
                // again at the end: a run resumed at its last step evaluated nothing itself
                evaluation.write(runFolder);
                uploadQuality(context, runFolder);
            }
            ModelRef target = context.dispatch().training().model();
            Artifact model = context.uploadModel(result.modelFile(), target);
            uploadExport(context, result.modelFile(), target);
            return JobOutcome.finished(model, metrics);
        }
    }

    /**
     * Uploads the model's sampling (EMA) weights as a PyTorch state dict and its spec beside the model file, so that
     * users can load the model in PyTorch ({@link WeightImport#export}); shared by import jobs.
     */
    static void uploadExport(JobContext context, Path modelFile, ModelRef target) throws IOException {
        WeightImport.Exported exported = WeightImport.export(modelFile, context.folder().resolve("export"));
        context.uploadModelFile(target, ObjectKeys.MODEL_WEIGHTS, exported.weights(), "application/octet-stream");
        context.uploadModelFile(target, ObjectKeys.MODEL_SPEC, exported.spec(), "application/json");
    }

    /**
     * Runs the training, reporting a non-finite loss or gradient norm ({@link TrainingDivergedException}) as the permanent
     * {@link JobFailure#TRAINING_DIVERGED}: training is reproducible from the seed, so another attempt of the
     * same spec diverges again.
     */
    private static TrainingRunResult runDetectingDivergence(TrainingRecipe recipe, Path runFolder,
                                                            TrainingListener listener, TrainingEvaluation evaluation)
            throws Exception {
        try {
            return recipe.run(runFolder, recipe.previews(null, null), 1, listener, evaluation);
        } catch (TrainingDivergedException e) {
            throw JobFailure.permanent(JobFailure.TRAINING_DIVERGED, e.getMessage(), e);
        }
    }

    private static EffectiveTrainingSpec validated(TrainingSpec given) {
        EffectiveTrainingSpec spec = EffectiveTrainingSpec.of(given);
        List<FieldError> errors = SpecValidator.validate(spec.spec());
        if (!errors.isEmpty()) {
            throw JobFailure.permanent(JobFailure.INVALID_SPEC, "invalid training spec: " + errors.stream()
                    .map(e -> e.field() + ": " + e.message()).collect(Collectors.joining("; ")));
        }
        return spec;
    }

    private static void restore(TrainingRecipe recipe, Path file, NDManager manager) {
        try {
            recipe.resumeFrom(file, manager);
        } catch (IOException e) {
            throw JobFailure.permanent(JobFailure.INVALID_MODEL, "the checkpoint to resume from cannot be used: "
                    + e.getMessage(), e);
        }
    }

    private static void uploadQuality(JobContext context, Path runFolder) {
        context.uploadArtifact(ObjectKeys.QUALITY_JSON, runFolder.resolve(ObjectKeys.QUALITY_JSON), "application/json");
        context.uploadArtifact(ObjectKeys.QUALITY_CHART, runFolder.resolve(ObjectKeys.QUALITY_CHART), "image/png");
    }

    private static Map<String, Double> finalMetrics(TrainingRunResult result, JobContext context) {
        Map<String, Double> metrics = new LinkedHashMap<>(context.lastMetrics());
        if (Double.isFinite(result.finalLoss())) {
            metrics.put("loss", result.finalLoss());
        }
        metrics.put("steps", (double) result.stepsCompleted());
        return metrics;
    }

    /** Turns the trainer's callbacks into progress events and uploads. */
    private static final class Reporting implements TrainingListener {

        private final JobContext context;
        private final Path runFolder;
        private final int totalSteps;
        private final TrainingEvaluation evaluation;

        Reporting(JobContext context, Path runFolder, int totalSteps, TrainingEvaluation evaluation) {
            this.context = context;
            this.runFolder = runFolder;
            this.totalSteps = totalSteps;
            this.evaluation = evaluation;
        }

        @Override
        public void onStep(TrainingProgress p) {
            Map<String, Double> metrics = new LinkedHashMap<>();
            putFinite(metrics, "loss", p.loss());
            putFinite(metrics, "lr", p.learningRate());
            putFinite(metrics, "gradNorm", p.gradNorm());
            putFinite(metrics, "imagesPerSecond", p.imagesPerSecond());
            if (p.imagesPerSecond() > 0) {
                putFinite(metrics, "secondsPerStep", context.dispatch().training().spec().batchSize() / p.imagesPerSecond());
            }
            if (evaluation != null) {
                metrics.putAll(evaluation.curve().metrics());
                uploadNewQualityPoint(p.step());
            }
            context.progress("training", (int) p.step(), totalSteps, p.eta().toMillis() / 1000.0, metrics);
        }

        /** The curve's files, after the step whose weights were just scored (announced with this progress). */
        private void uploadNewQualityPoint(long step) {
            QualityCurve.Point latest = evaluation.curve().latest();
            if (latest == null || latest.step() != step || context.shouldStop()) {
                return;
            }
            uploadQuality(context, runFolder);
        }

        @Override
        public void onCheckpoint(long step) {
            CheckpointRef last = context.lastCheckpoint();
            if (step == 0 || (last != null && last.step() == step)) {
                return;
            }
            Path file = TrainingRecipe.checkpointFile(runFolder, step);
            context.uploadCheckpoint(file, Math.toIntExact(step));
        }

        @Override
        public void onPreview(long step) {
            if (context.shouldStop()) {
                return;
            }
            String name = ObjectKeys.previewName(Math.toIntExact(step));
            context.uploadArtifact(name, runFolder.resolve(name), "image/png");
        }

        @Override
        public boolean isCancelled() {
            return context.shouldStop();
        }

        private static void putFinite(Map<String, Double> metrics, String name, double value) {
            if (Double.isFinite(value)) {
                metrics.put(name, value);
            }
        }
    }
}
