package dev.diffusion.common.spec;

/** The bounds a job spec is validated against, in one place. */
public final class SpecLimits {

    public static final int MIN_IMAGE_SIZE = 8;
    public static final int MAX_IMAGE_SIZE = 256;
    public static final int MAX_BASE_CHANNELS = 512;
    public static final int MAX_LEVELS = 5;
    public static final int MAX_CHANNEL_MULTIPLIER = 8;
    public static final int MAX_BLOCKS_PER_LEVEL = 4;
    public static final int MAX_CLASSES = 1000;
    public static final int MIN_TIMESTEPS = 2;
    public static final int MAX_TIMESTEPS = 4000;
    public static final int MAX_BATCH_SIZE = 1024;
    public static final int MAX_STEPS = 1_000_000;
    public static final int MAX_IMAGES = 256;
    /** Images an evaluation draws per class and sampler. */
    public static final int MAX_EVALUATION_IMAGES_PER_CLASS = 200;
    /** Samplers one evaluation may score. */
    public static final int MAX_EVALUATION_SAMPLERS = 24;
    /** Real images the Fréchet distance of an evaluation compares against. */
    public static final int MAX_EVALUATION_REFERENCE_IMAGES = 10_000;
    public static final double MAX_GUIDANCE_SCALE = 50.0;
    public static final int MAX_FRAMES_PER_SECOND = 50;

    private SpecLimits() {
    }
}
