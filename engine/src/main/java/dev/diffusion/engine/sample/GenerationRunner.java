package dev.diffusion.engine.sample;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

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
import java.util.Arrays;
import java.util.function.BooleanSupplier;

/**
 * Runs one generation: samples the images of {@link GenerationSettings} with a network and a reverse
 * sampler and writes the grid and (when asked) the denoising GIF, whose frames are the whole grid every
 * k sampler steps, starting with the initial noise, with the final frame held. A cancelled run still
 * writes the grid (and GIF) of the partially denoised images.
 *
 * <p>Memory is bounded by {@link GenerationLimits}, not by the settings: the images are sampled in chunks of
 * at most {@link GenerationLimits#imagesPerChunk} one after the other, each chunk's final images kept as byte
 * levels and its frames spooled to disk beside the GIF, which is then written frame by frame. Chunking does not
 * change the noise: image i always starts from, and draws every step's noise from, seed + i, whatever chunk it
 * is in. With everything in one chunk the files are those of sampling the whole batch at once; across chunks
 * the network sees other batch sizes, which may change the last bits of its arithmetic (not the images' looks).
 * A run cancelled in chunk c keeps the earlier chunks' images, chunk c's partly denoised ones, and leaves the
 * cells of later images empty.
 */
public final class GenerationRunner {

    private GenerationRunner() {}

    /**
     * Generates within the default {@link GenerationLimits}.
     *
     * @see #run(NoisePredictor, ReverseSampler, GenerationSettings, GenerationLimits, Path, Path,
     *     SamplingProgressListener, BooleanSupplier)
     */
    public static GenerationResult run(
            NoisePredictor network,
            ReverseSampler sampler,
            GenerationSettings settings,
            Path grid,
            Path gif,
            SamplingProgressListener progress,
            BooleanSupplier cancelled) throws IOException {
        return run(network, sampler, settings, GenerationLimits.defaults(), grid, gif, progress, cancelled);
    }

    /**
     * Generates.
     *
     * @param network the trained network
     * @param sampler the reverse process (DDPM or DDIM over the network's schedule)
     * @param settings what to draw
     * @param limits the chunk size and the GIF's byte budget
     * @param grid the PNG grid to write (folders are created)
     * @param gif the GIF to write when {@code settings.gif()} asks for one and its budget allows two frames
     * @param progress told after every sampler step, counting the steps of every chunk
     * @param cancelled polled before every step
     * @return the files and numbers
     * @throws IOException when writing fails
     */
    public static GenerationResult run(
            NoisePredictor network,
            ReverseSampler sampler,
            GenerationSettings settings,
            GenerationLimits limits,
            Path grid,
            Path gif,
            SamplingProgressListener progress,
            BooleanSupplier cancelled) throws IOException {
        long started = System.nanoTime();
        Files.createDirectories(grid.toAbsolutePath().getParent());
        int steps = sampler.timesteps().length;
        int size = network.getImageSize();
        int channels = network.getImageChannels();
        int imageBytes = channels * size * size;
        int numImages = settings.numImages();
        int[] labels = network.getNumClasses() == 0 ? null : settings.labels();
        boolean guided = labels != null && settings.guidanceScale() != 1.0;
        int perChunk = limits.imagesPerChunk(guided);
        int chunks = limits.chunks(numImages, guided);
        GridLayout layout = GridLayout.ofColumns(settings.gridColumns());
        int frameEvery = frameEvery(settings.gif(), limits, steps, numImages, size, layout);
        Shape shape = new Shape(numImages, channels, size, size);
        byte[] levels = new byte[Math.multiplyExact(numImages, imageBytes)];
        Arrays.fill(levels, (byte) ImageGrid.toByte(layout.padValue()));
        int stepsCompleted = 0;
        boolean stopped = false;
        Path spoolFolder = grid.toAbsolutePath().resolveSibling(".frames-" + System.nanoTime());
        try (FrameSpool spool = frameEvery > 0 ? new FrameSpool(spoolFolder, imageBytes) : null) {
            for (int chunk = 0; chunk < chunks && !stopped; chunk++) {
                if (chunk > 0 && cancelled.getAsBoolean()) {
                    stopped = true;
                    break;
                }
                int first = chunk * perChunk;
                int count = Math.min(perChunk, numImages - first);
                int done = chunk * steps;
                SamplingLoop loop = SamplingLoop.builder()
                        .setModel(network)
                        .setSampler(sampler)
                        .optNumClasses(network.getNumClasses())
                        .optGuidanceScale(settings.guidanceScale())
                        .optFrameEvery(frameEvery)
                        .optFrameListener(spool == null ? frame -> { } : spool::append)
                        .optProgressListener((step, total) -> progress.onStep(done + step, chunks * total))
                        .optCancellation(cancelled)
                        .build();
                // image i's noise comes from seed + i in whichever chunk it is sampled
                SamplingRequest request = new SamplingRequest(count, channels, size, size, settings.seed() + first,
                        labels == null ? null : Arrays.copyOfRange(labels, first, first + count));
                if (spool != null) {
                    spool.startChunk(count);
                }
                try (NDManager manager = NDManager.newBaseManager()) {
                    SamplingResult result = loop.sample(manager, request);
                    float[] pixels = result.images().toFloatArray();
                    for (int i = 0; i < pixels.length; i++) {
                        levels[first * imageBytes + i] = (byte) ImageGrid.toByte(pixels[i]);
                    }
                    stepsCompleted += result.stepsCompleted();
                    stopped = result.cancelled();
                }
            }
            PngGridWriter.write(ImageGrid.renderLevels(levels, shape, layout), grid);
            Path gifFile = null;
            int gifFrames = 0;
            if (spool != null && spool.frames() > 0) {
                gifFrames = writeGif(spool, settings.gif(), levels, shape, layout, gif);
                gifFile = gif;
            }
            return new GenerationResult(grid, gifFile, stopped, stepsCompleted, chunks * steps, numImages,
                    settings.seed(), Duration.ofNanos(System.nanoTime() - started), chunks, gifFrames);
        }
    }

    private static int frameEvery(GenerationSettings.GifSettings animation, GenerationLimits limits, int steps,
                                  int numImages, int size, GridLayout layout) {
        if (animation == null) {
            return 0;
        }
        int[] gridSize = ImageGrid.gridSize(numImages, size, size, layout);
        return limits.frameEvery(animation.frameEvery(), steps, (long) gridSize[0] * gridSize[1]);
    }

    private static int writeGif(FrameSpool spool, GenerationSettings.GifSettings animation, byte[] frame, Shape shape,
                                GridLayout layout, Path file) throws IOException {
        GifWriter writer = GifWriter.builder()
                .optFramesPerSecond(animation.framesPerSecond())
                .optLastFrameHoldMillis(animation.holdLastMillis())
                .build();
        int frames = spool.frames();
        try (GifWriter.Sequence sequence = writer.open(file)) {
            for (int f = 0; f < frames; f++) {
                // cells of images a cancelled run never reached keep the padding level the grid gave them
                spool.read(f, frame);
                sequence.append(ImageGrid.renderLevels(frame, shape, layout), f == frames - 1);
            }
        }
        return frames;
    }
}
