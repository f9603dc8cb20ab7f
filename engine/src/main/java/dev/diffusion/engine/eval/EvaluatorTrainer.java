package dev.diffusion.engine.eval;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import dev.diffusion.engine.data.BatchSampler;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.train.AdamConfig;
import dev.diffusion.engine.train.AdamOptimizer;
import dev.diffusion.engine.train.LearningRateSchedule;
import dev.diffusion.engine.train.SeededRandom;
import dev.diffusion.engine.train.StepParameterStore;
import dev.diffusion.engine.train.TrainingDivergedException;

import java.util.HashMap;
import java.util.Map;

/**
 * Trains an {@link Evaluator} on the training part of a {@link HeldOutSplit} and measures its
 * accuracy on the held-out part, which it never sees before.
 *
 * <p>Softmax cross-entropy, Adam with a cosine-decaying rate, a fixed number of steps over seeded
 * epoch shuffles ({@link BatchSampler}; no flips, a mirrored digit is not the same digit) and
 * seeded shifts ({@link EvaluatorTrainingSettings}). The seed draws the initial weights, the batch
 * order and the shifts, and nothing else is random, so two runs with the same settings, data and
 * thread count give bit-identical weights.
 *
 * <p>The steps follow the engine's diffusion trainer: each runs in a sub-manager closed at its
 * end, the forward pass uses per-step copies of the weights ({@link StepParameterStore}) under the
 * one {@link GradientCollector} that is open, and Adam updates the weights after it is closed. Host
 * data that autograd keeps (the images, the one-hot targets) is copied into memory PyTorch owns.
 */
public final class EvaluatorTrainer {

    /** Told about each step, e.g. to log progress. */
    @FunctionalInterface
    public interface StepListener {

        /**
         * Called after each step.
         *
         * @param step steps done, 1-based
         * @param steps steps in all
         * @param loss the step's mean cross-entropy
         */
        void onStep(int step, int steps, double loss);
    }

    private final EvaluatorNet network;
    private final PairList<String, Parameter> parameters;
    private final LabeledImageDataset training;
    private final EvaluatorTrainingSettings settings;
    private final LearningRateSchedule learningRate;
    private final SeededRandom shifts;

    private EvaluatorTrainer(
            EvaluatorNet network, LabeledImageDataset training, EvaluatorTrainingSettings settings, SeededRandom shifts) {
        this.network = network;
        this.parameters = network.getParameters();
        this.training = training;
        this.settings = settings;
        this.learningRate = LearningRateSchedule.cosine(settings.learningRate(), settings.steps(), 0);
        this.shifts = shifts;
    }

    /**
     * Trains an evaluator.
     *
     * @param data the labelled images; one in six is held out (see {@link HeldOutSplit})
     * @param dataset the data set's identity, kept with the evaluator (opaque here)
     * @param settings widths, steps, learning rate, shifts, seed
     * @param manager the evaluator's weights live in a sub-manager of it
     * @return the trained evaluator with its held-out accuracy
     */
    public static Evaluator train(
            LabeledImageDataset data, String dataset, EvaluatorTrainingSettings settings, NDManager manager) {
        return train(data, dataset, settings, manager, (step, steps, loss) -> {});
    }

    /**
     * Trains an evaluator, reporting each step.
     *
     * @param data the labelled images; one in six is held out (see {@link HeldOutSplit})
     * @param dataset the data set's identity, kept with the evaluator (opaque here)
     * @param settings widths, steps, learning rate, shifts, seed
     * @param manager the evaluator's weights live in a sub-manager of it
     * @param listener told after each step
     * @return the trained evaluator with its held-out accuracy
     * @throws TrainingDivergedException when the loss stops being finite
     */
    public static Evaluator train(
            LabeledImageDataset data,
            String dataset,
            EvaluatorTrainingSettings settings,
            NDManager manager,
            StepListener listener) {
        if (data.height() != data.width()) {
            throw new IllegalArgumentException("the evaluator takes square images, got " + data.height() + "x" + data.width());
        }
        HeldOutSplit split = HeldOutSplit.of(data);
        SeededRandom random = new SeededRandom(settings.seed());
        EvaluatorInfo info = EvaluatorInfo.untrained(data.channels(), data.height(), data.classNames(),
                settings.width(), settings.features(), dataset);
        Evaluator untrained = Evaluator.untrained(info, random.nextLong(), manager);
        try {
            LabeledImageDataset training = split.training();
            BatchSampler batches = new BatchSampler(training, settings.batchSize(), random.nextLong(), false);
            EvaluatorTrainer trainer = new EvaluatorTrainer(untrained.network(), training, settings, random.split());
            trainer.run(batches, untrained.manager(), listener);
            LabeledImageDataset heldOut = split.heldOut();
            double accuracy = untrained.accuracy(heldOut);
            return new Evaluator(untrained.manager(), untrained.network(),
                    info.withHeldOutAccuracy(accuracy, heldOut.size()));
        } catch (RuntimeException e) {
            untrained.close();
            throw e;
        }
    }

