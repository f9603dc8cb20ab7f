package dev.diffusion.worker.cli;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.FieldError;
import dev.diffusion.common.spec.SpecValidationException;
import dev.diffusion.common.spec.SpecValidator;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.worker.data.LabeledImageDataset;
import dev.diffusion.worker.diffusion.NoiseSchedule;
import dev.diffusion.worker.model.NoisePredictor;
import dev.diffusion.worker.sample.SamplingPreviewRenderer;
import dev.diffusion.worker.train.Checkpoint;
import dev.diffusion.worker.train.CheckpointFiles;
import dev.diffusion.worker.train.DatasetImages;
import dev.diffusion.worker.train.DiffusionTrainer;
import dev.diffusion.worker.train.EngineSpecs;
import dev.diffusion.worker.train.Networks;
import dev.diffusion.worker.train.ParameterTransfer;
import dev.diffusion.worker.train.TrainingListener;
import dev.diffusion.worker.train.TrainingProgress;
import dev.diffusion.worker.train.TrainingRun;
import dev.diffusion.worker.train.TrainingRunResult;

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
                    + "preview-step-N.png, checkpoints/step-N.ckpt, model.ckpt.",
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

        try (NDManager manager = NDManager.newBaseManager()) {
            NoisePredictor network = Networks.create(spec, manager, spec.seed());
            NoiseSchedule schedule = EngineSpecs.noiseSchedule(spec.schedule());
            try (DiffusionTrainer trainer = new DiffusionTrainer(network, schedule, EngineSpecs.loss(spec.loss(), schedule),
                    new DatasetImages(data), EngineSpecs.trainerSettings(spec), manager)) {
                if (resume != null) {
                    try (NDManager scope = manager.newSubManager(); Checkpoint checkpoint = CheckpointFiles.read(resume, scope)) {
                        trainer.restore(checkpoint);
                    }
                }
                console.out().printf(Locale.ROOT,
                        "Training %s (%,d weights) on %s: %,d images %dx%dx%d, %d classes; %d steps of %d, seed %d%s%n",
                        spec.model().architecture().wireName(), ParameterTransfer.count(network), spec.dataset(),
                        data.size(), data.channels(), data.height(), data.width(), data.numClasses(), spec.steps(),
                        spec.batchSize(), spec.seed(), resume != null ? ", resumed at step " + trainer.step() : "");
                SamplingPreviewRenderer previews = previews(spec, schedule, data);
                TrainingRunResult result = runWithProgress(new TrainingRun(trainer, spec, out, previews, keep), console,
                        spec.steps());
                report(result, console);
                return result.cancelled() ? WorkerCli.FAILURE : WorkerCli.OK;
            }
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
        return CheckpointFiles.readMetadata(resume).spec();
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

    private static TrainingSpec withImageShape(TrainingSpec s, int imageSize, int channels) {
        return new TrainingSpec(s.dataset(), imageSize, channels, s.model(), s.schedule(), s.loss(), s.optimizer(),
                s.batchSize(), s.steps(), s.ema(), s.conditionDropout(), s.horizontalFlip(), s.seed(),
                s.checkpointEvery(), s.previewEvery());
    }

    private SamplingPreviewRenderer previews(TrainingSpec spec, NoiseSchedule schedule, LabeledImageDataset data) {
        int classes = spec.model().numClasses();
        int labelCount = Math.min(classes, data.numClasses());
        int defaultImages = classes > 0 ? 2 * labelCount : SamplingPreviewRenderer.DEFAULT_IMAGES;
        int images = previewImages != null ? previewImages : defaultImages;
        int steps = previewSteps != null ? previewSteps : SamplingPreviewRenderer.DEFAULT_STEPS;
        if (images < 1 || steps < 1) {
            throw new UsageException("--preview-images and --preview-steps must be at least 1");
        }
        return new SamplingPreviewRenderer(schedule, classes, labelCount, spec.channels(), spec.imageSize(), images,
                steps, spec.seed());
    }

    private static TrainingRunResult runWithProgress(TrainingRun run, Console console, long totalSteps) throws Exception {
        try (StepProgress bar = StepProgress.start(console, "train", totalSteps);
                CancelOnSignal cancel = new CancelOnSignal(120)) {
            return run.run(new TrainingListener() {
                @Override
                public void onStep(TrainingProgress p) {
                    bar.update(p.step(), String.format(Locale.ROOT, "loss %.4f  lr %.2e  %.1f img/s",
                            p.loss(), p.learningRate(), p.imagesPerSecond()), p.eta());
                }

                @Override
                public boolean isCancelled() {
                    return cancel.isCancelled();
                }
            });
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
