package dev.diffusion.worker.cli;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.SpecValidationException;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.common.spec.EffectiveTrainingSpec;
import dev.diffusion.common.spec.TrainingFootprint;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.sample.SamplingPreviewRenderer;
import dev.diffusion.engine.train.CheckpointFiles;
import dev.diffusion.engine.train.ParameterTransfer;
import dev.diffusion.engine.train.TrainingListener;
import dev.diffusion.engine.train.TrainingProgress;
import dev.diffusion.engine.train.TrainingRunResult;

import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.worker.recipe.QualityCurve;
import dev.diffusion.worker.recipe.StoredSpecs;
import dev.diffusion.worker.recipe.TrainingEvaluation;
import dev.diffusion.worker.recipe.TrainingRecipe;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code worker train}: trains a model from a spec (file and/or options) into an output folder. */
@Command(name = "train",
        customSynopsis = {"worker train --out DIR [--spec FILE] [options]", "       worker train --out DIR --resume CHECKPOINT"},
        description = {"Train a diffusion model (checkpoints, previews, model.ckpt)", "",
            "Trains a noise-prediction network and writes into DIR: spec.json, metrics.csv, forward-diffusion.png, "
                    + "preview-step-N.png, checkpoints/step-N.ckpt, model.ckpt; with evaluateEvery in the spec also "
                    + "quality.json and quality.png, scored by the data set's evaluator as a training job's are.",
            "Ctrl-C stops after the current step and writes a checkpoint to resume from.",
            "The job-spec options (--spec and those after it) override the values of --spec FILE, a TrainingSpec JSON."},
        footerHeading = "%nExamples:%n",
        footer = {"  worker import-dataset mnist", "  worker train --dataset mnist --steps 2000 --batch-size 64 --out runs/mnist",
            "  worker train --dataset shapes --steps 300 --base-channels 32 --out runs/shapes"})
public final class TrainCommand extends ConsoleCommand {

    @Option(names = "--out", paramLabel = "DIR", required = true, description = "output folder (required)")
    private Path out;

    @Option(names = "--data-dir", paramLabel = "DIR",
            description = "imported IDX folder of mnist/fashion-mnist (default ./.local/datasets/<name>)")
    private Path dataDir;

    @Option(names = "--resume", paramLabel = "FILE",
            description = "continue a run from its checkpoint (uses the checkpoint's spec)")
    private Path resume;

    @Option(names = "--keep-checkpoints", paramLabel = "N", description = "newest checkpoints to keep (default 2)")
    private int keep = 2;

    @Option(names = "--preview-images", paramLabel = "N",
            description = "images per preview grid (default 16, 2 rows of classes if conditional)")
    private Integer previewImages;

    @Option(names = "--preview-steps", paramLabel = "N", description = "DDIM steps of a preview (default 20)")
    private Integer previewSteps;

    @Option(names = "--work", paramLabel = "DIR",
            description = "folder whose evaluators/ caches the evaluators of evaluateEvery (default .local/quality, "
                    + "shared with worker quality)")
    private Path work = Path.of(".local", "quality");

    @Option(names = "--evaluator-steps", paramLabel = "N",
            description = "training steps of an evaluator trained for evaluateEvery (default 1500)")
    private int evaluatorSteps = 1500;

    @Mixin
    private EngineOptions engine;

    @Mixin
    private TrainingSpecOptions specOptions;

    @Override
    public Integer call() throws Exception {
        Console console = console();
        if (keep < 1) {
            throw new UsageException("option --keep-checkpoints must be at least 1, got " + keep);
        }
        TrainingSpec given = resume != null ? specOfCheckpoint(resume) : specOptions.build(TrainingSpec.class);
        validate(given);
        Threads.apply(engine.threads());

        TrainingSpec defaults = given.withDefaults();
        LabeledImageDataset data = TrainingDatasets.load(
                defaults.dataset(), given.imageSize(), given.channels(), dataDir, defaults.seed());
        TrainingSpec spec = withImageShape(defaults, data.height(), data.channels());
        validate(spec);
        EngineCheck.require(engine.kernels(), console);

        EffectiveTrainingSpec effective = new EffectiveTrainingSpec(spec);
        try (NDManager manager = NDManager.newBaseManager();
                TrainingRecipe recipe = TrainingRecipe.prepare(effective, data, manager)) {
            if (resume != null) {
                recipe.resumeFrom(resume, manager);
            }
            TrainingEvaluation evaluation = spec.evaluateEvery() > 0
                    ? evaluation(effective, data, recipe.trainer().step(), manager, console) : null;
            console.out().printf(Locale.ROOT,
                    "Training %s (%,d weights) on %s: %,d images %dx%dx%d, %d classes; %d steps of %d, seed %d%s%n",
                    spec.model().architecture().wireName(), ParameterTransfer.count(recipe.network()), spec.dataset(),
                    data.size(), data.channels(), data.height(), data.width(), data.numClasses(), spec.steps(),
                    spec.batchSize(), spec.seed(), resume != null ? ", resumed at step " + recipe.trainer().step() : "");
            TrainingFootprint footprint = TrainingFootprint.of(effective);
            console.out().printf(Locale.ROOT, "Estimated peak memory %s (%s per image of the batch)%n",
                    TrainingFootprint.format(footprint.peakBytes(spec.batchSize())),
                    TrainingFootprint.format(footprint.jobBytes(2) - footprint.jobBytes(1)));
            SamplingPreviewRenderer previews = previews(recipe);
            TrainingRunResult result = runWithProgress(recipe, out, previews, keep, console, spec.steps(), evaluation);
            if (evaluation != null && evaluation.curve().latest() != null) {
                // again at the end: a run resumed at its last step evaluated nothing itself
                evaluation.write(out);
                QualityCurve.Point latest = evaluation.curve().latest();
                String accuracy = latest.accuracy() == null ? "" // unconditional: no class to recognise
                        : String.format(Locale.ROOT, "accuracy %.1f %%, ", 100 * latest.accuracy());
                console.out().printf(Locale.ROOT, "Quality at step %d: %sFD %.1f (%s)%n", latest.step(), accuracy,
                        latest.frechetDistance(), out.resolve(ObjectKeys.QUALITY_JSON));
            }
            report(result, console);
            return result.cancelled() ? WorkerCli.FAILURE : WorkerCli.OK;
        }
    }