    private void run(BatchSampler batches, NDManager manager, StepListener listener) {
        // gradients are taken on per-step copies; the network's own arrays must not track them
        for (Pair<String, Parameter> p : parameters) {
            p.getValue().getArray().setRequiresGradient(false);
        }
        try (NDManager state = manager.newSubManager();
                AdamOptimizer adam = new AdamOptimizer(AdamConfig.adam(), state)) {
            for (int step = 1; step <= settings.steps(); step++) {
                double loss;
                try (NDManager scope = state.newSubManager()) {
                    loss = step(batches.next(scope), adam, step, scope);
                }
                listener.onStep(step, settings.steps(), loss);
            }
        }
    }

    private double step(BatchSampler.Batch batch, AdamOptimizer adam, int step, NDManager scope) {
        batch.images().close();
        NDArray images = shiftedImages(scope, batch.indices());
        NDArray targets = oneHot(scope, batch.labels());
        StepParameterStore store = new StepParameterStore(scope);
        double loss;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray logits = network.forward(store, new NDList(images), true).singletonOrThrow();
            NDArray crossEntropy = logits.logSoftmax(1).mul(targets).sum(new int[] {1}).mean().neg();
            collector.backward(crossEntropy);
            loss = crossEntropy.getFloat();
        }
        if (!Double.isFinite(loss)) {
            throw new TrainingDivergedException("the evaluator's loss", loss, step);
        }
        Map<String, NDArray> gradients = new HashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            NDArray gradient = store.copyOf(p.getValue()).getGradient();
            gradient.attach(scope);
            gradients.put(p.getKey(), gradient);
        }
        adam.step(parameters, gradients, learningRate.at(step - 1L));
        return loss;
    }

    /** The batch's images, each shifted by a seeded whole-pixel offset with edges repeated. */
    private NDArray shiftedImages(NDManager scope, int[] indices) {
        int c = training.channels();
        int h = training.height();
        int w = training.width();
        int size = training.imageSize();
        int range = 2 * settings.maxShift() + 1;
        float[] values = new float[indices.length * size];
        for (int n = 0; n < indices.length; n++) {
            float[] image = training.image(indices[n]);
            int dy = shifts.nextInt(range) - settings.maxShift();
            int dx = shifts.nextInt(range) - settings.maxShift();
            for (int ch = 0; ch < c; ch++) {
                for (int y = 0; y < h; y++) {
                    int sourceRow = (ch * h + clamp(y - dy, h)) * w;
                    int targetRow = n * size + (ch * h + y) * w;
                    for (int x = 0; x < w; x++) {
                        values[targetRow + x] = image[sourceRow + clamp(x - dx, w)];
                    }
                }
            }
        }
        return pyTorchOwned(scope, values, new Shape(indices.length, c, h, w));
    }

    private static int clamp(int coordinate, int size) {
        return Math.max(0, Math.min(size - 1, coordinate));
    }

    private NDArray oneHot(NDManager scope, int[] labels) {
        int classes = network.getClasses();
        float[] values = new float[labels.length * classes];
        for (int i = 0; i < labels.length; i++) {
            values[i * classes + labels[i]] = 1f;
        }
        return pyTorchOwned(scope, values, new Shape(labels.length, classes));
    }

    /**
     * Host values in memory PyTorch owns: {@code create(float[])} only wraps a Java buffer, which can
     * be freed while autograd still keeps the tensor for the backward pass.
     */
    private static NDArray pyTorchOwned(NDManager scope, float[] values, Shape shape) {
        try (NDArray wrapped = scope.create(values, shape)) {
            return wrapped.duplicate();
        }
    }
}
