package dev.diffusion.engine.data;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import java.util.Arrays;
import java.util.List;

/**
 * An in-memory labelled image data set: N images of C×H×W 8-bit levels (0 = black, 255 = white),
 * one class label per image and the class names.
 *
 * <p>Pixels are kept as bytes (Fashion-MNIST's 70,000 images take 55 MB), image-major in NCHW
 * order, and converted to the engine's float [−1, 1] on demand: value = level/255·2 − 1. Instances
 * are immutable; accessors return copies.
 */
public final class LabeledImageDataset {

    private final byte[] pixels;
    private final int[] labels;
    private final int channels;
    private final int height;
    private final int width;
    private final List<String> classNames;

    private LabeledImageDataset(
            byte[] pixels, int[] labels, int channels, int height, int width, List<String> classNames) {
        this.pixels = pixels;
        this.labels = labels;
        this.channels = channels;
        this.height = height;
        this.width = width;
        this.classNames = classNames;
    }

    /**
     * Creates a data set from 8-bit pixels.
     *
     * @param pixels N·C·H·W levels in NCHW order; copied
     * @param labels N labels, each in [0, classNames.size()); copied
     * @param channels C, 1 (gray) or 3 (RGB)
     * @param height H, positive
     * @param width W, positive
     * @param classNames the name of each class, at least one
     * @return the data set
     * @throws IllegalArgumentException if sizes do not match or a label is out of range
     */
    public static LabeledImageDataset of(
            byte[] pixels, int[] labels, int channels, int height, int width, List<String> classNames) {
        if (channels != 1 && channels != 3) {
            throw new IllegalArgumentException("channels must be 1 or 3, got " + channels);
        }
        if (height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image size must be positive, got " + height + "x" + width);
        }
        if (classNames == null || classNames.isEmpty()) {
            throw new IllegalArgumentException("a data set needs at least one class name");
        }
        if (labels.length == 0) {
            throw new IllegalArgumentException("a data set needs at least one image");
        }
        long expected = (long) labels.length * channels * height * width;
        if (pixels.length != expected) {
            throw new IllegalArgumentException(
                    labels.length + " images of " + channels + "x" + height + "x" + width
                            + " need " + expected + " pixel values, got " + pixels.length);
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= classNames.size()) {
                throw new IllegalArgumentException(
                        "label " + labels[i] + " of image " + i + " is outside [0, "
                                + (classNames.size() - 1) + "]");
            }
        }
        return new LabeledImageDataset(
                pixels.clone(), labels.clone(), channels, height, width, List.copyOf(classNames));
    }

    /**
     * Creates a data set from float pixels in [0, 1] (e.g. {@code ToTensor()} output), quantised to
     * levels round(v·255).
     *
     * @param pixels N·C·H·W values in [0, 1], NCHW
     * @param labels N labels
     * @param channels C, 1 or 3
     * @param height H
     * @param width W
     * @param classNames the class names
     * @return the data set
     * @throws IllegalArgumentException if a value is outside [0, 1] or sizes do not match
     */
    public static LabeledImageDataset ofUnitFloats(
            float[] pixels, int[] labels, int channels, int height, int width, List<String> classNames) {
        byte[] levels = new byte[pixels.length];
        for (int i = 0; i < pixels.length; i++) {
            if (!(pixels[i] >= 0f && pixels[i] <= 1f)) {
                throw new IllegalArgumentException(
                        "pixel value " + pixels[i] + " at index " + i + " is outside [0, 1]");
            }
            levels[i] = (byte) Math.round(pixels[i] * 255f);
        }
        return of(levels, labels, channels, height, width, classNames);
    }

    /**
     * Default class names "0", "1", … for a number of classes.
     *
     * @param count number of classes
     * @return the names
     */
    public static List<String> numberedClasses(int count) {
        String[] names = new String[count];
        for (int i = 0; i < count; i++) {
            names[i] = Integer.toString(i);
        }
        return List.of(names);
    }

    /** @return N */
    public int size() {
        return labels.length;
    }

    /** @return C */
    public int channels() {
        return channels;
    }

    /** @return H */
    public int height() {
        return height;
    }

    /** @return W */
    public int width() {
        return width;
    }

    /** @return C·H·W */
    public int imageSize() {
        return channels * height * width;
    }

    /** @return K, the number of classes */
    public int numClasses() {
        return classNames.size();
    }

    /** @return the class names, index = label */
    public List<String> classNames() {
        return classNames;
    }

    /**
     * @param i image index
     * @return the label of image i
     */
    public int label(int i) {
        return labels[checkIndex(i)];
    }

    /** @return a copy of all labels */
    public int[] labels() {
        return labels.clone();
    }

    /** @return the number of images of each class */
    public int[] classCounts() {
        int[] counts = new int[classNames.size()];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    /**
     * @param i image index
     * @return a copy of image i's levels, CHW
     */
    public byte[] imageBytes(int i) {
        int offset = checkIndex(i) * imageSize();
        return Arrays.copyOfRange(pixels, offset, offset + imageSize());
    }

    /** @return a copy of all levels, NCHW */
    public byte[] pixels() {
        return pixels.clone();
    }

    /**
     * Image i in the engine's range.
     *
     * @param i image index
     * @return CHW values in [−1, 1]
     */
    public float[] image(int i) {
        float[] values = new float[imageSize()];
        copyImage(i, false, values, 0);
        return values;
    }

    /**
     * The selected images as one batch in the engine's range.
     *
     * @param manager where to create the array
     * @param indices image indices, repeats allowed
     * @return float32 [n, C, H, W] in [−1, 1]
     */
    public NDArray toNDArray(NDManager manager, int[] indices) {
        return toNDArray(manager, indices, null);
    }

    /**
     * The selected images as one batch, some mirrored left-to-right.
     *
     * @param manager where to create the array
     * @param indices image indices, repeats allowed
     * @param flip which images to mirror horizontally (null: none)
     * @return float32 [n, C, H, W] in [−1, 1]
     */
    public NDArray toNDArray(NDManager manager, int[] indices, boolean[] flip) {
        if (flip != null && flip.length != indices.length) {
            throw new IllegalArgumentException(
                    "flip mask has " + flip.length + " entries for " + indices.length + " images");
        }
        float[] values = new float[Math.multiplyExact(indices.length, imageSize())];
        for (int n = 0; n < indices.length; n++) {
            copyImage(indices[n], flip != null && flip[n], values, n * imageSize());
        }
        return manager.create(values, new Shape(indices.length, channels, height, width));
    }

    /**
     * A data set of some of these images.
     *
     * @param indices image indices, repeats allowed, at least one
     * @return the new data set with the same classes
     */
    public LabeledImageDataset subset(int[] indices) {
        byte[] selected = new byte[Math.multiplyExact(indices.length, imageSize())];
        int[] selectedLabels = new int[indices.length];
        for (int n = 0; n < indices.length; n++) {
            System.arraycopy(pixels, checkIndex(indices[n]) * imageSize(), selected, n * imageSize(), imageSize());
            selectedLabels[n] = labels[indices[n]];
        }
        return new LabeledImageDataset(selected, selectedLabels, channels, height, width, classNames);
    }

    private void copyImage(int i, boolean mirror, float[] target, int offset) {
        int source = checkIndex(i) * imageSize();
        for (int c = 0; c < channels; c++) {
            for (int y = 0; y < height; y++) {
                int row = (c * height + y) * width;
                for (int x = 0; x < width; x++) {
                    int level = pixels[source + row + (mirror ? width - 1 - x : x)] & 0xff;
                    target[offset + row + x] = level / 255f * 2f - 1f;
                }
            }
        }
    }

    private int checkIndex(int i) {
        if (i < 0 || i >= labels.length) {
            throw new IndexOutOfBoundsException(
                    "image index " + i + " is outside [0, " + (labels.length - 1) + "]");
        }
        return i;
    }

    @Override
    public String toString() {
        return "LabeledImageDataset[" + labels.length + " images " + channels + "x" + height + "x"
                + width + ", classes=" + classNames + "]";
    }
}
