package dev.diffusion.engine.data;

/**
 * What a user's data set may hold: an image folder or IDX file from a user must not make the reader decode an
 * image of a billion pixels or allocate pixels for millions of images (a gzipped IDX file may expand a
 * thousandfold, so its header is checked before its body is read).
 *
 * @param maxImages images the data set may hold, positive
 * @param maxPixelsPerImage width × height of one image as its header states, checked before it is decoded
 */
public record DatasetLimits(int maxImages, long maxPixelsPerImage) {

    /** Images of a data set by default: about the size of CIFAR-10 plus its test set. */
    public static final int DEFAULT_MAX_IMAGES = 100_000;
    /** Pixels of one image by default: 4096 × 4096. */
    public static final long DEFAULT_MAX_PIXELS_PER_IMAGE = 4096L * 4096L;

    /** Validates the limits. */
    public DatasetLimits {
        if (maxImages < 1 || maxPixelsPerImage < 1) {
            throw new IllegalArgumentException("image-folder limits must be positive, got " + maxImages
                    + " images and " + maxPixelsPerImage + " pixels per image");
        }
    }

    /** @return the default limits */
    public static DatasetLimits defaults() {
        return new DatasetLimits(DEFAULT_MAX_IMAGES, DEFAULT_MAX_PIXELS_PER_IMAGE);
    }
}
