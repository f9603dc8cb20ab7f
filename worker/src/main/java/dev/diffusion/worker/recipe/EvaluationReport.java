package dev.diffusion.worker.recipe;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.engine.render.QualityChart;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The result of an evaluation: one row per sampler with its scores, written as JSON, as a Markdown table and as a
 * chart of quality against seconds per image.
 *
 * @param modelId the evaluated model
 * @param dataset the data set the evaluator was trained on and the reference images come from
 * @param evaluatorAccuracy the evaluator's accuracy on held-out real images (0–1): how far its verdicts can be
 *     trusted
 * @param referenceImages held-out real images the Fréchet distance compares against
 * @param seed image i of every sampler starts from the noise of seed + i
 * @param rows one per sampler, in the spec's order
 */
public record EvaluationReport(
        String modelId, String dataset, double evaluatorAccuracy, int referenceImages, long seed, List<Row> rows) {

    /**
     * One sampler's scores.
     *
     * @param sampler the sampler settings
     * @param label a short name, e.g. {@code ddim-25 s=2.0}
     * @param images images drawn
     * @param seconds wall time of the sampling
     * @param imagesPerSecond images / seconds
     * @param accuracy share of images the evaluator classifies as the requested class (0–1), null for an
     *     unconditional model
     * @param accuracyPerClass the same per class, null for an unconditional model
     * @param frechetDistance Fréchet distance to the reference images in the evaluator's feature space
     */
    public record Row(SamplerSettings sampler, String label, int images, double seconds, double imagesPerSecond,
                      Double accuracy, List<Double> accuracyPerClass, double frechetDistance) {}

    /** Requires at least one row. */
    public EvaluationReport {
        if (rows == null || rows.isEmpty()) {
            throw new IllegalArgumentException("an evaluation report needs at least one row");
        }
        rows = List.copyOf(rows);
    }

    /**
     * The job's metrics: the first sampler's scores and the evaluator's accuracy.
     *
     * @return {@code accuracy} (when conditional), {@code frechetDistance}, {@code imagesPerSecond},
     *     {@code evaluatorAccuracy}, {@code samplers}
     */
    public Map<String, Double> metrics() {
        Row first = rows.get(0);
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (first.accuracy() != null) {
            metrics.put("accuracy", first.accuracy());
        }
        metrics.put("frechetDistance", first.frechetDistance());
        metrics.put("imagesPerSecond", first.imagesPerSecond());
        metrics.put("evaluatorAccuracy", evaluatorAccuracy);
        metrics.put("samplers", (double) rows.size());
        return metrics;
    }

    /**
     * The report as indented JSON.
     *
     * @return UTF-8 bytes
     */
    public byte[] json() {
        try {
            return JsonMapper.shared().writerWithDefaultPrettyPrinter().writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The report as a Markdown table, the cheapest sampler first.
     *
     * @return the Markdown text
     */
    public String markdown() {
        StringBuilder md = new StringBuilder();
        md.append("# Evaluation of model ").append(modelId).append("\n\n");
        md.append(String.format(Locale.ROOT, "Data set `%s`; evaluator accuracy on held-out real images %.1f %%; "
                + "Fréchet distance against %d held-out real images; seed %d.%n%n",
                dataset, 100 * evaluatorAccuracy, referenceImages, seed));
        md.append("| sampler | images | s/image | images/s | accuracy | Fréchet distance |\n");
        md.append("|---|---:|---:|---:|---:|---:|\n");
        rows.stream().sorted((a, b) -> Double.compare(b.imagesPerSecond(), a.imagesPerSecond())).forEach(r ->
                md.append(String.format(Locale.ROOT, "| %s | %d | %.4f | %.2f | %s | %.2f |%n", r.label(), r.images(),
                        1 / r.imagesPerSecond(), r.imagesPerSecond(),
                        r.accuracy() == null ? "–" : String.format(Locale.ROOT, "%.1f %%", 100 * r.accuracy()),
                        r.frechetDistance())));
        return md.toString();
    }

    /**
     * The chart of quality against seconds per image.
     *
     * @return the image
     */
    public BufferedImage chart() {
        return QualityChart.render(rows.stream().map(r -> new QualityChart.Point(r.label(), 1 / r.imagesPerSecond(),
                r.accuracy() == null ? Double.NaN : r.accuracy(), r.frechetDistance())).toList());
    }
}
