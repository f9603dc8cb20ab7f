package dev.diffusion.worker.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;

import dev.diffusion.engine.data.ShapesDataset;
import dev.diffusion.engine.diffusion.DiffusionLoss;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.diffusion.SamplingRequest;
import dev.diffusion.engine.model.NetworkSpec;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.NoisePredictors;
import dev.diffusion.engine.train.AdamConfig;
import dev.diffusion.engine.train.DatasetImages;
import dev.diffusion.engine.train.DiffusionTrainer;
import dev.diffusion.engine.train.EmaProfile;
import dev.diffusion.engine.train.LearningRateSchedule;
import dev.diffusion.engine.train.TrainerSettings;
import dev.diffusion.worker.memory.ProcessMemory;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The training measurements of the benchmark and what all measurements share, each meant to run
 * alone in a fresh JVM so that peak memory figures do not mix. Each returns named numbers; the
 * sampling ones are {@link SamplingProbes}.
 */
final class BenchProbes {

    private final BenchSettings settings;
    private final PrintStream log;
    private final BooleanSupplier stopRequested;

    /**
     * Creates the probes.
     *
     * @param settings what to measure
     * @param log where progress goes
     * @param stopRequested asked before every step; true ends the measurement with a
     *     {@link StoppedException}, so that the JVM never exits while PyTorch is inside a kernel
     */
    BenchProbes(BenchSettings settings, PrintStream log, BooleanSupplier stopRequested) {
        this.settings = settings;
        this.log = log;
        this.stopRequested = stopRequested;
    }

    /** A measurement ended early because the process was asked to stop. */
    static final class StoppedException extends RuntimeException {
        StoppedException() {
            super("stopped by a signal before the measurement was complete");
        }
    }

    void checkStop() {
        if (stopRequested.getAsBoolean()) {
            throw new StoppedException();
        }
    }

    /**
     * Training steps of the trainer (Adam, clipping, EMA) at the benchmark batch size.
     *
     * @return median/min/max seconds per step and peak/current RSS
     */
    Map<String, Double> trainStep() {
        try (NDManager manager = NDManager.newBaseManager();
                DiffusionTrainer trainer = trainer(manager, settings.warmupSteps() + settings.timedSteps())) {
            for (int i = 0; i < settings.warmupSteps(); i++) {
                checkStop();
                double loss = trainer.trainStep();
                log.printf(Locale.ROOT, "warm-up step %d/%d: loss %.4f, grad norm %.3g%n", i + 1, settings.warmupSteps(),
                        loss, trainer.lastGradNorm());
            }
            double[] seconds = new double[settings.timedSteps()];
            for (int i = 0; i < seconds.length; i++) {
                checkStop();
                long t0 = System.nanoTime();
                double loss = trainer.trainStep();
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                log.printf(Locale.ROOT, "train step %d/%d: %.3f s, loss %.4f, grad norm %.3g, RSS %.0f MB%n",
                        i + 1, seconds.length, seconds[i], loss, trainer.lastGradNorm(), ProcessMemory.read().rssBytes() / 1e6);
            }
            return timing(seconds);
        }
    }

    /**
     * Resident memory over many training steps: after a warm-up of a tenth of the steps (at least
     * 10) the RSS should stay flat.
     *
     * @return RSS after warm-up, at the end, the maximum, the growth in percent and the median step
     */
    Map<String, Double> flatness() {
        int steps = settings.flatnessSteps();
        int warmup = Math.max(Math.min(10, steps - 1), steps / 10);
        try (NDManager manager = NDManager.newBaseManager(); DiffusionTrainer trainer = trainer(manager, steps)) {
            double[] rss = new double[steps];
            double[] seconds = new double[steps];
            for (int i = 0; i < steps; i++) {
                checkStop();
                long t0 = System.nanoTime();
                double loss = trainer.trainStep();
                seconds[i] = (System.nanoTime() - t0) / 1e9;
                rss[i] = ProcessMemory.read().rssBytes() / 1e6;
                if ((i + 1) % Math.max(1, steps / 20) == 0 || i + 1 == warmup) {
                    log.printf(Locale.ROOT, "flatness step %d/%d: RSS %.0f MB, %.2f s/step, loss %.4f, grad norm %.3g%n",
                            i + 1, steps, rss[i], seconds[i], loss, trainer.lastGradNorm());
                }
            }
            double afterWarmup = rss[warmup - 1];
            double max = Arrays.stream(rss, warmup - 1, steps).max().orElseThrow();
            Map<String, Double> result = new LinkedHashMap<>();
            result.put("steps", (double) steps);
            result.put("warmup_steps", (double) warmup);
            result.put("rss_after_warmup_mb", afterWarmup);
            result.put("rss_end_mb", rss[steps - 1]);
            result.put("rss_max_mb", max);
            result.put("growth_percent", 100 * (max - afterWarmup) / afterWarmup);
            result.put("median_s", median(seconds));
            result.put("peak_rss_mb", ProcessMemory.read().peakRssBytes() / 1e6);
            return result;
        }
    }

    private DiffusionTrainer trainer(NDManager manager, int totalSteps) {
        NoisePredictor network = network(manager);
        NoiseSchedule schedule = NoiseSchedule.linear(settings.timesteps());
        TrainerSettings trainerSettings = new TrainerSettings(settings.batchSize(), totalSteps, AdamConfig.adam(),
                LearningRateSchedule.linear(1e-3, totalSteps), 1.0, EmaProfile.warmingUp(0.995), 0.1, false, 1L, BenchSettings.CLASSES);
        return new DiffusionTrainer(network, schedule, DiffusionLoss.mse(),
                new DatasetImages(ShapesDataset.generate(1024, BenchSettings.IMAGE_SIZE, 1L)), trainerSettings, manager);
    }

    NoisePredictor network(NDManager manager) {
        NoisePredictor network = NoisePredictors.create(NetworkSpec.contextUnet(
                1, BenchSettings.IMAGE_SIZE, settings.features(), BenchSettings.CLASSES, settings.timesteps()));
        Engine.getInstance().setRandomSeed(1);
        network.initialize(manager, DataType.FLOAT32, network.inputShapes(1));
        return network;
    }

    static SamplingRequest request(int batch) {
        int[] labels = new int[batch];
        for (int i = 0; i < batch; i++) {
            labels[i] = i % BenchSettings.CLASSES;
        }
        return new SamplingRequest(batch, 1, BenchSettings.IMAGE_SIZE, BenchSettings.IMAGE_SIZE, 7L, labels);
    }

    static Map<String, Double> timing(double[] seconds) {
        Map<String, Double> result = new LinkedHashMap<>();
        result.put("median_s", median(seconds));
        result.put("min_s", Arrays.stream(seconds).min().orElseThrow());
        result.put("max_s", Arrays.stream(seconds).max().orElseThrow());
        ProcessMemory memory = ProcessMemory.read();
        result.put("peak_rss_mb", memory.peakRssBytes() / 1e6);
        result.put("rss_mb", memory.rssBytes() / 1e6);
        return result;
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
