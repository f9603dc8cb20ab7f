package dev.diffusion.engine.sample;

import ai.djl.ndarray.NDManager;

import dev.diffusion.engine.diffusion.ReverseSampler;
import dev.diffusion.engine.diffusion.SamplingLoop;
import dev.diffusion.engine.diffusion.SamplingProgressListener;
import dev.diffusion.engine.diffusion.SamplingRequest;
import dev.diffusion.engine.diffusion.SamplingResult;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.render.GifWriter;
import dev.diffusion.engine.render.GridLayout;
import dev.diffusion.engine.render.ImageGrid;
import dev.diffusion.engine.render.PngGridWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Runs one generation: samples the images of {@link GenerationSettings} with a network and a reverse
 * sampler and writes the grid and (when asked) the denoising GIF, whose frames are the whole grid every
 * k sampler steps, starting with the initial noise, with the final frame held. A cancelled run still
 * writes the grid (and GIF) of the partially denoised images.
 */
public final class GenerationRunner {

    private GenerationRunner() {}

    /**
     * Generates.
     *
     * @param network the trained network
     * @param sampler the reverse process (DDPM or DDIM over the network's schedule)
     * @param settings what to draw
     * @param grid the PNG grid to write (folders are created)
     * @param gif the GIF to write when {@code settings.gif()} asks for one
     * @param progress told after every sampler step
     * @param cancelled polled before every step
     * @return the files and numbers
     * @throws IOException when writing fails
     */
    public static GenerationResult run(
            NoisePredictor network,
            ReverseSampler sampler,
            GenerationSettings settings,
            Path grid,
            Path gif,
            SamplingProgressListener progress,
            BooleanSupplier cancelled) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(grid.toAbsolutePath().getParent());
        GenerationSettings.GifSettings animation = settings.gif();
        int totalSteps = sampler.timesteps().length;
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(network)
                .setSampler(sampler)
                .optNumClasses(network.getNumClasses())
                .optGuidanceScale(settings.guidanceScale())
                .optFrameEvery(animation != null ? animation.frameEvery() : 0)
                .optProgressListener(progress)
                .optCancellation(cancelled)
                .build();
        int size = network.getImageSize();
        int[] labels = network.getNumClasses() == 0 ? null : settings.labels();
        SamplingRequest request = new SamplingRequest(
                settings.numImages(), network.getImageChannels(), size, size, settings.seed(), labels);
        GridLayout layout = GridLayout.ofColumns(settings.gridColumns());
        Path gifFile = null;
        try (NDManager manager = NDManager.newBaseManager()) {
            SamplingResult result = loop.sample(manager, request);
            PngGridWriter.write(result.images(), layout, grid);
            if (animation != null && !result.frames().isEmpty()) {
                gifFile = gif;
                GifWriter.builder()
                        .optFramesPerSecond(animation.framesPerSecond())
                        .optLastFrameHoldMillis(animation.holdLastMillis())
                        .build()
                        .write(ImageGrid.render(result.frames(), layout), gifFile);
            }
            return new GenerationResult(grid, gifFile, result.cancelled(), result.stepsCompleted(), totalSteps,
                    settings.numImages(), settings.seed(), Duration.ofNanos(System.nanoTime() - started));
        }
    }
}
