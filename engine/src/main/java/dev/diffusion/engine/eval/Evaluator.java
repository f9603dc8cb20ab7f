package dev.diffusion.engine.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.model.PyTorchDefaultInit;

import java.util.Arrays;

/**
 * A classifier of a data set's images, used to score generated ones: whether each shows the class
 * it was asked for ({@link ConditionalAccuracy}) and how far the set lies from real held-out images
 * in the classifier's feature space ({@link FrechetDistance}). Train one with {@link
 * EvaluatorTrainer}, keep it with {@link EvaluatorFiles}.
 *
 * <p>Images go through the network in batches of {@value #BATCH}, each in its own sub-manager, so
 * scoring ten thousand images needs the memory of one batch; only features and predicted classes
 * come back, as host values. Inference only: the weights are never changed here. Closing the
 * evaluator frees its weights.
 */
public final class Evaluator implements AutoCloseable {

    /** Images per forward pass when scoring. */
    static final int BATCH = 250;

    private final NDManager manager;
    private final EvaluatorNet network;
    private final EvaluatorInfo info;

    Evaluator(NDManager manager, EvaluatorNet network, EvaluatorInfo info) {
        this.manager = manager;
        this.network = network;
        this.info = info;
    }

    /**
     * An evaluator with freshly drawn weights (PyTorch's default initialisation), for training or
     * as the chance baseline.
     *
     * @param info what it is; its accuracy fields are kept as given
     * @param seed the seed of the initial weights
     * @param parent the evaluator's weights live in a sub-manager of it
     * @return the evaluator
     */
    public static Evaluator untrained(EvaluatorInfo info, long seed, NDManager parent) {
        Engine.getInstance().setRandomSeed((int) (seed ^ (seed >>> 32)));
        Evaluator evaluator = allocate(info, parent);
        PyTorchDefaultInit.apply(evaluator.network);
        return evaluator;
    }

    /** An evaluator with initialised but arbitrary weights, to load weights into. */
    static Evaluator allocate(EvaluatorInfo info, NDManager parent) {
        NDManager manager = parent.newSubManager();
        try {
            EvaluatorNet network = newNetwork(info);
            network.initialize(manager, DataType.FLOAT32, new Shape(1, info.channels(), info.imageSize(), info.imageSize()));
            return new Evaluator(manager, network, info);
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** An uninitialised network as {@code info} describes it. */
    static EvaluatorNet newNetwork(EvaluatorInfo info) {
        return EvaluatorNet.builder()
                .setChannels(info.channels())
                .setImageSize(info.imageSize())
                .setClasses(info.classes())
                .optWidth(info.width())
                .optFeatures(info.features())
                .build();
    }

    /** @return what this evaluator is */
    public EvaluatorInfo info() {
        return info;
    }

    /** The manager that owns the weights. */
    NDManager manager() {
        return manager;
    }

    /** @return the network; its weights belong to this evaluator */
    public EvaluatorNet network() {
        return network;
    }

    /**
     * The feature vectors of images.
     *
     * @param images float32 [N, C, S, S] in [−1, 1]
     * @return N rows of F features
     */
    public double[][] features(NDArray images) {
        return run(images).features;
    }

    /**
     * The class the evaluator sees in each image.
     *
     * @param images float32 [N, C, S, S] in [−1, 1]
     * @return N labels
     */
    public int[] classify(NDArray images) {
        return run(images).classes;
    }

    /**
     * The fraction of a data set's images classified as labelled.
     *
     * @param data images of this evaluator's shape and classes
     * @return the accuracy
     */
    public double accuracy(LabeledImageDataset data) {
        int[] predicted = run(data).classes;
        int right = 0;
        for (int i = 0; i < predicted.length; i++) {
            if (predicted[i] == data.label(i)) {
                right++;
            }
        }
        return (double) right / predicted.length;
    }

    /**
     * The feature statistics of a data set's images, the reference for {@link #score}: usually
     * those of {@link HeldOutSplit#heldOut()}.
     *
     * @param data at least two images of this evaluator's shape
     * @return mean and covariance of their features
     */
    public FeatureStatistics statistics(LabeledImageDataset data) {
        return FeatureStatistics.of(run(data).features);
    }

    /**
     * Scores generated images against the classes they were generated for and against real images.
     *
     * @param generated float32 [N, C, S, S] in [−1, 1], N ≥ 2
     * @param requestedLabels the class each image was asked for
     * @param reference statistics of real images, from {@link #statistics} of this evaluator
     * @return accuracy overall and per class, and the Fréchet distance
     */
    public EvaluationScores score(NDArray generated, int[] requestedLabels, FeatureStatistics reference) {
        if (reference.dimension() != info.features()) {
            throw new IllegalArgumentException("the reference statistics have " + reference.dimension()
                    + " features, this evaluator gives " + info.features());
        }
        Outputs outputs = run(generated);
        ConditionalAccuracy accuracy = ConditionalAccuracy.count(info.classNames(), requestedLabels, outputs.classes);
        double fd = FrechetDistance.between(FeatureStatistics.of(outputs.features), reference);
        return new EvaluationScores(accuracy, fd, outputs.classes.length, reference.count());
    }

    private record Outputs(double[][] features, int[] classes) {}

    /** A batch of images [from, to) in the engine's range, created in the given manager. */
    private interface Batches {
        NDArray get(NDManager scope, int from, int to);
    }

    private Outputs run(LabeledImageDataset data) {
        Shape shape = new Shape(data.size(), data.channels(), data.height(), data.width());
        checkShape(shape);
        int[] all = new int[data.size()];
        Arrays.setAll(all, i -> i);
        return run(data.size(), (scope, from, to) -> data.toNDArray(scope, Arrays.copyOfRange(all, from, to)));
    }

    private Outputs run(NDArray images) {
        checkShape(images.getShape());
        if (images.getDataType() != DataType.FLOAT32) {
            throw new IllegalArgumentException("images must be float32, got " + images.getDataType());
        }
        return run(Math.toIntExact(images.getShape().get(0)), (scope, from, to) -> {
            NDArray batch = images.get(new NDIndex("{}:{}", from, to));
            batch.attach(scope);
            return batch;
        });
    }

    private Outputs run(int n, Batches batches) {
        double[][] features = new double[n][];
        int[] classes = new int[n];
        for (int from = 0; from < n; from += BATCH) {
            int to = Math.min(n, from + BATCH);
            try (NDManager scope = manager.newSubManager()) {
                NDArray x = batches.get(scope, from, to);
                NDList both = network.featuresAndLogits(new ParameterStore(scope, false), x, false);
                float[] f = both.get(0).toFloatArray();
                int[] predicted = both.get(1).argMax(1).toType(DataType.INT32, false).toIntArray();
                for (int i = from; i < to; i++) {
                    double[] row = new double[info.features()];
                    for (int j = 0; j < row.length; j++) {
                        row[j] = f[(i - from) * row.length + j];
                    }
                    features[i] = row;
                    classes[i] = predicted[i - from];
                }
            }
        }
        return new Outputs(features, classes);
    }

    private void checkShape(Shape shape) {
        Shape expected = new Shape(shape.dimension() > 0 ? shape.get(0) : -1, info.channels(), info.imageSize(),
                info.imageSize());
        if (!shape.equals(expected)) {
            throw new IllegalArgumentException("this evaluator takes images " + expected + ", got " + shape);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
