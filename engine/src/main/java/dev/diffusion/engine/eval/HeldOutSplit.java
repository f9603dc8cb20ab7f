package dev.diffusion.engine.eval;

import dev.diffusion.engine.data.LabeledImageDataset;

import java.util.Arrays;

/**
 * The fixed split of a data set into the images the evaluator trains on and the images it is
 * judged on, and that generated images are compared with.
 *
 * <p>Image i is held out when a hash of its index falls in the last sixth of the hash range: the
 * SplitMix64 finaliser of i, taken modulo 6, equals 5. The split therefore depends on nothing but
 * the index — not on a training seed, the labels or the data set's size — so every evaluator of a
 * data set holds out the same images, the held-out set of a data set that grows by appending keeps
 * its old members, and no held-out image is ever trained on. About one image in six is held out
 * (binomially: 1,667 ± 37 of 10,000); a hash rather than every sixth index keeps the split free of
 * any order the data set has (the {@code shapes} set cycles through its classes, imported MNIST is
 * sorted by class).
 */
public final class HeldOutSplit {

    /** One image in this many is held out. */
    public static final int FOLDS = 6;

    private final LabeledImageDataset dataset;
    private final int[] training;
    private final int[] heldOut;

    private HeldOutSplit(LabeledImageDataset dataset, int[] training, int[] heldOut) {
        this.dataset = dataset;
        this.training = training;
        this.heldOut = heldOut;
    }

    /**
     * Splits a data set.
     *
     * @param dataset the labelled images
     * @return the split
     * @throws IllegalArgumentException when either part would be empty (a data set of very few images)
     */
    public static HeldOutSplit of(LabeledImageDataset dataset) {
        int[] training = new int[dataset.size()];
        int[] heldOut = new int[dataset.size()];
        int t = 0;
        int h = 0;
        for (int i = 0; i < dataset.size(); i++) {
            if (isHeldOut(i)) {
                heldOut[h++] = i;
            } else {
                training[t++] = i;
            }
        }
        if (t == 0 || h == 0) {
            throw new IllegalArgumentException("a data set of " + dataset.size() + " images leaves "
                    + (h == 0 ? "no held-out" : "no training") + " images; it needs more images");
        }
        return new HeldOutSplit(dataset, Arrays.copyOf(training, t), Arrays.copyOf(heldOut, h));
    }

    /**
     * Whether the image at an index is held out.
     *
     * @param index image index, non-negative
     * @return true for the held-out part
     */
    public static boolean isHeldOut(int index) {
        if (index < 0) {
            throw new IllegalArgumentException("image index must be non-negative, got " + index);
        }
        return Long.remainderUnsigned(mix64(index), FOLDS) == FOLDS - 1;
    }

    private static long mix64(long index) {
        long z = (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** @return the images to train on, a new data set */
    public LabeledImageDataset training() {
        return dataset.subset(training);
    }

    /** @return the held-out images, a new data set */
    public LabeledImageDataset heldOut() {
        return dataset.subset(heldOut);
    }

    /** @return the indices of the training images, ascending */
    public int[] trainingIndices() {
        return training.clone();
    }

    /** @return the indices of the held-out images, ascending */
    public int[] heldOutIndices() {
        return heldOut.clone();
    }
}
