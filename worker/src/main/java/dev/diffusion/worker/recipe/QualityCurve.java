package dev.diffusion.worker.recipe;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.engine.render.QualityCurveChart;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sample quality by training step ({@code evaluateEvery}): the fixed way the weights were scored and one point per
 * evaluation, written as {@code quality.json} and drawn as {@code quality.png} beside the loss curve.
 *
 * @param dataset the data set the evaluator was trained on and the reference images come from
 * @param evaluateEvery steps between evaluations (and one after the last step)
 * @param sampler the one sampler every point draws with
 * @param samplerLabel its short name, e.g. {@code ddim-25 s=1.0}
 * @param images images drawn per point
 * @param referenceImages held-out real images the Fréchet distance compares against
 * @param seed image i of every point starts from the noise of seed + i, so points are comparable
 * @param evaluatorAccuracy the evaluator's accuracy on held-out real images: the ceiling of {@code accuracy}
 * @param points the evaluations so far, by increasing step
 */
public record QualityCurve(String dataset, int evaluateEvery, SamplerSettings sampler, String samplerLabel, int images,
                           int referenceImages, long seed, double evaluatorAccuracy, List<Point> points) {

    /**
     * The scores of the sampling (EMA) weights after a step.
     *
     * @param step training steps completed
     * @param accuracy share of images the evaluator classifies as the requested class (0–1), null for an
     *     unconditional model
     * @param frechetDistance Fréchet distance to the reference images in the evaluator's feature space
     * @param seconds wall time of the sampling
     */
    public record Point(long step, Double accuracy, double frechetDistance, double seconds) {}

    /** Copies the points. */
    public QualityCurve {
        points = List.copyOf(points);
    }

    /**
     * This curve with one more point.
     *
     * @param point the point, after every point so far
     * @return the longer curve
     */
    public QualityCurve with(Point point) {
        if (!points.isEmpty() && point.step() <= points.get(points.size() - 1).step()) {
            throw new IllegalArgumentException("a quality point at step " + point.step() + " after one at step "
                    + points.get(points.size() - 1).step());
        }
        List<Point> longer = new ArrayList<>(points);
        longer.add(point);
        return new QualityCurve(dataset, evaluateEvery, sampler, samplerLabel, images, referenceImages, seed,
                evaluatorAccuracy, longer);
    }

    /**
     * This curve with the points of another curve up to a step in place of its own, e.g. those of an earlier
     * attempt of a training resumed from a checkpoint of that step.
     *
     * @param earlier the curve written before
     * @param step the step training continues from
     * @return this curve's settings with the earlier points up to {@code step}
     */
    public QualityCurve continuing(QualityCurve earlier, long step) {
        return new QualityCurve(dataset, evaluateEvery, sampler, samplerLabel, images, referenceImages, seed,
                evaluatorAccuracy, earlier.points().stream().filter(p -> p.step() <= step).toList());
    }

    /**
     * The latest point.
     *
     * @return the point of the highest step, or null before the first evaluation
     */
    public Point latest() {
        return points.isEmpty() ? null : points.get(points.size() - 1);
    }

    /**
     * Progress metrics of the latest point.
     *
     * @return {@code accuracy} (when conditional), {@code frechetDistance}, {@code evaluationStep} and
     *     {@code evaluatorAccuracy}; empty before the first evaluation
     */
    public Map<String, Double> metrics() {
        Point latest = latest();
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (latest == null) {
            return metrics;
        }
        if (latest.accuracy() != null) {
            metrics.put("accuracy", latest.accuracy());
        }
        metrics.put("frechetDistance", latest.frechetDistance());
        metrics.put("evaluationStep", (double) latest.step());
        if (Double.isFinite(evaluatorAccuracy)) {
            metrics.put("evaluatorAccuracy", evaluatorAccuracy);
        }
        return metrics;
    }

    /**
     * The curve as indented JSON ({@code quality.json}).
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
     * Reads a curve written by {@link #json()}.
     *
     * @param json UTF-8 bytes
     * @return the curve
     * @throws IOException when it is not such a curve
     */
    public static QualityCurve read(byte[] json) throws IOException {
        return JsonMapper.shared().readValue(json, QualityCurve.class);
    }

    /**
     * The chart of accuracy and Fréchet distance against the step ({@code quality.png}).
     *
     * @return the image; null before the first evaluation
     */
    public BufferedImage chart() {
        if (points.isEmpty()) {
            return null;
        }
        return QualityCurveChart.render(points.stream().map(p -> new QualityCurveChart.Point(p.step(),
                p.accuracy() == null ? Double.NaN : p.accuracy(), p.frechetDistance())).toList());
    }
}
