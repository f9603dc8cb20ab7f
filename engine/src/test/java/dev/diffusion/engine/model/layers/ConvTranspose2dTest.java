package dev.diffusion.engine.model.layers;

import static dev.diffusion.engine.model.Networks.gradientMass;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.diffusion.engine.testing.EngineTestBase;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConvTranspose2dTest extends EngineTestBase {

    @Test
    void scattersEachInputPixelTimesTheKernelWithStrideOne() {
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray w = manager.ones(new Shape(1, 1, 2, 2));

        NDArray y = apply(x, w, null, 1, 0, 0, 1);

        assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 3, 3));
        assertThat(y.toFloatArray()).containsExactly(1, 3, 2, 4, 10, 6, 3, 7, 4);
    }

    @Test
    void cropsThePaddingWithStrideTwoAndPaddingOne() {
        // full 5x5 scatter of ones kernels at stride 2, minus one row/column on each side
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));
        NDArray w = manager.ones(new Shape(1, 1, 3, 3));

        NDArray y = apply(x, w, null, 2, 1, 0, 1);

        assertThat(y.getShape()).isEqualTo(new Shape(1, 1, 3, 3));
        assertThat(y.toFloatArray()).containsExactly(1, 3, 2, 4, 10, 6, 3, 7, 4);
    }

    @Test
    void keepsTheKernelOrientationAndAppliesOutputPadding() {
        NDArray x = manager.create(new float[] {2}, new Shape(1, 1, 1, 1));
        NDArray w = manager.arange(1f, 10f).reshape(1, 1, 3, 3);

        // (1-1)*2 - 2 + 3 = 1: only the kernel centre survives the padding
        assertThat(apply(x, w, null, 2, 1, 0, 1).toFloatArray()).containsExactly(10);
        // output_padding 1 keeps one more row and column at the end: w[1..2, 1..2] * 2
        assertThat(apply(x, w, null, 2, 1, 1, 1).toFloatArray()).containsExactly(10, 12, 16, 18);
    }

    @ParameterizedTest(name = "k={0} s={1} p={2} op={3} groups={4}")
    @CsvSource({
        "2, 2, 0, 0, 1", // ContextUnet UnetUp, non-overlapping fast path
        "4, 4, 0, 0, 1", // ContextUnet up0 (k = s = H/4)
        "4, 2, 1, 0, 1", // SimpleUnet up-sampling
        "3, 2, 1, 1, 1",
        "3, 1, 0, 0, 1",
        "3, 2, 2, 0, 1",
        "1, 1, 1, 0, 1", // padding larger than k-1 crops the input
        "2, 2, 0, 0, 2",
        "3, 2, 1, 1, 2"
    })
    void equalsTheScatterDefinitionWithBias(int k, int s, int p, int op, int groups) {
        NDArray x = manager.randomNormal(new Shape(2, 4, 3, 4));
        NDArray w = manager.randomNormal(new Shape(4, 6 / groups, k, k));
        NDArray b = manager.randomNormal(new Shape(6));

        NDArray y = apply(x, w, b, s, p, op, groups);

        float[] expected = scatter(x, w, b, s, p, op, groups);
        long outH = ConvTranspose2d.outputSize(3, k, s, p, op);
        long outW = ConvTranspose2d.outputSize(4, k, s, p, op);
        assertThat(y.getShape()).isEqualTo(new Shape(2, 6, outH, outW));
        float[] actual = y.toFloatArray();
        for (int i = 0; i < expected.length; i++) {
            assertThat(actual[i]).as("element %d", i).isCloseTo(expected[i], within(1e-4f));
        }
    }

    @Test
    void blockHasPyTorchWeightLayoutAndOutputShapes() {
        ConvTranspose2d up0 = block(128, 7, 7, 0, 0);
        up0.initialize(manager, DataType.FLOAT32, new Shape(2, 128, 1, 1));
        ConvTranspose2d simple = block(16, 4, 2, 1, 0);
        simple.initialize(manager, DataType.FLOAT32, new Shape(2, 16, 5, 5));

        assertThat(up0.getParameters().get("weight").getArray().getShape()).isEqualTo(new Shape(128, 128, 7, 7));
        assertThat(up0.getOutputShapes(new Shape[] {new Shape(2, 128, 1, 1)})[0]).isEqualTo(new Shape(2, 128, 7, 7));
        assertThat(simple.getOutputShapes(new Shape[] {new Shape(2, 16, 5, 5)})[0]).isEqualTo(new Shape(2, 16, 10, 10));
        NDList input = new NDList(manager.ones(new Shape(2, 16, 5, 5)));
        NDArray y = simple.forward(new ParameterStore(manager, false), input, false).head();
        assertThat(y.getShape()).isEqualTo(new Shape(2, 16, 10, 10));
    }

    @Test
    void gradientsOfTheNonOverlappingPathAreSumsOfInputsAndWeights() {
        NDArray x = manager.randomNormal(new Shape(2, 3, 2, 2));
        NDArray w = manager.randomNormal(new Shape(3, 5, 2, 2));
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(apply(x, w, null, 2, 0, 0, 1).sum());
        }

        // d sum(y) / dw[c,o,a,b] = sum_{n,i,j} x[n,c,i,j];  d sum(y) / dx[n,c,i,j] = sum_{o,a,b} w[c,o,a,b]
        NDArray expectedW = x.sum(new int[] {0, 2, 3}).reshape(3, 1, 1, 1).broadcast(3, 5, 2, 2);
        NDArray expectedX = w.sum(new int[] {1, 2, 3}).reshape(1, 3, 1, 1).broadcast(2, 3, 2, 2);
        assertThat(w.getGradient().sub(expectedW).abs().max().getFloat()).isLessThan(1e-5f);
        assertThat(x.getGradient().sub(expectedX).abs().max().getFloat()).isLessThan(1e-5f);
    }

    @Test
    void inputGradientOfTheStridedPathIsTheAdjointConvolution() {
        NDArray x = manager.randomNormal(new Shape(2, 3, 4, 4));
        NDArray w = manager.randomNormal(new Shape(3, 5, 4, 4));
        NDArray dy = manager.randomNormal(new Shape(2, 5, 8, 8));
        x.setRequiresGradient(true);
        w.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            collector.backward(apply(x, w, null, 2, 1, 0, 1).mul(dy).sum());
        }

        // a transposed convolution is the adjoint of the convolution with the same weight
        NDArray adjoint =
                Conv2d.conv2d(dy, w, null, new Shape(2, 2), new Shape(1, 1), new Shape(1, 1), 1).head();
        assertThat(x.getGradient().sub(adjoint).abs().max().getFloat()).isLessThan(1e-4f);
        assertThat(w.getGradient().abs().sum().getFloat()).isGreaterThan(0f);
    }

    @Test
    void blockParametersReceiveGradients() {
        ConvTranspose2d block = block(4, 4, 2, 1, 0);
        NDArray x = manager.randomNormal(new Shape(2, 3, 3, 3));
        block.initialize(manager, DataType.FLOAT32, x.getShape());
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = block.forward(new ParameterStore(manager, false), new NDList(x), true).head();
            collector.backward(y.square().sum());
        }

        assertThat(gradientMass(block.getParameters().get("weight"))).isGreaterThan(0f);
        assertThat(gradientMass(block.getParameters().get("bias"))).isGreaterThan(0f);
    }

    @Test
    void roundTripsThroughDjlParameterFiles() throws Exception {
        ConvTranspose2d saved = block(2, 2, 2, 0, 0);
        saved.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 2, 2));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        saved.saveParameters(new DataOutputStream(bytes));
        ConvTranspose2d loaded = block(2, 2, 2, 0, 0);
        loaded.initialize(manager, DataType.FLOAT32, new Shape(1, 3, 2, 2));
        loaded.loadParameters(manager, new DataInputStream(new ByteArrayInputStream(bytes.toByteArray())));

        assertThat(loaded.getParameters().get("weight").getArray().toFloatArray())
                .containsExactly(saved.getParameters().get("weight").getArray().toFloatArray());
    }

    @Test
    void rejectsOutputPaddingNotSmallerThanTheStride() {
        assertThatThrownBy(() -> block(2, 3, 2, 1, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("outputPadding");
        assertThatThrownBy(() -> ConvTranspose2d.builder().setFilters(2).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("kernel");
    }

    private ConvTranspose2d block(int filters, int k, int s, int p, int op) {
        return ConvTranspose2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(k, k))
                .optStride(new Shape(s, s))
                .optPadding(new Shape(p, p))
                .optOutputPadding(new Shape(op, op))
                .build();
    }

    private static NDArray apply(NDArray x, NDArray w, NDArray b, int s, int p, int op, int groups) {
        return ConvTranspose2d.convTranspose2d(
                x, w, b, new Shape(s, s), new Shape(p, p), new Shape(op, op), groups);
    }

    /** y[n, o, i·s + a - p, j·s + b - p] += x[n, c, i, j] · w[c, o mod (out/g), a, b], c in o's group. */
    private static float[] scatter(NDArray xa, NDArray wa, NDArray ba, int s, int p, int op, int groups) {
        long[] xs = xa.getShape().getShape();
        long[] ws = wa.getShape().getShape();
        int n = (int) xs[0], cin = (int) xs[1], h = (int) xs[2], wd = (int) xs[3];
        int outPerGroup = (int) ws[1], k = (int) ws[2];
        int cout = outPerGroup * groups, inPerGroup = cin / groups;
        int oh = (h - 1) * s - 2 * p + k + op, ow = (wd - 1) * s - 2 * p + k + op;
        float[] x = xa.toFloatArray(), w = wa.toFloatArray(), b = ba.toFloatArray();
        float[] y = new float[n * cout * oh * ow];
        for (int img = 0; img < n; img++) {
            for (int o = 0; o < cout; o++) {
                for (int r = 0; r < oh * ow; r++) {
                    y[(img * cout + o) * oh * ow + r] = b[o];
                }
            }
            for (int c = 0; c < cin; c++) {
                int g = c / inPerGroup;
                for (int ol = 0; ol < outPerGroup; ol++) {
                    int o = g * outPerGroup + ol;
                    for (int i = 0; i < h; i++) {
                        for (int j = 0; j < wd; j++) {
                            float xv = x[((img * cin + c) * h + i) * wd + j];
                            for (int a = 0; a < k; a++) {
                                for (int bb = 0; bb < k; bb++) {
                                    int r = i * s + a - p, q = j * s + bb - p;
                                    if (r >= 0 && r < oh && q >= 0 && q < ow) {
                                        y[((img * cout + o) * oh + r) * ow + q] +=
                                                xv * w[((c * outPerGroup + ol) * k + a) * k + bb];
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
        return y;
    }
}
