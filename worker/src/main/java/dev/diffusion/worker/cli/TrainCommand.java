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

/** {@code worker train}: trains a model from a spec (file and/or flags) into an output folder. */
public final class TrainCommand implements Command {

    private static final String OUT = "out";
    private static final String DATA_DIR = "data-dir";
    private static final String RESUME = "resume";
    private static final String KEEP = "keep-checkpoints";
    private static final String PREVIEW_IMAGES = "preview-images";
    private static final String PREVIEW_STEPS = "preview-steps";
    private static final String THREADS = "threads";

    @Override
    public String name() {
        return "train";
    }

    @Override
    public String summary() {
        return "Train a diffusion model (checkpoints, previews, model.ckpt)";
    }

    @Override
    public String usage() {
        return "Usage: worker train --out DIR [--spec FILE] [options]\n"
                + "       worker train --out DIR --resume CHECKPOINT\n\n"
                + "Trains a noise-prediction network and writes into DIR:\n"
                + "  spec.json, metrics.csv, forward-diffusion.png, preview-step-N.png, checkpoints/step-N.ckpt, model.ckpt\n"
                + "Ctrl-C stops after the current step and writes a checkpoint to resume from.\n\n"
                + "Job spec (flags override the values of --spec FILE, a TrainingSpec JSON):\n"
                + SpecOption.line("--spec FILE", "TrainingSpec as JSON")
                + TrainingSpecOptions.OPTIONS.help()
                + "\nRun options:\n"
                + SpecOption.line("--out DIR", "output folder (required)")
                + SpecOption.line("--data-dir DIR", "imported IDX folder of mnist/fashion-mnist")
                + SpecOption.line("", "(default ./.local/datasets/<name>)")
                + SpecOption.line("--resume FILE", "continue a run from its checkpoint (uses the checkpoint's spec)")
                + SpecOption.line("--keep-checkpoints N", "newest checkpoints to keep (default 2)")
                + SpecOption.line("--preview-images N", "images per preview grid (default 16, 2 rows of classes if conditional)")
                + SpecOption.line("--preview-steps N", "DDIM steps of a preview (default 20)")
                + SpecOption.line("--threads N", "PyTorch threads (default: all cores)")
                + EngineCheck.HELP + "\n"
                + "Examples:\n"
                + "  worker import-dataset mnist\n"
                + "  worker train --dataset mnist --steps 2000 --batch-size 64 --out runs/mnist\n"
                + "  worker train --dataset shapes --steps 300 --base-channels 32 --out runs/shapes\n";
    }

    @Override
    public int run(List<String> args, Console console) throws Exception {
        SpecOptions specOptions = TrainingSpecOptions.OPTIONS;
        CliArguments parsed = specOptions.parse(args, OUT, DATA_DIR, RESUME, KEEP, PREVIEW_IMAGES, PREVIEW_STEPS, THREADS,
                EngineCheck.KERNELS);
        Path out = Path.of(parsed.required(OUT));
        Path dataDir = parsed.pathValue(DATA_DIR).orElse(null);
        int keep = parsed.intValue(KEEP).orElse(2);
        if (keep < 1) {
            throw new UsageException("option --" + KEEP + " must be at least 1, got " + keep);
        }
        Path resume = parsed.pathValue(RESUME).orElse(null);
        TrainingSpec given = resume != null ? specOfCheckpoint(resume, parsed) : specOptions.build(parsed, TrainingSpec.class);
        validate(given);
        Threads.apply(parsed.intValue(THREADS));

        TrainingSpec defaults = given.withDefaults();
        LabeledImageDataset data = TrainingDatasets.load(
                defaults.dataset(), given.imageSize(), given.channels(), dataDir, defaults.seed());
        TrainingSpec spec = withImageShape(defaults, data.height(), data.channels());
        validate(spec);
        EngineCheck.require(parsed.value(EngineCheck.KERNELS), console);

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
                SamplingPreviewRenderer previews = previews(parsed, spec, schedule, data);
                TrainingRunResult result = runWithProgress(new TrainingRun(trainer, spec, out, previews, keep), console,
                        spec.steps());
                report(result, console);
                return result.cancelled() ? CommandLine.FAILURE : CommandLine.OK;
            }
        }
    }

    private static TrainingSpec specOfCheckpoint(Path resume, CliArguments parsed) throws java.io.IOException {
        for (String option : TrainingSpecOptions.OPTIONS.valueFlags()) {
            if (parsed.has(option)) {
                throw new UsageException("--resume continues with the checkpoint's own spec; remove --" + option);
            }
        }
        for (String option : TrainingSpecOptions.OPTIONS.switchFlags()) {
            if (parsed.has(option)) {
                throw new UsageException("--resume continues with the checkpoint's own spec; remove --" + option);
            }
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

    private static SamplingPreviewRenderer previews(
            CliArguments parsed, TrainingSpec spec, NoiseSchedule schedule, LabeledImageDataset data) {
        int classes = spec.model().numClasses();
        int labelCount = Math.min(classes, data.numClasses());
        int defaultImages = classes > 0 ? 2 * labelCount : SamplingPreviewRenderer.DEFAULT_IMAGES;
        int images = parsed.intValue(PREVIEW_IMAGES).orElse(defaultImages);
        int steps = parsed.intValue(PREVIEW_STEPS).orElse(SamplingPreviewRenderer.DEFAULT_STEPS);
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
