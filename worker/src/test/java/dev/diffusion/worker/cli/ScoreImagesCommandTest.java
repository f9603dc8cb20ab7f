package dev.diffusion.worker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.engine.data.IdxDataset;
import dev.diffusion.engine.data.IdxFormat;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.data.ShapesDataset;
import dev.diffusion.engine.eval.HeldOutSplit;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Path;
import java.util.Random;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code worker score-images} on {@code shapes}: real images of the data set score high and close, noise far; the
 * evaluator is trained once into {@code --work} and reused; unusable files are bad usage.
 */
class ScoreImagesCommandTest {

    @TempDir
    static Path dir;

    private static Path work;

    @BeforeAll
    static void writeImages() throws Exception {
        work = dir.resolve("work");
        // real shapes the evaluator never saw: the held-out part of another draw
        LabeledImageDataset real = HeldOutSplit.of(ShapesDataset.generate(1200, 16, 99)).heldOut();
        IdxDataset.writeFolder(real, dir.resolve("real"), false);
        byte[] noise = new byte[real.size() * 16 * 16];
        new Random(3).nextBytes(noise);
        IdxFormat.writeImages(dir.resolve("noise-images"), new IdxFormat.Images(real.size(), 1, 16, 16, noise), false);
        IdxFormat.writeLabels(dir.resolve("noise-labels"), real.labels(), false);
        IdxFormat.writeImages(dir.resolve("small-images"), new IdxFormat.Images(2, 1, 8, 8, new byte[128]), false);
        IdxFormat.writeLabels(dir.resolve("small-labels"), new int[] {0, 1}, false);
    }

    private static CliRun score(String... images) {
        String[] common = {"score-images", "--dataset", "shapes", "--evaluator-steps", "120",
            "--reference-images", "150", "--threads", "2", "--work", work.toString()};
        String[] args = new String[common.length + images.length];
        System.arraycopy(common, 0, args, 0, common.length);
        System.arraycopy(images, 0, args, common.length, images.length);
        return CliRun.of(args);
    }

    @Test
    void realImagesScoreHighAndCloseNoiseFar() throws Exception {
        CliRun real = score("--images", dir.resolve("real").toString(), "--json", dir.resolve("real.json").toString());
        CliRun noise = score("--images", dir.resolve("noise-images").toString(),
                "--labels", dir.resolve("noise-labels").toString(), "--json", dir.resolve("noise.json").toString());

        assertThat(real.exitCode()).as(real.err()).isZero();
        assertThat(noise.exitCode()).as(noise.err()).isZero();
        assertThat(real.out()).contains("accuracy", "FD", "per class: ", "FD reference 150 held-out images");
        JsonNode realScores = JsonMapper.shared().readTree(dir.resolve("real.json").toFile());
        JsonNode noiseScores = JsonMapper.shared().readTree(dir.resolve("noise.json").toFile());
        assertThat(realScores.get("accuracy").asDouble()).isGreaterThanOrEqualTo(0.9);
        assertThat(realScores.get("perClass")).hasSize(4);
        assertThat(realScores.get("referenceImages").asInt()).isEqualTo(150);
        assertThat(noiseScores.get("frechetDistance").asDouble())
                .isGreaterThan(10 * realScores.get("frechetDistance").asDouble());
        assertThat(noiseScores.get("accuracy").asDouble()).isLessThan(0.6);
        // one evaluator, trained by the first run and read by the second
        assertThat(real.out() + noise.out()).containsOnlyOnce("Training the evaluator of shapes-16x16x1");
        assertThat(work.resolve("evaluators")).isDirectoryContaining(p -> p.getFileName().toString()
                .startsWith("shapes-16x16x1-s120"));
    }

    @Test
    void anImagesFileNeedsItsLabels() {
        CliRun run = score("--images", dir.resolve("noise-images").toString());
        assertThat(run.exitCode()).isEqualTo(WorkerCli.USAGE);
        assertThat(run.err()).contains("--labels is needed");
    }

    @Test
    void imagesOfAnotherSizeAreBadUsage() {
        CliRun run = score("--images", dir.resolve("small-images").toString(),
                "--labels", dir.resolve("small-labels").toString());
        assertThat(run.exitCode()).isEqualTo(WorkerCli.USAGE);
        assertThat(run.err()).contains("the images are 8x8x1 but shapes's are 16x16x1");
    }
}
