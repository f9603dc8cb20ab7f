package dev.diffusion.worker.sample;

import ai.djl.ndarray.NDManager;

import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.GifSpec;
import dev.diffusion.common.storage.ObjectKeys;
import dev.diffusion.worker.diffusion.ReverseSampler;
import dev.diffusion.worker.diffusion.SamplingLoop;
import dev.diffusion.worker.diffusion.SamplingProgressListener;
import dev.diffusion.worker.diffusion.SamplingRequest;
import dev.diffusion.worker.diffusion.SamplingResult;
import dev.diffusion.worker.render.GifWriter;
import dev.diffusion.worker.render.GridLayout;
import dev.diffusion.worker.render.ImageGrid;
import dev.diffusion.worker.render.PngGridWriter;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Runs one generation job: samples the images of a {@link GenerationSpec} with a loaded model and
 * writes {@code grid.png} and (unless disabled) {@code denoise.gif}, whose frames are the whole
 * grid every k sampler steps, starting with the initial noise, with the final frame held. A
 * cancelled run still writes the grid (and GIF) of the partially denoised images.
 */
public final class GenerationRunner {

    private GenerationRunner() {}

    /**
     * Generates.
     *
     * @param model the model
     * @param spec the effective spec ({@code withDefaults(T)} of the model's T, validated)
     * @param outputDir where to write (created if missing)
     * @param progress told after every sampler step
     * @param cancelled polled before every step
     * @return the files and numbers
     * @throws IOException when writing fails
     */
    public static GenerationResult run(
            LoadedModel model,
            GenerationSpec spec,
            Path outputDir,
            SamplingProgressListener progress,
            BooleanSupplier cancelled) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(outputDir);
        ReverseSampler sampler = Samplers.fromSpec(spec, model.schedule());
        GifSpec gif = spec.gif();
        boolean writeGif = Boolean.TRUE.equals(gif.enabled());
        int totalSteps = sampler.timesteps().length;
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(model.network())
                .setSampler(sampler)
                .optNumClasses(model.numClasses())
                .optGuidanceScale(spec.guidanceScale())
                .optFrameEvery(writeGif ? gif.effectiveFrameEvery(totalSteps) : 0)
                .optProgressListener(progress)
                .optCancellation(cancelled)
                .build();
        int size = model.network().getImageSize();
        SamplingRequest request = new SamplingRequest(
                spec.numImages(), model.network().getImageChannels(), size, size, spec.seed(), labels(spec, model));
        GridLayout layout = GridLayout.ofColumns(spec.gridColumns());
        Path grid = outputDir.resolve(ObjectKeys.GRID);
        Path gifFile = null;
        try (NDManager manager = NDManager.newBaseManager()) {
            SamplingResult result = loop.sample(manager, request);
            PngGridWriter.write(result.images(), layout, grid);
            if (writeGif && !result.frames().isEmpty()) {
                gifFile = outputDir.resolve(ObjectKeys.DENOISE_GIF);
                GifWriter.builder()
                        .optFramesPerSecond(gif.framesPerSecond())
                        .optLastFrameHoldMillis((int) Math.round(gif.holdLastSeconds() * 1000))
                        .build()
                        .write(ImageGrid.render(result.frames(), layout), gifFile);
            }
            return new GenerationResult(grid, gifFile, result.cancelled(), result.stepsCompleted(), totalSteps,
                    spec.numImages(), spec.seed(), Duration.ofNanos(System.nanoTime() - started));
        }
    }

    private static int[] labels(GenerationSpec spec, LoadedModel model) {
        if (model.numClasses() == 0 || spec.labels() == null || spec.labels().isEmpty()) {
            return null;
        }
        int[] labels = new int[spec.numImages()];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = spec.labelOf(i);
        }
        return labels;
    }
}
