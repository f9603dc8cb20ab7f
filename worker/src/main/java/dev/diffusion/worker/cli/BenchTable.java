package dev.diffusion.worker.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rows of a benchmark report: each measurement of this run, PyTorch's value where the reference
 * measured it, the ratio and its target.
 */
final class BenchTable {

    static final double TRAIN_STEP_TARGET_S = 3.0;
    static final double TRAIN_RSS_TARGET_MB = 1500;
    static final double SAMPLE_STEP_TARGET_S = 1.0;
    static final double SAMPLE_RSS_TARGET_MB = 650;
    static final double SPEEDUP_TARGET = 15;
    static final double GROWTH_TARGET_PERCENT = 5;
    /** Ours over PyTorch: training step (both widths), no-grad forward, training peak RSS. */
    static final double AT_MOST_PYTORCH = 1.0;
    /** Our generation images/s over PyTorch's no-grad forward images/s at the same batch. */
    static final double GENERATION_AT_LEAST = 0.9;
    static final double GUIDED_OVER_UNGUIDED_AT_MOST = 2.1;
    static final double CONTENDED_SLOWDOWN_AT_MOST = 2.5;

    static final String TABLE_HEAD = "| measurement | ours | PyTorch | ratio | target | met |\n|---|---|---|---|---|---|\n";

    /**
     * One line of the table.
     *
     * @param measurement what was measured
     * @param ours this engine's value
     * @param pytorch the reference's value, "" when there is no counterpart, "not measured" when skipped
     * @param ratio e.g. "0.93×", or ""
     * @param target e.g. "≤ 1.0× PyTorch"
     * @param met whether the target is met, null when there is no verdict (nothing to compare with)
     */
    record Row(String measurement, String ours, String pytorch, String ratio, String target, Boolean met) {
        String toMarkdown() {
            return "| " + measurement + " | " + ours + " | " + pytorch + " | " + ratio + " | " + target + " | "
                    + (met == null ? "—" : met ? "met" : "not met") + " |\n";
        }
    }

    private BenchTable() {
    }

    /**
     * The rows for what a run measured, in a fixed order.
     *
     * @param settings model and batch of the run
     * @param ours our results by {@link BenchKind#id()}
     * @param pytorch the reference's results by the same ids (a kind's counterpart), empty when skipped
     * @param referenceMeasured whether the reference ran at all (else its cells say "not measured")
     * @return the rows
     */
    static List<Row> rows(BenchSettings settings, Map<String, Map<String, Double>> ours,
            Map<String, Map<String, Double>> pytorch, boolean referenceMeasured) {
        List<Row> rows = new ArrayList<>();
        String missing = referenceMeasured ? "failed" : "not measured";
        Map<String, Double> train = ours.get(BenchKind.TRAIN_STEP.id());
        if (train != null) {
            Map<String, Double> reference = pytorch.get(BenchKind.TRAIN_STEP.id());
            rows.add(atMost("training step, n_feat " + settings.features() + ", median", seconds(train), reference,
                    "median_s", missing, train.get("median_s")));
            rows.add(atMost("training peak RSS, n_feat " + settings.features(), mb(train.get("peak_rss_mb")),
                    reference, "peak_rss_mb", missing, train.get("peak_rss_mb")));
            rows.add(absolute("training step, median", seconds(train), "≤ 3.0 s",
                    train.get("median_s") <= TRAIN_STEP_TARGET_S));
            rows.add(absolute("training peak RSS", mb(train.get("peak_rss_mb")), "≤ 1.5 GB",
                    train.get("peak_rss_mb") <= TRAIN_RSS_TARGET_MB));
        }
        Map<String, Double> train32 = ours.get(BenchKind.TRAIN_STEP_32.id());
        if (train32 != null) {
            rows.add(atMost("training step, n_feat 32, median", seconds(train32), pytorch.get(BenchKind.TRAIN_STEP_32.id()),
                    "median_s", missing, train32.get("median_s")));
        }
        Map<String, Double> forward = ours.get(BenchKind.FORWARD.id());
        if (forward != null) {
            rows.add(atMost("no-grad forward, batch " + settings.batchSize() + ", median", seconds(forward),
                    pytorch.get(BenchKind.FORWARD.id()), "median_s", missing, forward.get("median_s")));
        }
        Map<String, Double> sample = ours.get(BenchKind.SAMPLE_STEP.id());
        if (sample != null) {
            rows.add(generation(settings.batchSize(), sample, pytorch.get(BenchKind.SAMPLE_STEP.id()), missing));
            rows.add(absolute("sampling step (no grad), median", seconds(sample), "≤ 1.0 s",
                    sample.get("median_s") <= SAMPLE_STEP_TARGET_S));
            rows.add(absolute("sampling peak RSS", mb(sample.get("peak_rss_mb")), "≤ 650 MB",
                    sample.get("peak_rss_mb") <= SAMPLE_RSS_TARGET_MB));
        }
        Map<String, Double> guided = ours.get(BenchKind.GUIDED_STEP.id());
        if (guided != null) {
            double ratio = guided.get("guided_over_unguided");
            rows.add(new Row(
                    String.format(Locale.ROOT, "guided sampling step (scale %.1f) vs unguided", guided.get("guidance_scale")),
                    seconds(guided.get("median_s")) + " vs " + seconds(guided.get("unguided_median_s")),
                    "", times(ratio), "≤ 2.1× unguided", ratio <= GUIDED_OVER_UNGUIDED_AT_MOST));
        }
        Map<String, Double> speed = ours.get(BenchKind.SAMPLER_SPEED.id());
        if (speed != null) {
            rows.add(new Row("DDIM-25 vs DDPM-" + settings.timesteps() + ", wall time",
                    String.format(Locale.ROOT, "%.1f s vs %.1f s", speed.get("ddim25_s"), speed.get("ddpm_s")), "",
                    String.format(Locale.ROOT, "%.1f× faster", speed.get("speedup")), "≥ 15× faster",
                    speed.get("speedup") >= SPEEDUP_TARGET));
        }
        Map<String, Double> contention = ours.get(BenchKind.CONTENTION.id());
        if (contention != null) {
            double slowdown = contention.get("slowdown");
            rows.add(new Row("training step, n_feat 32, beside one CPU-bound process",
                    seconds(contention.get("median_s")) + " vs " + seconds(contention.get("alone_median_s")) + " alone",
                    "", times(slowdown), "≤ 2.5× alone", slowdown <= CONTENDED_SLOWDOWN_AT_MOST));
        }
        Map<String, Double> flat = ours.get(BenchKind.FLATNESS.id());
        if (flat != null) {
            rows.add(new Row(String.format(Locale.ROOT, "RSS growth over %.0f training steps after %.0f warm-up",
                    flat.get("steps"), flat.get("warmup_steps")),
                    String.format(Locale.ROOT, "%.1f %% (%s → max %s, end %s)", flat.get("growth_percent"),
                            mb(flat.get("rss_after_warmup_mb")), mb(flat.get("rss_max_mb")), mb(flat.get("rss_end_mb"))),
                    "", "", "< 5 %", flat.get("growth_percent") < GROWTH_TARGET_PERCENT));
        }
        return rows;
    }

