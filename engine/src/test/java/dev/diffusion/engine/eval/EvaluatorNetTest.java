package dev.diffusion.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;

import dev.diffusion.engine.testing.EngineTestBase;
import dev.diffusion.engine.train.ParameterTransfer;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EvaluatorNetTest extends EngineTestBase {

    @ParameterizedTest
    @CsvSource({"1, 16, 4", "1, 28, 10", "3, 32, 10"})
    void logitsAndFeaturesHaveTheDocumentedShapes(int channels, int size, int classes) {
        EvaluatorNet net = EvaluatorNet.builder().setChannels(channels).setImageSize(size).setClasses(classes).build();
        Shape input = new Shape(2, channels, size, size);
        net.initialize(manager, DataType.FLOAT32, input);
        assertThat(net.getOutputShapes(new Shape[] {input})).containsExactly(new Shape(2, classes));

        NDArray x = manager.randomUniform(-1, 1, new Shape(3, channels, size, size));
        ParameterStore store = new ParameterStore(manager, false);
        NDList both = net.featuresAndLogits(store, x, false);
        assertThat(both.get(0).getShape()).isEqualTo(new Shape(3, 128));
        assertThat(both.get(1).getShape()).isEqualTo(new Shape(3, classes));
        assertThat(net.forward(store, new NDList(x), false).singletonOrThrow().getShape())
                .isEqualTo(new Shape(3, classes));
        assertThat(net.features(store, x).toFloatArray()).containsExactly(both.get(0).toFloatArray());
        assertThat(both.get(0).min().getFloat()).as("features come after a ReLU").isGreaterThanOrEqualTo(0f);
    }

    @Test
    void mnistSizedNetworkHasTheDocumentedParameterCount() {
        EvaluatorNet net = EvaluatorNet.builder().setChannels(1).setImageSize(28).setClasses(10).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28));
        // 320 + 9,248 + 18,496 + 36,928 (convolutions) + 401,536 (3,136 → 128) + 1,290 (128 → 10)
        assertThat(ParameterTransfer.count(net)).isEqualTo(467_818);
    }

    @Test
    void widthAndFeaturesAreConfigurable() {
        EvaluatorNet net = EvaluatorNet.builder()
                .setChannels(1).setImageSize(16).setClasses(4).optWidth(8).optFeatures(32).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));
        NDArray f = net.features(new ParameterStore(manager, false), manager.zeros(new Shape(5, 1, 16, 16)));
        assertThat(f.getShape()).isEqualTo(new Shape(5, 32));
        assertThat(net.getWidth()).isEqualTo(8);
        assertThat(net.getFeatures()).isEqualTo(32);
    }

    @Test
    void imagesOfAnotherShapeAreRejectedWithTheExpectedShape() {
        EvaluatorNet net = EvaluatorNet.builder().setChannels(1).setImageSize(16).setClasses(4).build();
        net.initialize(manager, DataType.FLOAT32, new Shape(1, 1, 16, 16));
        NDArray rgb = manager.zeros(new Shape(2, 3, 16, 16));
        assertThatThrownBy(() -> net.features(new ParameterStore(manager, false), rgb))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("(2, 1, 16, 16)");
        assertThatThrownBy(() -> EvaluatorNet.builder().setChannels(1).setImageSize(16).setClasses(4).build()
                        .initialize(manager, DataType.FLOAT32, new Shape(1, 1, 28, 28)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void builderRejectsSettingsThatCannotWork() {
        assertThatThrownBy(() -> EvaluatorNet.builder().setChannels(1).setImageSize(18).setClasses(4).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("multiple of 4");
        assertThatThrownBy(() -> EvaluatorNet.builder().setChannels(0).setImageSize(16).setClasses(4).build())
                .hasMessageContaining("channels");
        assertThatThrownBy(() -> EvaluatorNet.builder().setChannels(1).setImageSize(16).setClasses(1).build())
                .hasMessageContaining("classes");
        assertThatThrownBy(() -> EvaluatorNet.builder().setChannels(1).setImageSize(16).setClasses(4).optWidth(0).build())
                .hasMessageContaining("width");
    }
}
