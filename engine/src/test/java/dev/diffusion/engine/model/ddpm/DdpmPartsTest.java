package dev.diffusion.engine.model.ddpm;

import static dev.diffusion.engine.model.Networks.forward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import dev.diffusion.engine.model.weights.PyTorchNames;
import dev.diffusion.engine.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

class DdpmPartsTest extends EngineTestBase {

    @Test
    void residualBlockMapsChannelsAndProjectsTheSkipOnlyWhenTheyChange() {
        TimestepResBlock widening = new TimestepResBlock(8, 16, 0.1f, 4);
        widening.initialize(manager, DataType.FLOAT32, new Shape(2, 8, 4, 4), new Shape(2, 32));

        NDArray x = manager.randomNormal(new Shape(2, 8, 4, 4));
        NDArray y = forward(widening, manager, false, x, manager.randomNormal(new Shape(2, 32)));

        assertThat(y.getShape()).isEqualTo(new Shape(2, 16, 4, 4));
        assertThat(PyTorchNames.of(widening).keySet())
                .containsExactly(
                        "conv1.0.weight", "conv1.0.bias", "conv1.2.weight", "conv1.2.bias",
                        "time_emb.1.weight", "time_emb.1.bias",
                        "conv2.0.weight", "conv2.0.bias", "conv2.3.weight", "conv2.3.bias",
                        "shortcut.weight", "shortcut.bias");
        assertThat(PyTorchNames.of(new TimestepResBlock(8, 8, 0f, 4)).keySet())
                .noneMatch(n -> n.startsWith("shortcut"));
    }

    @Test
    void residualBlockWithZeroBranchReturnsItsInput() {
        TimestepResBlock block = new TimestepResBlock(8, 8, 0f, 4);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 8, 3, 3), new Shape(1, 16));
        var conv2 = PyTorchNames.of(block);
        conv2.get("conv2.3.weight").getArray().set(new float[8 * 8 * 9]);
        conv2.get("conv2.3.bias").getArray().set(new float[8]);
        NDArray x = manager.randomNormal(new Shape(1, 8, 3, 3));

        NDArray y = forward(block, manager, false, x, manager.randomNormal(new Shape(1, 16)));

        assertThat(y.toFloatArray()).containsExactly(x.toFloatArray());
    }

    @Test
    void attentionKeepsTheShapeAndIsTheIdentityWhenItsProjectionIsZero() {
        AttentionBlock attention = new AttentionBlock(8, 2, 4);
        attention.initialize(manager, DataType.FLOAT32, new Shape(2, 8, 3, 3));
        NDArray x = manager.randomNormal(new Shape(2, 8, 3, 3));

        assertThat(forward(attention, manager, false, x).getShape()).isEqualTo(new Shape(2, 8, 3, 3));
        assertThat(PyTorchNames.of(attention).keySet())
                .containsExactly("norm.weight", "norm.bias", "qkv.weight", "proj.weight", "proj.bias");
        PyTorchNames.of(attention).get("proj.weight").getArray().set(new float[64]);
        PyTorchNames.of(attention).get("proj.bias").getArray().set(new float[8]);
        assertThat(forward(attention, manager, false, x).toFloatArray()).containsExactly(x.toFloatArray());
    }

    @Test
    void attentionOverIdenticalPositionsAveragesTheirValues() {
        // one position per image: softmax over a single key is 1, so h = v = proj(qkv_v(norm(x)))
        AttentionBlock attention = new AttentionBlock(4, 1, 1);
        attention.initialize(manager, DataType.FLOAT32, new Shape(1, 4, 1, 1));
        var p = PyTorchNames.of(attention);
        float[] qkv = new float[12 * 4];
        for (int c = 0; c < 4; c++) {
            qkv[(8 + c) * 4 + c] = 1; // v = normalised x
        }
        p.get("qkv.weight").getArray().set(qkv);
        p.get("proj.weight").getArray().set(manager.eye(4).toFloatArray());
        p.get("proj.bias").getArray().set(new float[4]);
        NDArray x = manager.create(new float[] {1, 2, 3, 6}, new Shape(1, 4, 1, 1));

        NDArray y = forward(attention, manager, false, x);

        // GroupNorm(1) of [1, 2, 3, 6]: mean 3, variance 3.5
        float s = (float) Math.sqrt(3.5 + 1e-5);
        float[] expected = {1 - 2 / s, 2 - 1 / s, 3, 6 + 3 / s};
        float[] actual = y.toFloatArray();
        for (int i = 0; i < 4; i++) {
            assertThat(actual[i]).isCloseTo(expected[i], within(1e-5f));
        }
    }

    @Test
    void attentionRejectsChannelsThatDoNotSplitIntoHeads() {
        assertThatThrownBy(() -> new AttentionBlock(10, 4, 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("4 heads");
    }

    @Test
    void upsampleRepeatsEachPixelTwiceInBothDirections() {
        NDArray x = manager.create(new float[] {1, 2, 3, 4}, new Shape(1, 1, 2, 2));

        assertThat(Upsample.nearest2x(x).toFloatArray())
                .containsExactly(1, 1, 2, 2, 1, 1, 2, 2, 3, 3, 4, 4, 3, 3, 4, 4);
    }

    @Test
    void downsampleHalvesAndUpsampleDoublesTheSize() {
        Downsample down = new Downsample(4);
        down.initialize(manager, DataType.FLOAT32, new Shape(2, 4, 8, 8));
        Upsample up = new Upsample(4);
        up.initialize(manager, DataType.FLOAT32, new Shape(2, 4, 4, 4));

        NDArray half = forward(down, manager, false, manager.randomNormal(new Shape(2, 4, 8, 8)));
        NDArray twice = forward(up, manager, false, half);

        assertThat(half.getShape()).isEqualTo(new Shape(2, 4, 4, 4));
        assertThat(twice.getShape()).isEqualTo(new Shape(2, 4, 8, 8));
        assertThat(PyTorchNames.of(down).keySet()).containsExactly("op.weight", "op.bias");
        assertThat(PyTorchNames.of(up).keySet()).containsExactly("conv.weight", "conv.bias");
    }

    @Test
    void timestepSequentialHandsTheEmbeddingOnlyToTimeConditionedLayers() {
        TimestepSequential sequence =
                new TimestepSequential(
                        new TimestepResBlock(4, 8, 0f, 4), new AttentionBlock(8, 1, 4), new Downsample(8));
        sequence.initialize(manager, DataType.FLOAT32, new Shape(2, 4, 6, 6), new Shape(2, 12));

        NDArray x = manager.randomNormal(new Shape(2, 4, 6, 6));
        NDArray y = forward(sequence, manager, false, x, manager.randomNormal(new Shape(2, 12)));

        assertThat(y.getShape()).isEqualTo(new Shape(2, 8, 3, 3));
        assertThat(PyTorchNames.of(sequence).keySet()).contains("0.time_emb.1.weight", "1.qkv.weight", "2.op.weight");
    }
}