    /**
     * The table in Markdown.
     *
     * @param rows its rows
     * @return head and rows
     */
    static String toMarkdown(List<Row> rows) {
        StringBuilder md = new StringBuilder(TABLE_HEAD);
        rows.forEach(row -> md.append(row.toMarkdown()));
        return md.toString();
    }

    private static Row atMost(String name, String ours, Map<String, Double> reference, String key, String missing,
            double value) {
        if (reference == null || reference.get(key) == null) {
            return new Row(name, ours, missing, "", "≤ 1.0× PyTorch", null);
        }
        double theirs = reference.get(key);
        String formatted = key.endsWith("_mb") ? mb(theirs) : seconds(reference);
        return new Row(name, ours, formatted, times(value / theirs), "≤ 1.0× PyTorch", value / theirs <= AT_MOST_PYTORCH);
    }

    private static Row generation(int batch, Map<String, Double> sample, Map<String, Double> forward, String missing) {
        double ours = batch / sample.get("median_s");
        String name = "generation, images/s (batch " + batch + " / DDIM step) vs PyTorch no-grad forward";
        String target = "≥ 0.9× PyTorch";
        if (forward == null) {
            return new Row(name, imagesPerSecond(ours), missing, "", target, null);
        }
        double theirs = batch / forward.get("median_s");
        return new Row(name, imagesPerSecond(ours), imagesPerSecond(theirs), times(ours / theirs), target,
                ours / theirs >= GENERATION_AT_LEAST);
    }

    private static Row absolute(String name, String ours, String target, boolean met) {
        return new Row(name, ours, "", "", target, met);
    }

    private static String seconds(Map<String, Double> timing) {
        return seconds(timing.get("median_s")) + " (" + number(timing.get("min_s")) + "–" + number(timing.get("max_s")) + ")";
    }

    private static String seconds(double value) {
        return number(value) + " s";
    }

    /** Two decimals, three below 0.1 (tiny settings) so that small times do not print as 0.00. */
    private static String number(double value) {
        return String.format(Locale.ROOT, Math.abs(value) < 0.1 ? "%.3f" : "%.2f", value);
    }

    private static String imagesPerSecond(double value) {
        return String.format(Locale.ROOT, "%.1f /s", value);
    }

    private static String times(double ratio) {
        return String.format(Locale.ROOT, "%.2f×", ratio);
    }

    static String mb(double megabytes) {
        return String.format(Locale.ROOT, "%.0f MB", megabytes);
    }
}
