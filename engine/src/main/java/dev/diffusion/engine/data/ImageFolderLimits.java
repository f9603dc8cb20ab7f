package dev.diffusion.engine.data;

/**
 * What an image-folder data set may hold: a folder from a user must not make the reader decode an image of a
 * billion pixels or allocate pixels for millions of images.
 *
 * @param maxImages images the folder may hold, positive
 * @param maxPixelsPerImage width × height of one image as its header states, checked before it is decoded
 */
public record ImageFolderLimits(int maxImages, long maxPixelsPerImage) {

    /** Images of an image folder by default: about the size of CIFAR-10 plus its test set. */
    public static final int DEFAULT_MAX_IMAGES = 100_000;
    /** Pixels of one image by default: 4096 × 4096. */
    public static final long DEFAULT_MAX_PIXELS_PER_IMAGE = 4096L * 4096L;

    /** Validates the limits. */
    public ImageFolderLimits {
        if (maxImages < 1 || maxPixelsPerImage < 1) {
            throw new IllegalArgumentException("image-folder limits must be positive, got " + maxImages
                    + " images and " + maxPixelsPerImage + " pixels per image");
        }
    }

    /** @return the default limits */
    public static ImageFolderLimits defaults() {
        return new ImageFolderLimits(DEFAULT_MAX_IMAGES, DEFAULT_MAX_PIXELS_PER_IMAGE);
    }
}
