package dev.diffusion.engine.sample;

/**
 * Bounds on the memory of one generation run, whatever it draws.
 *
 * @param maxBatchImages rows the network sees at once: images are sampled in chunks of this many (half as many
 *     with classifier-free guidance, whose forward pass doubles the batch), positive
 * @param gifMaxBytes the denoising GIF's frames together, each counted as one byte per grid pixel (its
 *     uncompressed size); more frames than fit are taken less often, and when not even the first and last fit
 *     no GIF is written; positive
 */
public record GenerationLimits(int maxBatchImages, long gifMaxBytes) {

    /** Images sampled together by default: the network's forward batch. */
    public static final int DEFAULT_MAX_BATCH_IMAGES = 64;
    /** The GIF's frames by default: 256 MiB. */
    public static final long DEFAULT_GIF_MAX_BYTES = 256L * 1024 * 1024;

    /** Validates the limits. */
    public GenerationLimits {
        if (maxBatchImages < 1) {
            throw new IllegalArgumentException("maxBatchImages must be positive, got " + maxBatchImages);
        }
        if (gifMaxBytes < 1) {
            throw new IllegalArgumentException("gifMaxBytes must be positive, got " + gifMaxBytes);
        }
    }

    /** @return the default limits */
    public static GenerationLimits defaults() {
        return new GenerationLimits(DEFAULT_MAX_BATCH_IMAGES, DEFAULT_GIF_MAX_BYTES);
    }

    /**
     * Images per chunk.
     *
     * @param guided whether every forward pass runs a conditional and an unconditional copy of each image
     * @return images sampled together, at least 1
     */
    public int imagesPerChunk(boolean guided) {
        return Math.max(1, guided ? maxBatchImages / 2 : maxBatchImages);
    }

    /**
     * Chunks a run samples one after the other.
     *
     * @param numImages images to draw
     * @param guided whether guidance doubles the batch
     * @return ⌈numImages / {@link #imagesPerChunk}⌉
     */
    public int chunks(int numImages, boolean guided) {
        int perChunk = imagesPerChunk(guided);
        return (numImages + perChunk - 1) / perChunk;
    }

    /**
     * The frame interval the GIF budget allows.
     *
     * @param requested the frame interval asked for, positive
     * @param steps sampler steps of one chunk
     * @param frameBytes bytes of one frame (grid width × height)
     * @return {@code requested} when its frames fit, else the smallest larger interval whose frames fit, or 0 when
     *     not even the first and the last frame fit
     */
    public int frameEvery(int requested, int steps, long frameBytes) {
        long maxFrames = gifMaxBytes / Math.max(1, frameBytes);
        if (maxFrames < 2) {
            return 0;
        }
        int every = Math.max(1, requested);
        while (every < steps && frames(every, steps) > maxFrames) {
            every++;
        }
        return frames(every, steps) <= maxFrames ? every : 0;
    }

    /**
     * @param every frame interval
     * @param steps sampler steps
     * @return frames a run keeps: the initial noise, every {@code every} steps, and the last step
     */
    public static int frames(int every, int steps) {
        return 1 + steps / every + (steps % every == 0 ? 0 : 1);
    }
}
