package dev.diffusion.engine.model.layers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.diffusion.engine.testing.EngineTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;

class GroupNormTest extends EngineTestBase {

    @Test
    void normalisesEachGroupOfEachSampleByItsOwnMeanAndBiasedVariance() {
        // [1, 4, 1, 2], two groups: channels 0-1 hold 1,2,3,4 and channels 2-3 hold 10,10,10,30
        NDArray x = manager.create(new float[] {1, 2, 3, 4, 10, 10, 10, 30}, new Shape(1, 4, 1, 2));
        GroupNorm norm = GroupNorm.builder().setGroups(2).optEpsilon(1e-5f).build();
        norm.initialize(manager, DataType.FLOAT32, x.getShape());
        parameter(norm, "weight").set(new float[] {1, 2, 3, 4});
        parameter(norm, "bias").set(new float[] {0, 0, 1, 1});

        float[] y = norm.forward(new ParameterStore(manager, false), new NDList(x), false).head().toFloatArray();

        // group 1: mean 2.5, variance 1.25; group 2: mean 15, variance 75
        double s1 = Math.sqrt(1.25 + 1e-5);
        double s2 = Math.sqrt(75 + 1e-5);
        float[] expected = {
            (float) (-1.5 / s1), (float) (-0.5 / s1),
            (float) (2 * 0.5 / s1), (float) (2 * 1.5 / s1),
            (float) (3 * -5 / s2 + 1), (float) (3 * -5 / s2 + 1),
            (float) (4 * -5 / s2 + 1), (float) (4 * 15 / s2 + 1)
        };
        for (int i = 0; i < expected.length; i++) {
            assertThat(y[i]).as("element %d", i).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void matchesTheMeanVarianceDefinitionInValuesAndGradients() {
        NDArray x = manager.randomNormal(new Shape(3, 8, 5, 5)).mul(3).add(1);
        NDArray x2 = x.duplicate();
        NDArray gamma = manager.randomNormal(new Shape(8));
        NDArray beta = manager.randomNormal(new Shape(8));
        NDArray dy = manager.randomNormal(x.getShape());
        x.setRequiresGradient(true);
        NDArray gradFused;
        NDArray gradDefinition;
        NDArray fused;
        NDArray definition;
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            fused = GroupNorm.groupNorm(x, 4, gamma, beta, 1e-5f);
            collector.backward(fused.mul(dy).sum());
        }
        gradFused = x.getGradient();
        x2.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray grouped = x2.reshape(3, 4, -1);
            NDArray centered = grouped.sub(grouped.mean(new int[] {2}, true));
            NDArray variance = centered.square().mean(new int[] {2}, true);
            definition =
                    centered.div(variance.add(1e-5f).sqrt())
                            .reshape(x.getShape())
                            .mul(gamma.reshape(1, 8, 1, 1))
                            .add(beta.reshape(1, 8, 1, 1));
            collector.backward(definition.mul(dy).sum());
        }
        gradDefinition = x2.getGradient();

        assertThat(fused.sub(definition).abs().max().getFloat()).isLessThan(1e-5f);
        assertThat(gradFused.sub(gradDefinition).abs().max().getFloat()).isLessThan(1e-4f);
    }

    @Test
    void keepsTheInputShapeAndNamesItsParametersLikePyTorch() {
        GroupNorm norm = GroupNorm.builder().setGroups(8).build();
        norm.initialize(manager, DataType.FLOAT32, new Shape(2, 32, 7, 7));

        assertThat(norm.getOutputShapes(new Shape[] {new Shape(2, 32, 7, 7)})[0]).isEqualTo(new Shape(2, 32, 7, 7));
        assertThat(parameter(norm, "weight").toFloatArray()).containsOnly(1f).hasSize(32);
        assertThat(parameter(norm, "bias").toFloatArray()).containsOnly(0f).hasSize(32);
    }

    @Test
    void passesGradientsToItsInputAndAffineParameters() {
        GroupNorm norm = GroupNorm.builder().setGroups(2).build();
        NDArray x = manager.randomNormal(new Shape(2, 4, 3, 3));
        norm.initialize(manager, DataType.FLOAT32, x.getShape());
        x.setRequiresGradient(true);
        NDArray weights = manager.arange(72f).reshape(x.getShape());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = norm.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            collector.backward(y.mul(weights).sum());
        }

        assertThat(x.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
        assertThat(parameter(norm, "weight").getGradient().abs().sum().getFloat()).isGreaterThan(0f);
        // d(sum w·y)/dβ_c is the sum of the weights over channel c
        assertThat(parameter(norm, "bias").getGradient().toFloatArray())
                .containsExactly(weights.sum(new int[] {0, 2, 3}).toFloatArray());
    }

    @Test
    void roundTripsThroughDjlParameterFiles() throws Exception {
        GroupNorm saved = GroupNorm.builder().setGroups(2).build();
        saved.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 2, 2));
        parameter(saved, "weight").set(new float[] {1, 2, 3, 4});
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        saved.saveParameters(new DataOutputStream(bytes));

        GroupNorm loaded = GroupNorm.builder().setGroups(2).build();
        loaded.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 2, 2));
        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(parameter(loaded, "weight").toFloatArray()).containsExactly(1, 2, 3, 4);
    }

    @Test
    void rejectsChannelsThatDoNotSplitIntoTheGroups() {
        GroupNorm norm = GroupNorm.builder().setGroups(8).build();

        assertThatThrownBy(() -> norm.initialize(manager, DataType.FLOAT32, new Shape(1, 12, 4, 4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 channels")
                .hasMessageContaining("8 groups");
        assertThatThrownBy(() -> GroupNorm.builder().setGroups(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("groups");
    }

    private static NDArray parameter(GroupNorm norm, String name) {
        Parameter parameter = norm.getParameters().get(name);
        return parameter.getArray();
    }
}
