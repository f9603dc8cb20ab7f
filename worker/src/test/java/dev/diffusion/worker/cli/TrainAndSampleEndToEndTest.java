package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDManager;

import dev.diffusion.engine.train.Checkpoint;
import dev.diffusion.engine.train.CheckpointFiles;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

/** The command line end to end on a tiny ContextUnet and the generated shapes data set. */
class TrainAndSampleEndToEndTest {

    private static final int SIZE = 16;

    @TempDir
    Path dir;

    private static String[] train(Path out, String... extra) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--dataset", "shapes", "--image-size", "16",
                "--base-channels", "8", "--timesteps", "50", "--steps", "4", "--batch-size", "4",
                "--checkpoint-every", "2", "--preview-every", "4", "--preview-steps", "2", "--seed", "3",
                "--num-classes", "4", "--out", out.toString()));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    @Test
    void trainWritesModelCheckpointsPreviewAndMetricsThenSampleWritesGridAndGif() throws IOException {
        Path run = dir.resolve("run");
        CliRun training = CliRun.of(train(run));
        assertThat(training.exitCode()).as(training.err()).isZero();
        assertThat(training.out()).contains("Finished at step 4", "model.ckpt");
        assertThat(run.resolve("model.ckpt")).isRegularFile();
        assertThat(run.resolve("checkpoints/step-2.ckpt")).isRegularFile();
        assertThat(run.resolve("checkpoints/step-4.ckpt")).isRegularFile();
        assertThat(Files.readAllLines(run.resolve("metrics.csv"))).hasSize(5).first().asString().startsWith("step,loss");
        BufferedImage preview = ImageIO.read(run.resolve("preview-step-4.png").toFile());
        // 8 images (2 rows of the 4 shape classes), 16 px with 2 px padding
        assertThat(preview.getWidth()).isEqualTo(4 * SIZE + 5 * 2);
        assertThat(preview.getHeight()).isEqualTo(2 * SIZE + 3 * 2);
        BufferedImage forward = ImageIO.read(run.resolve("forward-diffusion.png").toFile());
        // one shape of each of the 4 classes per row, clean then 8 noise levels
        assertThat(forward.getWidth()).isEqualTo(9 * SIZE + 10 * 2);
        assertThat(forward.getHeight()).isEqualTo(4 * SIZE + 5 * 2);

        Path samples = dir.resolve("samples");
        CliRun sampling = CliRun.of("sample", "--model", run.resolve("model.ckpt").toString(), "--out",
                samples.toString(), "--sampler", "ddim", "--steps", "5", "--num-images", "6", "--grid-columns", "3",
                "--labels", "0,1,2,3,0,1", "--frame-every", "2", "--seed", "11");
        assertThat(sampling.exitCode()).as(sampling.err()).isZero();
        BufferedImage grid = ImageIO.read(samples.resolve("grid.png").toFile());
        assertThat(grid.getWidth()).isEqualTo(3 * SIZE + 4 * 2);
        assertThat(grid.getHeight()).isEqualTo(2 * SIZE + 3 * 2);
        // frames: the initial noise, after steps 2 and 4, and the final step 5
        assertThat(gifFrames(samples.resolve("denoise.gif"))).isEqualTo(4);
        BufferedImage firstFrame = ImageIO.read(samples.resolve("denoise.gif").toFile());
        assertThat(firstFrame.getWidth()).isEqualTo(grid.getWidth());
    }

    @ParameterizedTest(name = "with an EMA: {0}")
    @ValueSource(booleans = {false, true})
    void aRunResumedFromItsHalfwayCheckpointEndsWithTheSameModel(boolean ema) throws IOException {
        Path straight = dir.resolve("straight-" + ema);
        // with an EMA its state is in the checkpoint too; without one (the default) there is none to restore
        assertThat(CliRun.of(ema ? train(straight, "--ema") : train(straight)).exitCode()).isZero();
        Path resumed = dir.resolve("resumed-" + ema);
        CliRun second = CliRun.of("train", "--out", resumed.toString(), "--resume",
                straight.resolve("checkpoints/step-2.ckpt").toString(), "--preview-steps", "2");
        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out()).contains("resumed at step 2");
        try (NDManager manager = NDManager.newBaseManager();
                Checkpoint a = CheckpointFiles.read(straight.resolve("model.ckpt"), manager);
                Checkpoint b = CheckpointFiles.read(resumed.resolve("model.ckpt"), manager)) {
            for (int i = 0; i < a.model().size(); i++) {
                assertThat(b.model().get(i).toFloatArray()).as(a.model().get(i).getName())
                        .containsExactly(a.model().get(i).toFloatArray());
                if (ema) {
                    assertThat(b.ema().get(i).toFloatArray()).containsExactly(a.ema().get(i).toFloatArray());
                }
            }
            assertThat(b.ema() == null).as("EMA kept").isEqualTo(!ema).isEqualTo(a.ema() == null);
        }
    }

    private static int gifFrames(Path gif) throws IOException {
        try (ImageInputStream in = ImageIO.createImageInputStream(gif.toFile())) {
            ImageReader reader = ImageIO.getImageReadersByFormatName("gif").next();
            reader.setInput(in);
            return reader.getNumImages(true);
        }
    }
}
