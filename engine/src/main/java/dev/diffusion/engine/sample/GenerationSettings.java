package dev.diffusion.engine.sample;

/**
 * What one generation run draws and how it lays the images out.
 *
 * @param numImages images to generate, positive
 * @param seed image i starts from the noise of seed + i
 * @param labels the class of each image (length {@code numImages}), or null for unconditional sampling
 * @param guidanceScale classifier-free guidance scale s (Ho &amp; Salimans 2022): ε = ε_∅ + s·(ε_c − ε_∅);
 *     1 is purely conditional, 0 purely unconditional
 * @param gridColumns columns of the grid, positive
 * @param gif the denoising animation, or null for none
 */
public record GenerationSettings(
        int numImages, long seed, int[] labels, double guidanceScale, int gridColumns, GifSettings gif) {

    /** Validates the fields. */
    public GenerationSettings {
        if (numImages < 1) {
            throw new IllegalArgumentException("numImages must be positive, got " + numImages);
        }
        if (labels != null && labels.length != numImages) {
            throw new IllegalArgumentException("labels must have one entry per image: " + labels.length
                    + " labels for " + numImages + " images");
        }
        if (!(guidanceScale >= 0)) {
            throw new IllegalArgumentException("guidanceScale must be >= 0, got " + guidanceScale);
        }
        if (gridColumns < 1) {
            throw new IllegalArgumentException("gridColumns must be positive, got " + gridColumns);
        }
        labels = labels == null ? null : labels.clone();
    }

    @Override
    public int[] labels() {
        return labels == null ? null : labels.clone();
    }

    /**
     * The denoising animation: the whole grid every {@code frameEvery} sampler steps, starting with the
     * initial noise, the final frame held.
     *
     * @param frameEvery sampler steps between frames, positive
     * @param framesPerSecond playback speed, positive
     * @param holdLastMillis how long the final frame stays, at least 0
     */
    public record GifSettings(int frameEvery, double framesPerSecond, int holdLastMillis) {

        /** Validates the fields. */
        public GifSettings {
            if (frameEvery < 1) {
                throw new IllegalArgumentException("frameEvery must be positive, got " + frameEvery);
            }
            if (!(framesPerSecond > 0)) {
                throw new IllegalArgumentException("framesPerSecond must be positive, got " + framesPerSecond);
            }
            if (holdLastMillis < 0) {
                throw new IllegalArgumentException("holdLastMillis must be >= 0, got " + holdLastMillis);
            }
        }
    }
}
