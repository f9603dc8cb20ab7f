package dev.diffusion.engine.train;

/**
 * What the trainer needs from a data set: random access to labelled images. The trainer chooses
 * indices and flips with its own checkpointed generator, so a resumed run sees the same batches.
 */
public interface TrainingImages {

    /**
     * Number of images.
     *
     * @return the count, positive
     */
    int size();

    /**
     * Channels per image.
     *
     * @return 1 or 3
     */
    int channels();

    /**
     * Image height in pixels.
     *
     * @return the height
     */
    int height();

    /**
     * Image width in pixels.
     *
     * @return the width
     */
    int width();

    /**
     * Number of classes (labels are in [0, numClasses)).
     *
     * @return the count; 0 when the data set has no labels
     */
    int numClasses();

    /**
     * The label of an image.
     *
     * @param index image index
     * @return the class, or 0 when the data set has no labels
     */
    int label(int index);

    /**
     * Copies one image, CHW, values in [−1, 1], optionally mirrored left–right.
     *
     * @param index image index
     * @param flip whether to mirror horizontally
     * @param target destination
     * @param offset where the image starts in {@code target}
     */
    void copyImage(int index, boolean flip, float[] target, int offset);
}
