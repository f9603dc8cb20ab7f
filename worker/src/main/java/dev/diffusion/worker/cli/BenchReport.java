package dev.diffusion.worker.cli;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One dated section of {@code docs/benchmarks.md}: machine, settings and a table of results against
 * the targets.
 *
 * @param when when the benchmark ran
 * @param machine the machine
 * @param threads PyTorch/OpenMP threads of the probes
 * @param jvmOptions JVM options of the probes
 * @param settings model and batch
 * @param results numbers by measurement name
 * @param load the machine's load averages around the run (other processes slow the timings)
 * @param note free text, or null
 */
record BenchReport(
        LocalDateTime when,
        MachineInfo machine,
        int threads,
        List<String> jvmOptions,
        BenchSettings settings,
        Map<String, Map<String, Double>> results,
        String load,
        String note) {

    static final String HEADER = "# Benchmarks\n\n"
            + "Appended by `worker bench` (see `worker bench --help`). Each measurement runs in its own JVM so\n"
            + "that peak RSS (VmHWM of /proc/self/status) belongs to that measurement alone. MB = 10^6 bytes.\n\n";

    static final double TRAIN_STEP_TARGET_S = 3.0;
    static final double TRAIN_RSS_TARGET_MB = 1500;
    static final double SAMPLE_STEP_TARGET_S = 1.0;
    static final double SAMPLE_RSS_TARGET_MB = 650;
    static final double SPEEDUP_TARGET = 15;
    static final double GROWTH_TARGET_PERCENT = 5;

    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        md.append("## ").append(when.format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm"))).append(" — ContextUnet(in 1, n_feat ")
                .append(settings.features()).append(", n_cfeat ").append(BenchSettings.CLASSES).append(", 28×28, T ")
                .append(settings.timesteps()).append("), batch ").append(settings.batchSize()).append("\n\n");
        md.append(String.format(Locale.ROOT, "- Machine: %d × %s, %.1f GiB memory%n", machine.processors(),
                machine.cpuModel(), machine.memoryGiB()));
        md.append("- JVM: ").append(machine.jvm()).append("; DJL ").append(ai.djl.engine.Engine.getDjlVersion())
                .append(" PyTorch engine (CPU); ").append(threads).append(" intra-op thread(s), OMP_NUM_THREADS=")
                .append(threads).append('\n');
        md.append("- Load average (1/5/15 min): ").append(load).append('\n');
        md.append("- Probe JVM options: `").append(String.join(" ", jvmOptions)).append("`\n");
        md.append("- Timed steps: ").append(settings.timedSteps()).append(" after ").append(settings.warmupSteps())
                .append(" warm-up step(s)\n");
        if (note != null && !note.isBlank()) {
            md.append("- Note: ").append(note.strip()).append('\n');
        }
        md.append("\n| measurement | result | target | met |\n|---|---|---|---|\n");
        Map<String, Double> train = results.get("train-step");
        if (train != null) {
            row(md, "training step, median (min–max)", String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)",
                    train.get("median_s"), train.get("min_s"), train.get("max_s")), "≤ 3.0 s",
                    train.get("median_s") <= TRAIN_STEP_TARGET_S);
            row(md, "peak RSS, training", mb(train.get("peak_rss_mb")), "≤ 1.5 GB", train.get("peak_rss_mb") <= TRAIN_RSS_TARGET_MB);
        }
        Map<String, Double> sample = results.get("sample-step");
        if (sample != null) {
            row(md, "sampling step (no grad), median (min–max)", String.format(Locale.ROOT, "%.2f s (%.2f–%.2f)",
                    sample.get("median_s"), sample.get("min_s"), sample.get("max_s")), "≤ 1.0 s",
                    sample.get("median_s") <= SAMPLE_STEP_TARGET_S);
            row(md, "peak RSS, sampling", mb(sample.get("peak_rss_mb")), "≤ 650 MB",
                    sample.get("peak_rss_mb") <= SAMPLE_RSS_TARGET_MB);
        }
        Map<String, Double> speed = results.get("sampler-speed");
        if (speed != null) {
            row(md, "DDIM, 25 steps", String.format(Locale.ROOT, "%.1f s", speed.get("ddim25_s")), "", null);
            row(md, "DDPM, " + settings.timesteps() + " steps", String.format(Locale.ROOT, "%.1f s", speed.get("ddpm_s")), "", null);
            row(md, "DDIM-25 speed-up over DDPM-" + settings.timesteps(), String.format(Locale.ROOT, "%.1f×", speed.get("speedup")),
                    "≥ 15×", speed.get("speedup") >= SPEEDUP_TARGET);
        }
        Map<String, Double> flat = results.get("flatness");
        if (flat != null) {
            row(md, String.format(Locale.ROOT, "RSS growth over %.0f training steps after %.0f warm-up",
                    flat.get("steps"), flat.get("warmup_steps")),
                    String.format(Locale.ROOT, "%.1f %% (%s → max %s, end %s)", flat.get("growth_percent"),
                            mb(flat.get("rss_after_warmup_mb")), mb(flat.get("rss_max_mb")), mb(flat.get("rss_end_mb"))),
                    "< 5 %", flat.get("growth_percent") < GROWTH_TARGET_PERCENT);
        }
        md.append('\n');
        return md.toString();
    }

    boolean allTargetsMet() {
        return !toMarkdown().contains("| no |");
    }

    private static void row(StringBuilder md, String name, String value, String target, Boolean met) {
        md.append("| ").append(name).append(" | ").append(value).append(" | ").append(target).append(" | ")
                .append(met == null ? "" : met ? "yes" : "no").append(" |\n");
    }

    private static String mb(double megabytes) {
        return String.format(Locale.ROOT, "%.0f MB", megabytes);
    }
}
