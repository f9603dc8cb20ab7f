package dev.diffusion.engine.diffusion;

import java.util.Arrays;

/**
 * What to sample: how many images of which shape, their classes and the seed.
 *
 * <p>Image {@code i} draws its initial noise and every step's noise from its own generator seeded
 * with {@link #imageSeed(int) seed + i}, so an image depends only on its seed, not on the batch it
 * is sampled in or its position there.
 *
 * @param numImages N, positive
 * @param channels C, positive
 * @param height H, positive
 * @param width W, positive
 * @param seed the job seed
 * @param labels one class per image, or null for unconditional sampling
 */
public record SamplingRequest(
        int numImages, int channels, int height, int width, long seed, int[] labels) {

    /** Validates the request and copies the labels. */
    public SamplingRequest {
        if (numImages < 1) {
            throw new IllegalArgumentException(
                    "number of images must be positive, got " + numImages);
        }
        if (channels < 1 || height < 1 || width < 1) {
            throw new IllegalArgumentException(
                    "image shape must be positive, got "
                            + channels
                            + "x"
                            + height
                            + "x"
                            + width);
        }
        if (labels != null) {
            if (labels.length != numImages) {
                throw new IllegalArgumentException(
                        "got " + labels.length + " labels for " + numImages + " images");
            }
            labels = labels.clone();
        }
    }

    /**
     * An unconditional request.
     *
     * @param numImages N
     * @param channels C
     * @param height H
     * @param width W
     * @param seed job seed
     * @return the request
     */
    public static SamplingRequest unconditional(
            int numImages, int channels, int height, int width, long seed) {
        return new SamplingRequest(numImages, channels, height, width, seed, null);
    }

    /** @return a copy of the labels, or null */
    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /** @return C·H·W */
    public int imageSize() {
        return Math.multiplyExact(channels, Math.multiplyExact(height, width));
    }

    /**
     * The seed of image i's noise generator.
     *
     * @param i image index
     * @return seed + i
     */
    public long imageSeed(int i) {
        return seed + i;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SamplingRequest that
                && numImages == that.numImages
                && channels == that.channels
                && height == that.height
                && width == that.width
                && seed == that.seed
                && Arrays.equals(labels, that.labels);
    }

    @Override
    public int hashCode() {
        return 31 * Arrays.hashCode(labels) + Long.hashCode(seed) + numImages;
    }

    @Override
    public String toString() {
        return "SamplingRequest[" + numImages + "x" + channels + "x" + height + "x" + width
                + ", seed=" + seed + ", labels=" + Arrays.toString(labels) + "]";
    }
}
