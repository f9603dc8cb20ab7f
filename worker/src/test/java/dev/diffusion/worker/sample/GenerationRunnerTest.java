package dev.diffusion.worker.sample;

import static org.assertj.core.api.Assertions.assertThat;


import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.GifSpec;
import dev.diffusion.common.spec.SamplerType;
import dev.diffusion.common.spec.ScheduleSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.worker.diffusion.DdimSampler;
import dev.diffusion.worker.diffusion.DdpmSampler;
import dev.diffusion.worker.testing.EngineTestBase;
import dev.diffusion.worker.train.CheckpointMetadata;
import dev.diffusion.worker.train.EngineSpecs;
import dev.diffusion.worker.train.Networks;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenerationRunnerTest extends EngineTestBase {

    @TempDir
    Path dir;

    private LoadedModel tinyModel() {
        TrainingSpec spec = new TrainingSpec("shapes", 8, 1,
                new dev.diffusion.common.spec.ModelSpec(null, 8, null, null, null, null, 4),
                new ScheduleSpec(null, 30, null, null), null, null, 2, 2, null, null, null, 1L, null, null).withDefaults();
        return new LoadedModel(Networks.create(spec, manager, 1), spec, EngineSpecs.noiseSchedule(spec.schedule()),
                new CheckpointMetadata(CheckpointMetadata.FORMAT_VERSION, CheckpointMetadata.KIND_MODEL, 0, null, 0, 0,
                        null, spec));
    }

    private static GenerationSpec spec(int steps, int images, GifSpec gif) {
        return new GenerationSpec("m", SamplerType.DDIM, steps, null, images, List.of(2), null, 3L, 2, gif, null, null)
                .withDefaults(30);
    }

    @Test
    void cancellingKeepsTheGridOfThePartlyDenoisedImages() throws Exception {
        AtomicInteger steps = new AtomicInteger();
        GenerationResult result = GenerationRunner.run(tinyModel(), spec(6, 3, new GifSpec(false, null, null, null)), dir,
                (done, total) -> steps.set(done), () -> steps.get() >= 2);
        assertThat(result.cancelled()).isTrue();
        assertThat(result.stepsCompleted()).isEqualTo(2);
        assertThat(result.gif()).isNull();
        BufferedImage grid = ImageIO.read(result.grid().toFile());
        assertThat(grid.getWidth()).isEqualTo(2 * 8 + 3 * 2);
        assertThat(grid.getHeight()).isEqualTo(2 * 8 + 3 * 2);
    }

    @Test
    void theSameSeedGivesTheSameGrid() throws Exception {
        LoadedModel model = tinyModel();
        GenerationResult a = GenerationRunner.run(model, spec(3, 2, null), dir.resolve("a"), (d, t) -> {}, () -> false);
        GenerationResult b = GenerationRunner.run(model, spec(3, 2, null), dir.resolve("b"), (d, t) -> {}, () -> false);
        assertThat(a.grid()).hasSameBinaryContentAs(b.grid());
        assertThat(a.files()).hasSize(2);
    }

    @Test
    void specsChooseTheSampler() {
        var schedule = EngineSpecs.noiseSchedule(new ScheduleSpec(null, 30, null, null).withDefaults());
        GenerationSpec ddpm = new GenerationSpec("m", SamplerType.DDPM, null, null, null, null, null, 1L, null, null, false, null)
                .withDefaults(30);
        assertThat(Samplers.fromSpec(ddpm, schedule)).isInstanceOfSatisfying(DdpmSampler.class, s -> {
            assertThat(s.timesteps()).hasSize(30);
            assertThat(s.meanForm()).isEqualTo(DdpmSampler.MeanForm.DIRECT);
        });
        assertThat(Samplers.fromSpec(spec(7, 1, null), schedule)).isInstanceOfSatisfying(DdimSampler.class, s -> {
            assertThat(s.timesteps()).hasSize(7);
            assertThat(s.clipX0()).isTrue();
        });
    }
}
