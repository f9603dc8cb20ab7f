package dev.diffusion.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;

import dev.diffusion.engine.diffusion.DdimSampler;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.diffusion.ReverseSampler;
import dev.diffusion.engine.diffusion.SamplingLoop;
import dev.diffusion.engine.diffusion.SamplingRequest;
import dev.diffusion.engine.diffusion.SamplingResult;
import dev.diffusion.engine.render.GifWriter;
import dev.diffusion.engine.render.GridLayout;
import dev.diffusion.engine.render.ImageGrid;
import dev.diffusion.engine.render.PngGridWriter;
import dev.diffusion.engine.model.NetworkArchitecture;
import dev.diffusion.engine.model.NetworkSpec;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.NoisePredictors;
import dev.diffusion.engine.testing.EngineTestBase;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationRunnerTest extends EngineTestBase {

    private static final GenerationSettings.GifSettings GIF = new GenerationSettings.GifSettings(1, 8, 500);

    @TempDir
    Path dir;

    private NoisePredictor tinyNetwork() {
        NoisePredictor network = NoisePredictors.create(
                new NetworkSpec(NetworkArchitecture.CONTEXT_UNET, 1, 8, 8, null, 1, null, 0f, 4, 30, null));
        network.initialize(manager, DataType.FLOAT32, network.inputShapes(1));
        return network;
    }

    private static ReverseSampler ddim(int steps) {
        return DdimSampler.builder(NoiseSchedule.linear(30)).optSteps(steps).build();
    }

    private static GenerationSettings settings(int images, GenerationSettings.GifSettings gif) {
        return new GenerationSettings(images, 3L, new int[images], 1.0, 2, gif);
    }

    @Test
    void cancellingKeepsTheGridOfThePartlyDenoisedImages() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        GenerationResult result = GenerationRunner.run(tinyNetwork(), ddim(6), settings(3, null), dir.resolve("grid.png"),
                dir.resolve("denoise.gif"), (done, total) -> steps.set(done), () -> steps.get() >= 2);
        assertThat(result.cancelled()).isTrue();
        assertThat(result.stepsCompleted()).isEqualTo(2);
        assertThat(result.gif()).isNull();
        assertThat(dir.resolve("denoise.gif")).doesNotExist();
        BufferedImage grid = ImageIO.read(result.grid().toFile());
        assertThat(grid.getWidth()).isEqualTo(2 * 8 + 3 * 2);
        assertThat(grid.getHeight()).isEqualTo(2 * 8 + 3 * 2);
    }

    @Test
    void theSameSeedGivesTheSameGridAndAnimation() throws Exception {
        NoisePredictor network = tinyNetwork();
        GenerationResult a = GenerationRunner.run(network, ddim(3), settings(2, GIF), dir.resolve("a/grid.png"),
                dir.resolve("a/denoise.gif"), (d, t) -> {}, () -> false);
        GenerationResult b = GenerationRunner.run(network, ddim(3), settings(2, GIF), dir.resolve("b/grid.png"),
                dir.resolve("b/denoise.gif"), (d, t) -> {}, () -> false);
        assertThat(a.grid()).hasSameBinaryContentAs(b.grid());
        assertThat(a.gif()).hasSameBinaryContentAs(b.gif());
        assertThat(a.files()).hasSize(2);
    }

    @Test
    void oneChunkWritesTheFilesOfSamplingTheWholeBatchAtOnce() throws Exception {
        NoisePredictor network = tinyNetwork();
        GenerationSettings guided = new GenerationSettings(3, 5L, new int[] {0, 1, 2}, 2.0, 2, GIF);
        GridLayout layout = GridLayout.ofColumns(2);
        SamplingResult whole = SamplingLoop.builder().setModel(network).setSampler(ddim(3)).optNumClasses(4)
                .optGuidanceScale(2.0).optFrameEvery(1).build()
                .sample(manager, new SamplingRequest(3, 1, 8, 8, 5L, new int[] {0, 1, 2}));
        PngGridWriter.write(whole.images(), layout, dir.resolve("whole/grid.png"));
        GifWriter.builder().optFramesPerSecond(8).optLastFrameHoldMillis(500).build()
                .write(ImageGrid.render(whole.frames(), layout), dir.resolve("whole/denoise.gif"));

        GenerationResult chunked = GenerationRunner.run(network, ddim(3), guided, new GenerationLimits(6, 1 << 20),
                dir.resolve("run/grid.png"), dir.resolve("run/denoise.gif"), (d, t) -> {}, () -> false);

        assertThat(chunked.chunks()).isEqualTo(1);
        assertThat(chunked.grid()).hasSameBinaryContentAs(dir.resolve("whole/grid.png"));
        assertThat(chunked.gif()).hasSameBinaryContentAs(dir.resolve("whole/denoise.gif"));
        assertThat(chunked.gifFrames()).isEqualTo(4);
        assertThat(dir.resolve("run")).isDirectoryNotContaining("glob:**/.frames-*");
    }

    @Test
    void manyImagesAreSampledInChunksWithTheSameNoiseAndEveryImageInTheFiles() throws Exception {
        NoisePredictor network = tinyNetwork();
        List<int[]> steps = new ArrayList<>();
        GenerationResult whole = GenerationRunner.run(network, ddim(3), settings(5, GIF), new GenerationLimits(64, 1 << 20),
                dir.resolve("whole/grid.png"), dir.resolve("whole/denoise.gif"), (d, t) -> {}, () -> false);

        GenerationResult chunked = GenerationRunner.run(network, ddim(3), settings(5, GIF), new GenerationLimits(2, 1 << 20),
                dir.resolve("chunks/grid.png"), dir.resolve("chunks/denoise.gif"),
                (done, total) -> steps.add(new int[] {done, total}), () -> false);

        assertThat(chunked.chunks()).isEqualTo(3);
        assertThat(chunked.stepsCompleted()).isEqualTo(9);
        assertThat(chunked.totalSteps()).isEqualTo(9);
        assertThat(steps).extracting(s -> s[0]).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(steps).extracting(s -> s[1]).containsOnly(9);
        assertThat(chunked.gifFrames()).isEqualTo(whole.gifFrames()).isEqualTo(4);
        assertSameWithinOneLevel(ImageIO.read(chunked.grid().toFile()), ImageIO.read(whole.grid().toFile()));
        assertThat(gifFrames(chunked.gif())).isEqualTo(4);
    }

    @Test
    void guidanceCountsTwicePerImageTowardTheChunk() throws Exception {
        GenerationSettings guided = new GenerationSettings(4, 1L, new int[] {0, 1, 2, 3}, 3.0, 2, null);
        GenerationSettings plain = new GenerationSettings(4, 1L, new int[] {0, 1, 2, 3}, 1.0, 2, null);
        NoisePredictor network = tinyNetwork();

        assertThat(GenerationRunner.run(network, ddim(2), guided, new GenerationLimits(4, 1), dir.resolve("g/grid.png"),
                dir.resolve("g/denoise.gif"), (d, t) -> {}, () -> false).chunks()).isEqualTo(2);
        assertThat(GenerationRunner.run(network, ddim(2), plain, new GenerationLimits(4, 1), dir.resolve("p/grid.png"),
                dir.resolve("p/denoise.gif"), (d, t) -> {}, () -> false).chunks()).isEqualTo(1);
    }

    @Test
    void theGifBudgetThinsTheFramesAndWithoutRoomForTwoWritesNone() throws Exception {
        NoisePredictor network = tinyNetwork();
        long frameBytes = (2 * 8 + 3 * 2) * (2 * 8 + 3 * 2);

        GenerationResult thinned = GenerationRunner.run(network, ddim(6), settings(3, GIF),
                new GenerationLimits(64, 3 * frameBytes), dir.resolve("a/grid.png"), dir.resolve("a/denoise.gif"),
                (d, t) -> {}, () -> false);
        GenerationResult none = GenerationRunner.run(network, ddim(6), settings(3, GIF),
                new GenerationLimits(64, frameBytes), dir.resolve("b/grid.png"), dir.resolve("b/denoise.gif"),
                (d, t) -> {}, () -> false);

        assertThat(thinned.gifFrames()).as("noise, step 3, step 6 instead of all 7").isEqualTo(3);
        assertThat(gifFrames(thinned.gif())).isEqualTo(3);
        assertThat(none.gif()).isNull();
        assertThat(none.gifFrames()).isZero();
        assertThat(dir.resolve("b/denoise.gif")).doesNotExist();
    }

    @Test
    void cancellingInALaterChunkKeepsWhatWasSampledAndAFullSizeGrid() throws Exception {
        AtomicInteger done = new AtomicInteger();

        GenerationResult result = GenerationRunner.run(tinyNetwork(), ddim(3), settings(5, GIF),
                new GenerationLimits(2, 1 << 20), dir.resolve("grid.png"), dir.resolve("denoise.gif"),
                (d, t) -> done.set(d), () -> done.get() >= 4);

        assertThat(result.cancelled()).isTrue();
        assertThat(result.stepsCompleted()).isEqualTo(4);
        assertThat(result.gifFrames()).isEqualTo(4);
        BufferedImage grid = ImageIO.read(result.grid().toFile());
        assertThat(grid.getWidth()).isEqualTo(2 * 8 + 3 * 2);
        assertThat(grid.getHeight()).isEqualTo(3 * 8 + 4 * 2);
        assertThat(grid.getRaster().getSample(2 + 8 + 2 + 4, 2 * (8 + 2) + 2 + 4, 0))
                .as("the 6th cell does not exist; the 5th, never sampled, is padding").isEqualTo(255);
        assertThat(grid.getRaster().getSample(2 + 4, 2 * (8 + 2) + 2 + 4, 0)).isEqualTo(255);
    }

    private static void assertSameWithinOneLevel(BufferedImage actual, BufferedImage expected) {
        assertThat(actual.getWidth()).isEqualTo(expected.getWidth());
        assertThat(actual.getHeight()).isEqualTo(expected.getHeight());
        for (int y = 0; y < actual.getHeight(); y++) {
            for (int x = 0; x < actual.getWidth(); x++) {
                assertThat(Math.abs(actual.getRaster().getSample(x, y, 0) - expected.getRaster().getSample(x, y, 0)))
                        .as("pixel %d,%d", x, y).isLessThanOrEqualTo(1);
            }
        }
    }

    private static int gifFrames(Path gif) throws Exception {
        try (ImageInputStream input = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(input);
            return reader.getNumImages(true);
        }
    }
}
