package dev.diffusion.engine.model.weights;

import static dev.diffusion.engine.model.Networks.forward;
import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.training.GradientCollector;
import dev.diffusion.engine.testing.EngineTestBase;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradientComparisonTest extends EngineTestBase {

    private Map<String, Parameter> parameters;

    @BeforeEach
    void backwardThroughALinearLayer() {
        Linear linear = Linear.builder().setUnits(2).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(3, 4));
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = forward(linear, manager, true, manager.randomNormal(new Shape(3, 4)));
            collector.backward(y.mul(manager.randomNormal(y.getShape())).sum());
        }
        parameters = PyTorchNames.of(linear);
    }

    @Test
    void acceptsItsOwnGradients() {
        GradientComparison comparison = GradientComparison.of(parameters, gradients(1f), 1e-6, 1e-5);

        assertThat(comparison.problems()).isEmpty();
        assertThat(comparison.zeroGradients()).isEmpty();
    }

    @Test
    void namesAParameterWhoseGradientIsOffByMoreThanTheTolerance() {
        GradientComparison comparison = GradientComparison.of(parameters, gradients(1.01f), 1e-3, 1e-5);

        assertThat(comparison.problems()).hasSize(2).allMatch(p -> p.contains("relative error"));
        assertThat(comparison.problems().get(0)).startsWith("weight: ");
    }

    @Test
    void namesParametersWithoutCounterpart() {
        StateDict expected = new StateDict().put("weight", gradient("weight", 1f));
        expected.put("scale", new Tensor(new long[] {2}, new float[] {1, 1}));

        assertThat(GradientComparison.of(parameters, expected, 1e-4, 1e-5).problems())
                .containsExactly(
                        "bias: no PyTorch gradient of that name",
                        "scale: PyTorch gradient without a trainable DJL parameter");
    }

    @Test
    void rejectsNonFiniteValuesAndOtherShapes() {
        Tensor expected = new Tensor(new long[] {2}, new float[] {1, 2});

        assertThat(GradientComparison.mismatch(new Shape(2), new float[] {1, Float.NaN}, expected, 1e-4, 0))
                .startsWith("non-finite value NaN");
        assertThat(GradientComparison.mismatch(new Shape(2), new float[] {Float.POSITIVE_INFINITY, 2}, expected, 1, 0))
                .startsWith("non-finite value Infinity");
        assertThat(GradientComparison.mismatch(new Shape(1, 2), new float[] {1, 2}, expected, 1e-4, 0))
                .startsWith("shape (1, 2)");
        assertThat(GradientComparison.mismatch(new Shape(2), new float[] {0, 0}, expected, 1e-4, 0))
                .startsWith("gradient is zero everywhere");
    }

    @Test
    void holdsRoundOffGradientsToTheAbsoluteBound() {
        Tensor roundOff = new Tensor(new long[] {2}, new float[] {1e-7f, -2e-7f});

        assertThat(GradientComparison.mismatch(new Shape(2), new float[] {3e-7f, 0}, roundOff, 1e-4, 1e-5)).isNull();
        assertThat(GradientComparison.mismatch(new Shape(2), new float[] {3e-5f, 0}, roundOff, 1e-4, 1e-5))
                .startsWith("PyTorch's gradient is round-off");
    }

    private StateDict gradients(float factor) {
        StateDict result = new StateDict();
        parameters.keySet().forEach(name -> result.put(name, gradient(name, factor)));
        return result;
    }

    private Tensor gradient(String name, float factor) {
        NDArray gradient = parameters.get(name).getArray().getGradient().mul(factor);
        return new Tensor(gradient.getShape().getShape(), gradient.toFloatArray());
    }
}
