package dev.diffusion.engine.eval;

import java.util.List;

/**
 * What an evaluator is: the images it takes, its classes and network widths, how well it
 * classifies its data set's held-out images, and which data set that was. Saved with its weights
 * (see {@link EvaluatorFiles}).
 *
 * @param channels C, image channels
 * @param imageSize S, image height = width
 * @param classNames the class of each label, at least two
 * @param width channels of the network's first stage
 * @param features length of a feature vector
 * @param heldOutAccuracy the fraction of held-out images classified right, NaN when untrained
 * @param heldOutImages how many held-out images that fraction is of, 0 when untrained
 * @param dataset the data set's identity as the caller names it (opaque to the engine), may be empty
 */
public record EvaluatorInfo(
        int channels,
        int imageSize,
        List<String> classNames,
        int width,
        int features,
        double heldOutAccuracy,
        int heldOutImages,
        String dataset) {

    /** Validates and copies the fields. */
    public EvaluatorInfo {
        if (classNames == null || classNames.size() < 2) {
            throw new IllegalArgumentException("an evaluator needs at least two classes, got " + classNames);
        }
        classNames = List.copyOf(classNames);
        if (!(Double.isNaN(heldOutAccuracy) || (heldOutAccuracy >= 0 && heldOutAccuracy <= 1))) {
            throw new IllegalArgumentException("held-out accuracy must be in [0, 1] or NaN, got " + heldOutAccuracy);
        }
        if (heldOutImages < 0) {
            throw new IllegalArgumentException("held-out images must be non-negative, got " + heldOutImages);
        }
        if (dataset == null) {
            throw new IllegalArgumentException("the data set identity must not be null (use \"\" when unknown)");
        }
    }

    /**
     * An evaluator not trained yet.
     *
     * @param channels C
     * @param imageSize S
     * @param classNames the classes
     * @param width first-stage channels
     * @param features feature length
     * @param dataset the data set's identity
     * @return the description, accuracy NaN
     */
    public static EvaluatorInfo untrained(
            int channels, int imageSize, List<String> classNames, int width, int features, String dataset) {
        return new EvaluatorInfo(channels, imageSize, classNames, width, features, Double.NaN, 0, dataset);
    }

    /** @return K, the number of classes */
    public int classes() {
        return classNames.size();
    }

    /**
     * The same evaluator with its measured accuracy.
     *
     * @param accuracy fraction right on the held-out images
     * @param images how many held-out images
     * @return a new description
     */
    public EvaluatorInfo withHeldOutAccuracy(double accuracy, int images) {
        return new EvaluatorInfo(channels, imageSize, classNames, width, features, accuracy, images, dataset);
    }
}
