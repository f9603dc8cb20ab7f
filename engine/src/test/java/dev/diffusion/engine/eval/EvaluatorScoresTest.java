package dev.diffusion.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;

import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.data.ShapesDataset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scores with one evaluator trained on {@code shapes} (120 steps, about 1 s on an idle machine) shared by the tests. */
class EvaluatorScoresTest {

    /** A narrower network and fewer steps than the defaults, enough for {@code shapes} at 16×16. */
    static final EvaluatorTrainingSettings SHAPES_SETTINGS = new EvaluatorTrainingSettings(16, 128, 32, 120, 2e-3, 1, 1);

    private static NDManager shared;
    private static Evaluator evaluator;
    private static FeatureStatistics reference;
    /** Real images the evaluator never saw: the held-out part of another {@code shapes} set. */
    private static LabeledImageDataset otherReal;

    private NDManager manager;

    @TempDir
    Path dir;

    @BeforeAll
    static void trainOnShapes() {
        shared = NDManager.newBaseManager();
        LabeledImageDataset shapes = ShapesDataset.generate(1200, 16, 5);
        evaluator = EvaluatorTrainer.train(shapes, "shapes-1200-16-seed5", SHAPES_SETTINGS, shared);
        reference = evaluator.statistics(HeldOutSplit.of(shapes).heldOut());
        otherReal = HeldOutSplit.of(ShapesDataset.generate(1200, 16, 99)).heldOut();
    }

    @AfterAll
    static void closeShared() {
        shared.close();
    }

    @BeforeEach
    void openManager() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void closeManager() {
        manager.close();
    }

    @Test
    void realImagesScoreAsAccurateAndCloseWhileNoiseIsFar() {
        EvaluationScores real = evaluator.score(images(otherReal), otherReal.labels(), reference);
        NDArray noise = manager.randomUniform(-1, 1, new Shape(otherReal.size(), 1, 16, 16));
        EvaluationScores noisy = evaluator.score(noise, otherReal.labels(), reference);
        System.out.printf("real: accuracy %.4f, FD %.3f; noise: FD %.3f%n",
                real.accuracy().overall(), real.frechetDistance(), noisy.frechetDistance());

        assertThat(real.accuracy().overall()).isGreaterThanOrEqualTo(0.95);
        for (int k = 0; k < 4; k++) {
            assertThat(real.accuracy().of(k)).as("class %d", k).isGreaterThanOrEqualTo(0.85);
        }
        // measured: real 1.69, noise 484
        assertThat(real.frechetDistance()).isLessThan(5.0);
        assertThat(noisy.frechetDistance()).isGreaterThan(100.0).isGreaterThan(50 * real.frechetDistance());
        assertThat(real.images()).isEqualTo(otherReal.size());
        assertThat(real.referenceImages()).isEqualTo(evaluator.info().heldOutImages());
    }

    @Test
    void randomlyRequestedLabelsScoreNearChance() {
        int[] random = new SplittableRandom(3).ints(otherReal.size(), 0, 4).toArray();
        EvaluationScores scores = evaluator.score(images(otherReal), random, reference);
        System.out.printf("random labels: accuracy %.4f%n", scores.accuracy().overall());
        // chance is 1/4; measured 0.23 on these 191 images
        assertThat(scores.accuracy().overall()).isBetween(0.15, 0.35);
        assertThat(Arrays.stream(scores.accuracy().requested()).sum()).isEqualTo(otherReal.size());
    }

    @Test
    void anUntrainedEvaluatorClassifiesNearChance() {
        try (Evaluator untrained = Evaluator.untrained(evaluator.info(), 7, manager)) {
            double accuracy = untrained.accuracy(otherReal);
            System.out.printf("untrained: accuracy %.4f%n", accuracy);
            assertThat(accuracy).isBetween(0.1, 0.45);
        }
    }

    @Test
    void savedAndLoadedEvaluatorGivesIdenticalFeaturesAndInfo() throws Exception {
        Path file = dir.resolve("shapes" + EvaluatorFiles.EXTENSION);
        EvaluatorFiles.write(file, evaluator);
        try (Evaluator loaded = EvaluatorFiles.read(file, manager)) {
            assertThat(loaded.info()).isEqualTo(evaluator.info());
            assertThat(loaded.info().dataset()).isEqualTo("shapes-1200-16-seed5");
            assertThat(loaded.info().heldOutAccuracy()).isGreaterThanOrEqualTo(0.97);
            NDArray x = images(otherReal);
            assertThat(loaded.features(x)).isDeepEqualTo(evaluator.features(x));
            assertThat(loaded.classify(x)).containsExactly(evaluator.classify(x));
        }
    }

    @Test
    void aFileThatIsNotAnEvaluatorIsRejected() throws Exception {
        Path file = dir.resolve("shapes" + EvaluatorFiles.EXTENSION);
        EvaluatorFiles.write(file, evaluator);
        String json = EvaluatorFiles.toJson(evaluator.info()).replace("\"evaluator\"", "\"model\"");
        Path other = dir.resolve("other.evaluator");
        try (var zip = new java.util.zip.ZipOutputStream(Files.newOutputStream(other))) {
            zip.putNextEntry(new java.util.zip.ZipEntry(EvaluatorFiles.INFO_ENTRY));
            zip.write(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        assertThatThrownBy(() -> EvaluatorFiles.read(other, manager)).hasMessageContaining("not an evaluator");
        assertThatThrownBy(() -> EvaluatorFiles.read(dir.resolve("missing"), manager)).hasMessageContaining("not found");
    }

    @Test
    void imagesOrLabelsThatDoNotFitAreRejected() {
        NDArray wrongSize = manager.zeros(new Shape(4, 1, 28, 28));
        assertThatThrownBy(() -> evaluator.score(wrongSize, new int[4], reference))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(4, 1, 16, 16)");
        NDArray four = manager.zeros(new Shape(4, 1, 16, 16));
        assertThatThrownBy(() -> evaluator.score(four, new int[] {0, 1, 2, 4}, reference))
                .hasMessageContaining("label 4");
        assertThatThrownBy(() -> evaluator.score(four, new int[3], reference))
                .hasMessageContaining("3 requested labels for 4 images");
    }

    private NDArray images(LabeledImageDataset data) {
        int[] all = new int[data.size()];
        Arrays.setAll(all, i -> i);
        return data.toNDArray(manager, all);
    }
}
