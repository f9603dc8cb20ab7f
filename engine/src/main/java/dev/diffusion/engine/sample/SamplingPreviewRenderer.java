package dev.diffusion.engine.sample;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import dev.diffusion.engine.diffusion.DdimSampler;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.diffusion.SamplingLoop;
import dev.diffusion.engine.diffusion.SamplingRequest;
import dev.diffusion.engine.diffusion.SamplingResult;
import dev.diffusion.engine.render.GridLayout;
import dev.diffusion.engine.render.PngGridWriter;
import dev.diffusion.engine.train.PreviewRenderer;

import java.nio.file.Path;

/**
 * Training previews: a grid of images sampled with a few deterministic DDIM steps from the same
 * seed every time, so successive previews show the same noise turning into better images. A
 * conditional model gets labels 0, 1, 2, … cycling over the data set's classes (one class per
 * column).
 */
public final class SamplingPreviewRenderer implements PreviewRenderer {

    /** Default number of preview images. */
    public static final int DEFAULT_IMAGES = 16;
    /** Default DDIM steps of a preview. */
    public static final int DEFAULT_STEPS = 20;

    private final NoiseSchedule schedule;
    private final int numClasses;
    private final int labelCount;
    private final int channels;
    private final int imageSize;
    private final int numImages;
    private final int steps;
    private final long seed;

    /**
     * Creates a renderer.
     *
     * @param schedule the model's schedule
     * @param numClasses classes of the network (0 = unconditional)
     * @param labelCount classes the data set actually has (labels cycle over these)
     * @param channels image channels
     * @param imageSize image side
     * @param numImages images per preview
     * @param steps DDIM steps (at most T)
     * @param seed noise seed, the same for every preview
     */
    public SamplingPreviewRenderer(
            NoiseSchedule schedule, int numClasses, int labelCount, int channels, int imageSize, int numImages,
            int steps, long seed) {
        this.schedule = schedule;
        this.numClasses = numClasses;
        this.labelCount = Math.max(1, Math.min(numClasses, labelCount));
        this.channels = channels;
        this.imageSize = imageSize;
        this.numImages = numImages;
        this.steps = Math.min(steps, schedule.timesteps());
        this.seed = seed;
    }

    @Override
    public void render(Block network, Path file) throws Exception {
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(network)
                .setSampler(DdimSampler.builder(schedule).optSteps(steps).build())
                .optNumClasses(numClasses)
                .build();
        int[] labels = null;
        if (numClasses > 0) {
            labels = new int[numImages];
            for (int i = 0; i < numImages; i++) {
                labels[i] = i % labelCount;
            }
        }
        int columns = numClasses > 0 && labelCount <= numImages ? labelCount : (int) Math.ceil(Math.sqrt(numImages));
        try (NDManager manager = NDManager.newBaseManager()) {
            SamplingResult result = loop.sample(manager,
                    new SamplingRequest(numImages, channels, imageSize, imageSize, seed, labels));
            PngGridWriter.write(result.images(), GridLayout.ofColumns(columns), file);
        }
    }
}
