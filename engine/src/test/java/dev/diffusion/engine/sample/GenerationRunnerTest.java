package dev.diffusion.engine.sample;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.types.DataType;

import dev.diffusion.engine.diffusion.DdimSampler;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.diffusion.ReverseSampler;
import dev.diffusion.engine.model.NetworkArchitecture;
import dev.diffusion.engine.model.NetworkSpec;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.NoisePredictors;
import dev.diffusion.engine.testing.EngineTestBase;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

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
}
