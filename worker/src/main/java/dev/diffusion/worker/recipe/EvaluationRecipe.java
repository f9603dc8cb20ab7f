package dev.diffusion.worker.recipe;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.SamplerSettings;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.diffusion.ReverseSampler;
import dev.diffusion.engine.diffusion.SamplingLoop;
import dev.diffusion.engine.diffusion.SamplingProgressListener;
import dev.diffusion.engine.diffusion.SamplingRequest;
import dev.diffusion.engine.diffusion.SamplingResult;
import dev.diffusion.engine.eval.ConditionalAccuracy;
import dev.diffusion.engine.eval.EvaluationScores;
import dev.diffusion.engine.eval.Evaluator;
import dev.diffusion.engine.eval.FeatureStatistics;
import dev.diffusion.engine.eval.FrechetDistance;
import dev.diffusion.engine.eval.HeldOutSplit;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.render.GridLayout;
import dev.diffusion.engine.render.PngGridWriter;
import dev.diffusion.engine.sample.GenerationLimits;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * How an evaluation spec scores a model: for each sampler, {@code imagesPerSampler} images with fixed seeds
 * (image i from the noise of seed + i, so every sampler starts from the same noise), the classes cycling
 * 0, 1, …, K−1 for a conditional model; the images rounded to the 8-bit levels a PNG keeps (what a user gets);
 * then the evaluator's verdicts against the requested classes and the Fréchet distance of its features to
 * the real reference images. Each sampler's grid is written as {@code samples-{i}.png}.
 */
public final class EvaluationRecipe {

    /** Told before each sampler and after each of its steps. */
    public interface Progress {

        /**
         * @param sampler index of the sampler in the spec
         * @param samplers samplers in all
         * @param step sampler steps done
         * @param steps steps of this sampler
         */
        void onStep(int sampler, int samplers, int step, int steps);
    }

    private EvaluationRecipe() {}

    /**
     * The grid file of a sampler.
     *
     * @param index the sampler's index in the spec
     * @return {@code samples-{index}.png}
     */
    public static String gridName(int index) {
        return "samples-" + index + ".png";
    }

    /**
     * The real images the Fréchet distance compares against: up to {@code count} of the images the evaluator held
     * out ({@link HeldOutSplit}), spread evenly over them.
     *
     * @param data the data set
     * @param count how many at most
     * @return the reference images
     */
    public static LabeledImageDataset referenceImages(LabeledImageDataset data, int count) {
        LabeledImageDataset heldOut = HeldOutSplit.of(data).heldOut();
        if (heldOut.size() <= count) {
            return heldOut;
        }
        int[] indices = new int[count];
        for (int i = 0; i < count; i++) {
            indices[i] = (int) ((long) i * heldOut.size() / count);
        }
        return heldOut.subset(indices);
    }

    /**
     * Scores every sampler of a spec.
     *
     * @param model the model
     * @param spec the effective spec, validated for the model
     * @param evaluator the evaluator of the model's data set
     * @param reference feature statistics of the real reference images
     * @param dataset the data set's name, for the report
     * @param outputDir where the grids go
     * @param progress told as sampling proceeds
     * @param limits images sampled together (memory is that of one chunk)
     * @param cancelled polled between sampler steps; a cancelled evaluation returns null
     * @return the report, or null when cancelled
     * @throws IOException when a grid cannot be written
     */
    public static EvaluationReport run(LoadedModel model, EvaluationSpec spec, Evaluator evaluator,
                                       FeatureStatistics reference, String dataset, Path outputDir,
                                       GenerationLimits limits, Progress progress, BooleanSupplier cancelled)
            throws IOException {
        Files.createDirectories(outputDir);
        // a model may be conditioned on more classes than its data set has: only those are drawn
        int classes = Math.min(model.numClasses(), evaluator.info().classes());
        int n = spec.imagesPerSampler(classes);
        int[] labels = classes > 0 ? cyclingLabels(n, classes) : null;
        List<SamplerSettings> samplers = spec.samplers();
        List<EvaluationReport.Row> rows = new ArrayList<>();
        for (int i = 0; i < samplers.size(); i++) {
            int index = i;
            try (NDManager manager = NDManager.newBaseManager()) {
                Sampled sampled = sample(model.network(), model.schedule(), samplers.get(i), n, labels, spec.seed(),
                        limits, (done, total) -> progress.onStep(index, samplers.size(), done, total), cancelled,
                        manager);
                if (sampled == null) {
                    return null;
                }
                PngGridWriter.write(sampled.images(), GridLayout.ofColumns(classes > 0 ? classes : 10),
                        outputDir.resolve(gridName(i)));
                rows.add(row(samplers.get(i), evaluator, sampled, labels, reference));
            }
        }
        return new EvaluationReport(spec.modelId(), dataset, evaluator.info().heldOutAccuracy(),
                (int) reference.count(), spec.seed(), rows);
    }

    /**
     * Scores one sampler on a network as it is now, e.g. the sampling weights of a training between two steps: the
     * same images, labels and scores as {@link #run} gives for that sampler, without writing a grid.
     *
     * @param network the network, its sampling weights in place
     * @param schedule its noise schedule
     * @param settings the sampler, defaults filled
     * @param imagesPerClass images per class of the evaluator's data set (× {@link EvaluationSpec#UNCONDITIONAL_GROUPS}
     *     for an unconditional network)
     * @param seed image i starts from the noise of seed + i
     * @param evaluator the evaluator of the network's data set
     * @param reference feature statistics of the real reference images
     * @param cancelled polled between sampler steps
     * @return the scores, or null when cancelled
     */
    public static EvaluationReport.Row score(NoisePredictor network, NoiseSchedule schedule, SamplerSettings settings,
                                             int imagesPerClass, long seed, Evaluator evaluator,
                                             FeatureStatistics reference, BooleanSupplier cancelled) {
        int classes = Math.min(network.getNumClasses(), evaluator.info().classes());
        int n = imagesPerClass * (classes > 0 ? classes : EvaluationSpec.UNCONDITIONAL_GROUPS);
        int[] labels = classes > 0 ? cyclingLabels(n, classes) : null;
        try (NDManager manager = NDManager.newBaseManager()) {
            Sampled sampled = sample(network, schedule, settings, n, labels, seed, GenerationLimits.defaults(), (done, total) -> { },
                    cancelled, manager);
            return sampled == null ? null : row(settings, evaluator, sampled, labels, reference);
        }
    }

