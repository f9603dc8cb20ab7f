package dev.diffusion.worker.cli;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.ParameterStore;

import dev.diffusion.engine.diffusion.DdimSampler;
import dev.diffusion.engine.diffusion.DdpmSampler;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.diffusion.ReverseSampler;
import dev.diffusion.engine.diffusion.SamplingLoop;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.worker.memory.ProcessMemory;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The inference measurements of the benchmark: bare no-grad forward passes, sampling steps with and
 * without classifier-free guidance, DDIM against DDPM. Like {@link BenchProbes}, each is meant to
 * run alone in a fresh JVM.
 */
final class SamplingProbes {

    /** The guidance scale of the guided sampling measurement. */
    static final double GUIDANCE_SCALE = 2.0;

    private final BenchSettings settings;
    private final PrintStream log;
    private final BooleanSupplier stopRequested;
    private final BenchProbes shared;

    /**
     * Creates the probes.
     *
     * @param settings what to measure
     * @param log where progress goes
     * @param stopRequested asked before every step, as in {@link BenchProbes}
     */
    SamplingProbes(BenchSettings settings, PrintStream log, BooleanSupplier stopRequested) {
        this.settings = settings;
        this.log = log;
        this.stopRequested = stopRequested;
        this.shared = new BenchProbes(settings, log, stopRequested);
    }

    /**
     * No-grad forward passes of the conditional network at the benchmark batch size, without a
     * sampler around them: what PyTorch's reference forward measures.
     *
     * @return median/min/max seconds per forward pass and peak/current RSS
     */
    Map<String, Double> forward() {
        Engine.getInstance(); // loads libtorch, which the grad-mode calls need
        boolean wasRecording = JniUtils.isGradMode();
        JniUtils.setGradMode(false);
        try (NDManager manager = NDManager.newBaseManager()) {
            NoisePredictor network = shared.network(manager);
            var predictor = new dev.diffusion.engine.diffusion.GuidedPredictor(network, BenchSettings.CLASSES, 1.0);
            ParameterStore parameters = new ParameterStore(manager, false);
            int[] labels = BenchProbes.request(settings.batchSize()).labels();
            NDArray x = manager.randomNormal(new Shape(
                    settings.batchSize(), 1, BenchSettings.IMAGE_SIZE, BenchSettings.IMAGE_SIZE));
            int total = settings.warmupSteps() + settings.timedSteps();
            double[] seconds = new double[settings.timedSteps()];
            for (int i = 0; i < total; i++) {
                shared.checkStop();
                int t = settings.timesteps() - 1 - i % settings.timesteps();
                try (NDManager step = manager.newSubManager()) {
                    long t0 = System.nanoTime();
                    NDArray eps = predictor.predict(parameters, x, t, labels);
                    eps.attach(step);
                    double elapsed = (System.nanoTime() - t0) / 1e9;
                    if (i >= settings.warmupSteps()) {
                        seconds[i - settings.warmupSteps()] = elapsed;
                    }
                    log.printf(Locale.ROOT, "forward %d/%d: %.3f s%n", i + 1, total, elapsed);
                }
            }
            return BenchProbes.timing(seconds);
        } finally {
            JniUtils.setGradMode(wasRecording);
        }
    }

    /**
     * Sampling steps (one no-grad forward pass and a DDIM update each) at the benchmark batch size.
     *
     * @return median/min/max seconds per step and peak/current RSS
     */
    Map<String, Double> sampleStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            return BenchProbes.timing(sampleSteps(manager, shared.network(manager), 1.0, "sampling"));
        }
    }

    /**
     * Unguided sampling steps, then the same with classifier-free guidance at scale
     * {@value #GUIDANCE_SCALE} (a conditional and an unconditional prediction per step, batched), in
     * one JVM so that the ratio compares like with like.
     *
     * @return median/min/max seconds per guided step, the unguided median, their ratio, peak RSS
     */
    Map<String, Double> guidedStep() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NoisePredictor network = shared.network(manager);
            double unguided = BenchProbes.median(sampleSteps(manager, network, 1.0, "unguided sampling"));
            Map<String, Double> result = BenchProbes.timing(
                    sampleSteps(manager, network, GUIDANCE_SCALE, "guided sampling"));
            result.put("unguided_median_s", unguided);
            result.put("guided_over_unguided", result.get("median_s") / unguided);
            result.put("guidance_scale", GUIDANCE_SCALE);
            return result;
        }
    }

    private double[] sampleSteps(NDManager manager, NoisePredictor network, double guidanceScale, String name) {
        NoiseSchedule schedule = NoiseSchedule.linear(settings.timesteps());
        int steps = settings.warmupSteps() + settings.timedSteps();
        List<Long> stamps = new ArrayList<>();
        stamps.add(System.nanoTime());
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(network)
                .setSampler(DdimSampler.builder(schedule).optSteps(steps).build())
                .optNumClasses(BenchSettings.CLASSES)
                .optGuidanceScale(guidanceScale)
                .optCancellation(stopRequested)
                .optProgressListener((done, total) -> {
                    stamps.add(System.nanoTime());
                    log.printf(Locale.ROOT, "%s step %d/%d, RSS %.0f MB%n", name, done, total,
                            ProcessMemory.read().rssBytes() / 1e6);
                })
                .build();
        try (NDManager scope = manager.newSubManager()) {
            loop.sample(scope, BenchProbes.request(settings.batchSize()));
        }
        shared.checkStop();
        double[] seconds = new double[settings.timedSteps()];
        for (int i = 0; i < seconds.length; i++) {
            int step = settings.warmupSteps() + i;
            seconds[i] = (stamps.get(step + 1) - stamps.get(step)) / 1e9;
        }
        return seconds;
    }

    /**
     * Wall time of DDIM with 25 steps and of DDPM over all T steps, same model and batch.
     *
     * @return both times and their ratio
     */
    Map<String, Double> samplerSpeed() {
        try (NDManager manager = NDManager.newBaseManager()) {
            NoisePredictor network = shared.network(manager);
            NoiseSchedule schedule = NoiseSchedule.linear(settings.timesteps());
            double ddim = timeSampling(manager, network, DdimSampler.builder(schedule).optSteps(25).build(), "DDIM-25");
            double ddpm = timeSampling(manager, network, DdpmSampler.builder(schedule).build(),
                    "DDPM-" + settings.timesteps());
            Map<String, Double> result = new LinkedHashMap<>();
            result.put("ddim25_s", ddim);
            result.put("ddpm_s", ddpm);
            result.put("speedup", ddpm / ddim);
            result.put("peak_rss_mb", ProcessMemory.read().peakRssBytes() / 1e6);
            return result;
        }
    }

    private double timeSampling(NDManager manager, NoisePredictor network, ReverseSampler sampler, String name) {
        int total = sampler.timesteps().length;
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(network)
                .setSampler(sampler)
                .optNumClasses(BenchSettings.CLASSES)
                .optCancellation(stopRequested)
                .optProgressListener((done, all) -> {
                    if (done % Math.max(1, all / 10) == 0) {
                        log.printf(Locale.ROOT, "%s: step %d/%d%n", name, done, all);
                    }
                })
                .build();
        long t0 = System.nanoTime();
        try (NDManager scope = manager.newSubManager()) {
            loop.sample(scope, BenchProbes.request(settings.batchSize()));
        }
        shared.checkStop();
        double seconds = (System.nanoTime() - t0) / 1e9;
        log.printf(Locale.ROOT, "%s: %d steps in %.1f s%n", name, total, seconds);
        return seconds;
    }
}