    private TrainingSpec specOfCheckpoint(Path resume) throws java.io.IOException {
        Optional<String> specOption = specOptions.firstGiven();
        if (specOption.isPresent()) {
            throw new UsageException("--resume continues with the checkpoint's own spec; remove " + specOption.get());
        }
        if (!Files.isRegularFile(resume)) {
            throw new UsageException("checkpoint not found: " + resume);
        }
        return StoredSpecs.read(resume, CheckpointFiles.readMetadata(resume)).spec();
    }

    /** Validates, accepting a local folder as data set (the job service only knows names and s3://). */
    private static void validate(TrainingSpec spec) {
        List<FieldError> errors = SpecValidator.validate(spec);
        if (TrainingDatasets.isLocalPath(spec.dataset())) {
            errors = errors.stream().filter(e -> !"dataset".equals(e.field())).toList();
        }
        if (!errors.isEmpty()) {
            throw new SpecValidationException(errors);
        }
    }

    /** The data set's evaluator (cached under {@link #work}), continuing the points of a resumed run's folder. */
    private TrainingEvaluation evaluation(EffectiveTrainingSpec effective, LabeledImageDataset data, long resumedAt,
                                          NDManager manager, Console console) throws Exception {
        if (evaluatorSteps < 1) {
            throw new UsageException("option --evaluator-steps must be at least 1, got " + evaluatorSteps);
        }
        Optional<String> unusable = TrainingEvaluation.unusable(effective.spec().dataset(), data);
        if (unusable.isPresent()) {
            throw new UsageException(unusable.get());
        }
        Evaluator evaluator = CachedEvaluators.obtain(data, effective.spec().dataset(), work, evaluatorSteps, manager,
                console);
        TrainingEvaluation evaluation = TrainingEvaluation.prepare(effective, data, evaluator);
        Path earlier = out.resolve(ObjectKeys.QUALITY_JSON);
        if (resumedAt > 0 && Files.isRegularFile(earlier)) {
            evaluation.continueFrom(QualityCurve.read(Files.readAllBytes(earlier)), resumedAt);
        }
        return evaluation;
    }

    private static TrainingSpec withImageShape(TrainingSpec s, int imageSize, int channels) {
        return new TrainingSpec(s.dataset(), imageSize, channels, s.model(), s.schedule(), s.loss(), s.optimizer(),
                s.batchSize(), s.steps(), s.ema(), s.conditionDropout(), s.horizontalFlip(), s.seed(),
                s.checkpointEvery(), s.previewEvery(), s.evaluateEvery());
    }

    private SamplingPreviewRenderer previews(TrainingRecipe recipe) {
        if ((previewImages != null && previewImages < 1) || (previewSteps != null && previewSteps < 1)) {
            throw new UsageException("--preview-images and --preview-steps must be at least 1");
        }
        return recipe.previews(previewImages, previewSteps);
    }

    private static TrainingRunResult runWithProgress(TrainingRecipe recipe, Path out, SamplingPreviewRenderer previews,
                                                     int keep, Console console, long totalSteps,
                                                     TrainingEvaluation evaluation) throws Exception {
        try (StepProgress bar = StepProgress.start(console, "train", totalSteps);
                CancelOnSignal cancel = new CancelOnSignal(120)) {
            return recipe.run(out, previews, keep, new TrainingListener() {
                @Override
                public void onStep(TrainingProgress p) {
                    bar.update(p.step(), String.format(Locale.ROOT, "loss %.4f  lr %.2e  %.1f img/s",
                            p.loss(), p.learningRate(), p.imagesPerSecond()), p.eta());
                }

                @Override
                public boolean isCancelled() {
                    return cancel.isCancelled();
                }
            }, evaluation);
        }
    }

    private static void report(TrainingRunResult result, Console console) {
        console.out().printf(Locale.ROOT, "%s at step %d, loss %.4f, in %s%n",
                result.cancelled() ? "Cancelled" : "Finished", result.stepsCompleted(), result.finalLoss(),
                StepProgress.formatDuration(result.elapsed()));
        for (Path file : result.files()) {
            console.out().println("  wrote " + file);
        }
        if (result.cancelled() && result.checkpoint() != null) {
            console.out().println("Resume with: worker train --out " + result.outputDir() + " --resume " + result.checkpoint());
        }
    }
}
