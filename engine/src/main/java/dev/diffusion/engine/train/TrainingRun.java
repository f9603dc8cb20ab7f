package dev.diffusion.engine.train;

import ai.djl.ndarray.NDManager;

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
 * Runs a whole training into an output folder, under the caller's {@link TrainingRunFiles names}:
 *
 * <pre>
 *   spec                       the run's description (JSON, as given)
 *   metrics                    step, loss, learning rate, gradient norm, images/s (CSV)
 *   forwardDiffusion           a few training images noised by the run's schedule
 *   preview(n)                 EMA samples every previewEvery steps and at the end
 *   checkpointFolder/step-{n}.ckpt  resumable checkpoints (only the newest {@code keepCheckpoints})
 *   model                      the final model: trained and EMA weights, no optimizer state
 * </pre>
 *
 * The caller builds the trainer (network, data, settings); this class only schedules files.
 */
public final class TrainingRun {

    private final DiffusionTrainer trainer;
    private final String spec;
    private final Path outputDir;
    private final TrainingRunFiles files;
    private final PreviewRenderer previews;
    private final int keepCheckpoints;

    /**
     * Creates a run.
     *
     * @param trainer the trainer, possibly restored from a checkpoint
     * @param spec the run's description, a JSON object (written as the spec file and stored in checkpoints
     *     and the model, see {@link CheckpointMetadata#spec()})
     * @param outputDir the folder to write into (created if missing)
     * @param files the names of the files to write
     * @param previews draws previews; null disables them
     * @param keepCheckpoints how many checkpoints to keep, at least 1
     */
    public TrainingRun(
            DiffusionTrainer trainer,
            String spec,
            Path outputDir,
            TrainingRunFiles files,
            PreviewRenderer previews,
            int keepCheckpoints) {
        if (keepCheckpoints < 1) {
            throw new IllegalArgumentException("keepCheckpoints must be at least 1, got " + keepCheckpoints);
        }
        this.trainer = trainer;
        this.spec = spec;
        this.outputDir = outputDir;
        this.files = files;
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
     * The file of a step's checkpoint.
     *
     * @param step steps completed
     * @return the path in this run's checkpoint folder
     */
    public Path checkpointFile(long step) {
        return outputDir.resolve(files.checkpointFolder()).resolve(checkpointName(step));
    }

    /**
     * Trains to the end (or until cancelled), writing files as it goes.
     *
     * @param listener progress and cancellation (its checkpoint and preview callbacks are also
     *     called, after the files are written)
     * @param previewEvery steps between previews; 0 for none but the last
     * @param checkpointEvery steps between checkpoints; 0 for none but the last
     * @return the files and numbers of the run
     * @throws Exception when training or writing fails
     */
    public TrainingRunResult run(TrainingListener listener, int previewEvery, int checkpointEvery) throws Exception {
        Files.createDirectories(outputDir.resolve(files.checkpointFolder()));
        Path specFile = outputDir.resolve(files.spec());
        Files.writeString(specFile, spec, StandardCharsets.UTF_8);
        Path forwardDiffusion = outputDir.resolve(files.forwardDiffusion());
        if (trainer.step() == 0 || !Files.exists(forwardDiffusion)) {
            ForwardDiffusionPicture.write(trainer.images(), trainer.schedule(), trainer.settings().seed(),
                    forwardDiffusion);
        }
        Path metricsFile = outputDir.resolve(files.metrics());
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
                        Path file = outputDir.resolve(files.preview().apply(step));
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
            }, previewEvery, checkpointEvery);
        }
        Path model = null;
        if (finished) {
            model = outputDir.resolve(files.model());
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
        Path file = checkpointFile(step);
        try (NDManager scope = NDManager.newBaseManager();
                Checkpoint snapshot = trainer.snapshot(spec, CheckpointMetadata.KIND_CHECKPOINT, scope)) {
            CheckpointFiles.write(file, snapshot);
        }
        return file;
    }

    private List<Path> existingCheckpoints() throws IOException {
        try (var listed = Files.list(outputDir.resolve(files.checkpointFolder()))) {
            return listed.filter(f -> f.getFileName().toString().matches("step-\\d+\\.ckpt"))
                    .sorted((a, b) -> Long.compare(stepOf(a), stepOf(b)))
                    .toList();
        }
    }

    private static long stepOf(Path checkpoint) {
        String name = checkpoint.getFileName().toString();
        return Long.parseLong(name.substring(5, name.length() - CheckpointFiles.EXTENSION.length()));
    }
}