    /** Images drawn by one sampler, as a PNG keeps them, and the seconds the sampling took. */
    private record Sampled(NDArray images, int count, double seconds) {}

    /**
     * Samples n images in chunks of {@link GenerationLimits#imagesPerChunk} (guidance doubles the batch), each chunk in
     * its own manager, so memory is that of one chunk whatever the spec asks for; image i starts from seed + i in
     * whichever chunk it is, as in generation jobs.
     */
    private static Sampled sample(NoisePredictor network, NoiseSchedule schedule, SamplerSettings settings, int n,
                                  int[] labels, long seed, GenerationLimits limits, SamplingProgressListener progress,
                                  BooleanSupplier cancelled, NDManager manager) {
        ReverseSampler sampler = Samplers.fromSettings(settings, schedule);
        int steps = sampler.timesteps().length;
        boolean guided = labels != null && settings.guidanceScale() != 1.0;
        int perChunk = limits.imagesPerChunk(guided);
        int chunks = limits.chunks(n, guided);
        int size = network.getImageSize();
        int channels = network.getImageChannels();
        int imageValues = channels * size * size;
        float[] pixels = new float[Math.multiplyExact(n, imageValues)];
        progress.onStep(0, chunks * steps);
        long started = System.nanoTime();
        for (int chunk = 0; chunk < chunks; chunk++) {
            int first = chunk * perChunk;
            int count = Math.min(perChunk, n - first);
            int done = chunk * steps;
            SamplingLoop loop = SamplingLoop.builder()
                    .setModel(network)
                    .setSampler(sampler)
                    .optNumClasses(network.getNumClasses())
                    .optGuidanceScale(settings.guidanceScale())
                    .optProgressListener((step, total) -> progress.onStep(done + step, chunks * total))
                    .optCancellation(cancelled)
                    .build();
            SamplingRequest request = new SamplingRequest(count, channels, size, size, seed + first,
                    labels == null ? null : Arrays.copyOfRange(labels, first, first + count));
            try (NDManager chunkManager = NDManager.newBaseManager()) {
                SamplingResult result = loop.sample(chunkManager, request);
                if (result.cancelled()) {
                    return null;
                }
                float[] values = result.images().toFloatArray();
                System.arraycopy(values, 0, pixels, first * imageValues, values.length);
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        NDArray images = manager.create(pixels, new Shape(n, channels, size, size));
        return new Sampled(asSaved(images), n, seconds);
    }

    private static EvaluationReport.Row row(SamplerSettings settings, Evaluator evaluator, Sampled sampled,
                                            int[] labels, FeatureStatistics reference) {
        int n = sampled.count();
        double seconds = sampled.seconds();
        ImageScores scores = scoreImages(sampled.images(), labels, evaluator, reference);
        return new EvaluationReport.Row(settings, settings.label(), n, seconds, n / seconds, scores.accuracy(),
                scores.perClass(), scores.frechetDistance());
    }

    /**
     * What the evaluator says of a set of images.
     *
     * @param accuracy share recognised as the requested class, null without requested classes
     * @param perClass that share per class, null for a class nothing was asked of (or without classes)
     * @param frechetDistance Fréchet distance of their features to the reference's
     */
    public record ImageScores(Double accuracy, List<Double> perClass, double frechetDistance) {}

    /**
     * Scores images the way an evaluation scores a sampler's, wherever they come from (e.g. another
     * implementation's samples read from IDX files): conditional accuracy overall and per class when classes were
     * requested, and the Fréchet distance to the reference in the evaluator's features.
     *
     * @param images float32 [N, C, S, S] in [−1, 1], as a PNG keeps them
     * @param labels the class each image was asked for, or null for unconditional images
     * @param evaluator the evaluator of the images' data set
     * @param reference feature statistics of the real reference images ({@link #referenceImages})
     * @return the scores
     */
    public static ImageScores scoreImages(NDArray images, int[] labels, Evaluator evaluator,
                                          FeatureStatistics reference) {
        if (labels == null) {
            return new ImageScores(null, null,
                    FrechetDistance.between(FeatureStatistics.of(evaluator.features(images)), reference));
        }
        EvaluationScores scores = evaluator.score(images, labels, reference);
        ConditionalAccuracy counts = scores.accuracy();
        List<Double> perClass = new ArrayList<>();
        for (int k = 0; k < counts.requested().length; k++) {
            perClass.add(counts.requested()[k] == 0 ? null : counts.of(k));
        }
        return new ImageScores(counts.overall(), perClass, scores.frechetDistance());
    }

    /** The images as a PNG keeps them: clipped to [−1, 1] and rounded to 256 levels. */
    private static NDArray asSaved(NDArray images) {
        return images.clip(-1, 1).add(1).mul(127.5).round().div(127.5).sub(1);
    }

    private static int[] cyclingLabels(int n, int classes) {
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            labels[i] = i % classes;
        }
        return labels;
    }
}
