package dev.diffusion.engine.eval;

import java.util.List;

/**
 * How often generated images show the class they were asked for, overall and per class, as the
 * evaluator judges them.
 *
 * @param classNames the class of each label
 * @param requested per class, how many images were asked for
 * @param correct per class, how many of those the evaluator classified as that class
 */
public record ConditionalAccuracy(List<String> classNames, int[] requested, int[] correct) {

    /** Validates and copies the fields. */
    public ConditionalAccuracy {
        classNames = List.copyOf(classNames);
        if (requested.length != classNames.size() || correct.length != classNames.size()) {
            throw new IllegalArgumentException("need one count per class (" + classNames.size() + "), got "
                    + requested.length + " requested and " + correct.length + " correct");
        }
        requested = requested.clone();
        correct = correct.clone();
        for (int k = 0; k < requested.length; k++) {
            if (correct[k] < 0 || correct[k] > requested[k]) {
                throw new IllegalArgumentException("class " + k + ": " + correct[k] + " correct of " + requested[k]);
            }
        }
    }

    /**
     * Counts predictions against requests.
     *
     * @param classNames the classes
     * @param requestedLabels the label each image was generated for
     * @param predicted the label the evaluator gave each image
     * @return the counts
     */
    public static ConditionalAccuracy count(List<String> classNames, int[] requestedLabels, int[] predicted) {
        if (requestedLabels.length != predicted.length) {
            throw new IllegalArgumentException(
                    requestedLabels.length + " requested labels for " + predicted.length + " images");
        }
        int[] requested = new int[classNames.size()];
        int[] correct = new int[classNames.size()];
        for (int i = 0; i < requestedLabels.length; i++) {
            int label = requestedLabels[i];
            if (label < 0 || label >= classNames.size()) {
                throw new IllegalArgumentException("requested label " + label + " of image " + i
                        + " is outside [0, " + (classNames.size() - 1) + "]");
            }
            requested[label]++;
            if (predicted[i] == label) {
                correct[label]++;
            }
        }
        return new ConditionalAccuracy(classNames, requested, correct);
    }

    /** @return the fraction of all images classified as requested, NaN for no images */
    public double overall() {
        long all = 0;
        long right = 0;
        for (int k = 0; k < requested.length; k++) {
            all += requested[k];
            right += correct[k];
        }
        return all == 0 ? Double.NaN : (double) right / all;
    }

    /**
     * The accuracy of one class.
     *
     * @param label the class
     * @return the fraction of the images asked for as this class that show it, NaN when none were asked for
     */
    public double of(int label) {
        return requested[label] == 0 ? Double.NaN : (double) correct[label] / requested[label];
    }

    @Override
    public int[] requested() {
        return requested.clone();
    }

    @Override
    public int[] correct() {
        return correct.clone();
    }
}
