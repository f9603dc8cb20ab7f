package dev.diffusion.common.spec;

/**
 * The animated GIF of the denoising process.
 *
 * @param enabled         whether a GIF is written (default true)
 * @param frameEvery      keep a frame every k sampler steps; 0 picks about 20 frames (default 0)
 * @param framesPerSecond playback speed (default 10)
 * @param holdLastSeconds how long the final frame stays before the loop restarts (default 2)
 */
public record GifSpec(Boolean enabled, Integer frameEvery, Integer framesPerSecond, Double holdLastSeconds) {

    /** The spec with every missing field set to its default. */
    public GifSpec withDefaults() {
        return new GifSpec(
                enabled != null ? enabled : Boolean.TRUE,
                frameEvery != null ? frameEvery : 0,
                framesPerSecond != null ? framesPerSecond : 10,
                holdLastSeconds != null ? holdLastSeconds : 2.0);
    }

    /** All defaults. */
    public static GifSpec defaults() {
        return new GifSpec(null, null, null, null).withDefaults();
    }

    /** The frame interval for a run of {@code samplerSteps} steps: the given one, or about 20 frames. */
    public int effectiveFrameEvery(int samplerSteps) {
        int every = frameEvery != null ? frameEvery : 0;
        return every > 0 ? every : Math.max(1, samplerSteps / 20);
    }
}
