package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;

import dev.diffusion.engine.diffusion.DiffusionLoss;
import dev.diffusion.engine.diffusion.NoiseSchedule;

import dev.diffusion.engine.testing.EngineTestBase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingRunTest extends EngineTestBase {

    private static final NoiseSchedule SCHEDULE = NoiseSchedule.linear(20);

    @TempDir
    Path dir;

    private static final String SPEC = "{\"dataset\":\"shapes\",\"seed\":9}";
    private static final TrainingRunFiles FILES = new TrainingRunFiles("spec.json", "metrics.csv",
            "forward-diffusion.png", "model.ckpt", "checkpoints", step -> "preview-step-" + step + ".png");

    private static TrainingRun run(DiffusionTrainer trainer, Path dir, PreviewRenderer previews, int keep) {
        return new TrainingRun(trainer, SPEC, dir, FILES, previews, keep);
    }

    private DiffusionTrainer trainer(Block network, int steps) {
        TrainerSettings settings = new TrainerSettings(4, steps, AdamConfig.adam(),
                LearningRateSchedule.constant(1e-2, steps), 1.0, EmaProfile.constant(0.5), 0.1, false, 9L, 2);
        return new DiffusionTrainer(network, SCHEDULE, DiffusionLoss.mse(), new BarImages(8), settings, manager);
    }

    private Block network() {
        return TinyNoiseNet.initialised(manager, 1, 8, 2, SCHEDULE.timesteps(), 4);
    }

    @Test
    void writesSpecMetricsPreviewsTheNewestCheckpointsAndTheModel() throws Exception {
        Block network = network();
        List<float[]> previewWeights = new ArrayList<>();
        try (DiffusionTrainer trainer = trainer(network, 6)) {
            PreviewRenderer previews = (net, file) -> {
                previewWeights.add(net.getParameters().valueAt(0).getArray().toFloatArray());
                Files.writeString(file, "png");
            };
            TrainingRunResult result = run(trainer, dir, previews, 2).run(new TrainingListener() {}, 3, 2);
            assertThat(result.cancelled()).isFalse();
            assertThat(result.stepsCompleted()).isEqualTo(6);
            assertThat(result.modelFile()).isEqualTo(dir.resolve("model.ckpt")).isRegularFile();
            assertThat(result.forwardDiffusion()).isEqualTo(dir.resolve("forward-diffusion.png")).isRegularFile();
            assertThat(result.previews()).extracting(p -> p.getFileName().toString())
                    .containsExactly("preview-step-3.png", "preview-step-6.png");
            assertThat(dir.resolve("checkpoints")).isDirectoryContaining(p -> p.endsWith("step-4.ckpt"))
                    .isDirectoryContaining(p -> p.endsWith("step-6.ckpt"))
                    .isDirectoryNotContaining(p -> p.endsWith("step-2.ckpt"));
            assertThat(Files.readAllLines(result.metricsFile())).hasSize(7);
            assertThat(result.specFile()).isEqualTo(dir.resolve("spec.json")).hasContent(SPEC);
            assertThat(CheckpointFiles.readMetadata(result.specFile().resolveSibling("model.ckpt")).kind())
                    .isEqualTo(CheckpointMetadata.KIND_MODEL);
            assertThat(result.files()).allSatisfy(f -> assertThat(f).isRegularFile());
            // previews saw the EMA weights, the network holds the trained ones again afterwards
            try (Checkpoint model = CheckpointFiles.read(result.modelFile(), manager)) {
                assertThat(previewWeights.get(1)).containsExactly(model.ema().get(0).toFloatArray());
                assertThat(network.getParameters().valueAt(0).getArray().toFloatArray())
                        .containsExactly(model.model().get(0).toFloatArray());
            }
        }
    }

    @Test
    void aCancelledRunLeavesACheckpointToResumeFromAndNoModel() throws Exception {
        try (DiffusionTrainer trainer = trainer(network(), 50)) {
            TrainingRunResult result = run(trainer, dir, null, 2).run(new TrainingListener() {
                @Override
                public boolean isCancelled() {
                    return trainer.step() == 3;
                }
            }, 0, 100);
            assertThat(result.cancelled()).isTrue();
            assertThat(result.modelFile()).isNull();
            assertThat(result.checkpoint()).isEqualTo(dir.resolve("checkpoints/step-3.ckpt")).isRegularFile();
        }
        // resuming into the same folder continues the metrics without duplicated steps
        try (NDManager scope = manager.newSubManager();
                Checkpoint checkpoint = CheckpointFiles.read(dir.resolve("checkpoints/step-3.ckpt"), scope);
                DiffusionTrainer resumed = trainer(network(), 5)) {
            resumed.restore(checkpoint);
            TrainingRunResult result = run(resumed, dir, null, 1).run(new TrainingListener() {}, 0, 100);
            assertThat(result.stepsCompleted()).isEqualTo(5);
            assertThat(Files.readAllLines(result.metricsFile())).hasSize(6)
                    .extracting(line -> line.split(",")[0]).containsExactly("step", "1", "2", "3", "4", "5");
            assertThat(dir.resolve("checkpoints")).isDirectoryContaining(p -> p.endsWith("step-5.ckpt"))
                    .isDirectoryNotContaining(p -> p.endsWith("step-3.ckpt"));
        }
    }
}
