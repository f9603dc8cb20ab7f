package dev.diffusion.worker.train;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.common.storage.ObjectKeys;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;

/**
 * Runs a whole training job into an output folder, with file names matching the object-storage
 * layout ({@link ObjectKeys}):
 *
 * <pre>
 *   spec.json                  the effective training spec
 *   metrics.csv                step, loss, learning rate, gradient norm, images/s
 *   forward-diffusion.png      a few training images noised by the run's schedule
 *   preview-step-{n}.png       EMA samples every previewEvery steps and at the end
 *   checkpoints/step-{n}.ckpt  resumable checkpoints (only the newest {@code keepCheckpoints})
 *   model.ckpt                 the final model: trained and EMA weights, no optimizer state
 * </pre>
 *
 * The caller builds the trainer (network, data, settings); this class only schedules files.
 */
public final class TrainingRun {

    /** Name of the spec file. */
    public static final String SPEC_FILE = "spec.json";
    /** Name of the metrics file. */
    public static final String METRICS_FILE = "metrics.csv";
    /** Folder of the checkpoints. */
    public static final String CHECKPOINT_DIR = "checkpoints";

    private final DiffusionTrainer trainer;
    private final TrainingSpec spec;
    private final Path outputDir;
    private final PreviewRenderer previews;
    private final int keepCheckpoints;

    /**
     * Creates a run.
     *
     * @param trainer the trainer, possibly restored from a checkpoint
     * @param spec the effective spec (stored in checkpoints and the model)
     * @param outputDir the folder to write into (created if missing)
     * @param previews draws previews; null disables them
     * @param keepCheckpoints how many checkpoints to keep, at least 1
     */
    public TrainingRun(
            DiffusionTrainer trainer, TrainingSpec spec, Path outputDir, PreviewRenderer previews, int keepCheckpoints) {
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("keepCheckpoints must be at least 1, got " + keepCheckpoints);
        }
        this.trainer = trainer;
        this.spec = spec;
        this.outputDir = outputDir;
        this.previews = previews;
        this.keepCheckpoints = keepCheckpoints;
    }

    /**
     * The checkpoint file name of a step.
     *
     * @param step steps completed
     * @return {@code step-{n}.ckpt}
     */
    public static String checkpointName(long step) {
        return "step-" + step + CheckpointFiles.EXTENSION;
    }

    /**
     * Trains to the end (or until cancelled), writing files as it goes.
     *
     * @param listener progress and cancellation (its checkpoint and preview callbacks are also
     *     called, after the files are written)
     * @return the files and numbers of the run
     * @throws Exception when training or writing fails
     */
    public TrainingRunResult run(TrainingListener listener) throws Exception {
        Files.createDirectories(outputDir.resolve(CHECKPOINT_DIR));
        Path specFile = outputDir.resolve(SPEC_FILE);
        Files.write(specFile, JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsBytes(spec));
        Path forwardDiffusion = outputDir.resolve(ForwardDiffusionPicture.FILE);
        if (trainer.step() == 0 || !Files.exists(forwardDiffusion)) {
            ForwardDiffusionPicture.write(trainer.images(), trainer.schedule(), trainer.settings().seed(),
                    forwardDiffusion);
        }
        Path metricsFile = outputDir.resolve(METRICS_FILE);
        boolean newMetrics = trainer.step() == 0 || !Files.exists(metricsFile);
        if (!newMetrics) {
            keepMetricsUpTo(metricsFile, trainer.step());
        }
        List<Path> previewFiles = new ArrayList<>();
        Deque<Path> checkpoints = new ArrayDeque<>(existingCheckpoints());
        long started = System.nanoTime();
        boolean finished;
        try (BufferedWriter metrics = Files.newBufferedWriter(metricsFile, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, newMetrics ? StandardOpenOption.TRUNCATE_EXISTING : StandardOpenOption.APPEND)) {
            if (newMetrics) {
                metrics.write("step,loss,learning_rate,grad_norm,images_per_second\n");
            }
            finished = trainer.run(new TrainingListener() {
                @Override
                public void onStep(TrainingProgress p) {
                    try {
                        metrics.write(String.format(Locale.ROOT, "%d,%.6g,%.6g,%.6g,%.4g%n",
                                p.step(), p.loss(), p.learningRate(), p.gradNorm(), p.imagesPerSecond()));
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                    listener.onStep(p);
                }

                @Override
                public void onPreview(long step) throws Exception {
                    if (previews != null) {
                        Path file = outputDir.resolve(ObjectKeys.previewName(Math.toIntExact(step)));
                        try (AutoCloseable ignored = trainer.samplingWeights()) {
                            previews.render(trainer.network(), file);
                        }
                        previewFiles.add(file);
                    }
                    listener.onPreview(step);
                }

                @Override
                public void onCheckpoint(long step) throws Exception {
                    metrics.flush();
                    Path written = writeCheckpoint(step);
                    checkpoints.remove(written);
                    checkpoints.addLast(written);
                    while (checkpoints.size() > keepCheckpoints) {
                        Files.deleteIfExists(checkpoints.removeFirst());
                    }
                    listener.onCheckpoint(step);
                }

                @Override
                public boolean isCancelled() {
                    return listener.isCancelled();
                }
            }, spec.previewEvery() == null ? 0 : spec.previewEvery(),
                    spec.checkpointEvery() == null ? 0 : spec.checkpointEvery());
        }
        Path model = null;
        if (finished) {
            model = outputDir.resolve(ObjectKeys.MODEL_FILE);
            try (NDManager scope = NDManager.newBaseManager();
                    Checkpoint snapshot = trainer.snapshot(spec, CheckpointMetadata.KIND_MODEL, scope)) {
                CheckpointFiles.write(model, snapshot);
            }
        }
        return new TrainingRunResult(outputDir, model, checkpoints.peekLast(), previewFiles, forwardDiffusion,
                metricsFile, specFile, trainer.step(), trainer.lastLoss(), !finished,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /** On resume, drops rows of steps after the checkpoint (a crashed run may have logged them). */
    private static void keepMetricsUpTo(Path metricsFile, long step) throws IOException {
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(metricsFile, StandardCharsets.UTF_8)) {
            int comma = line.indexOf(',');
            boolean header = kept.isEmpty();
            if (header || (comma > 0 && Long.parseLong(line.substring(0, comma)) <= step)) {
                kept.add(line);
            }
        }
        Files.write(metricsFile, kept, StandardCharsets.UTF_8);
    }

    private Path writeCheckpoint(long step) throws IOException {
        Path file = outputDir.resolve(CHECKPOINT_DIR).resolve(checkpointName(step));
        try (NDManager scope = NDManager.newBaseManager();
                Checkpoint snapshot = trainer.snapshot(spec, CheckpointMetadata.KIND_CHECKPOINT, scope)) {
            CheckpointFiles.write(file, snapshot);
        }
        return file;
    }

    private List<Path> existingCheckpoints() throws IOException {
        try (var files = Files.list(outputDir.resolve(CHECKPOINT_DIR))) {
            return files.filter(f -> f.getFileName().toString().matches("step-\\d+\\.ckpt"))
                    .sorted((a, b) -> Long.compare(stepOf(a), stepOf(b)))
                    .toList();
        }
    }

    private static long stepOf(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        return Long.parseLong(name.substring(5, name.length() - CheckpointFiles.EXTENSION.length()));
    }
}
