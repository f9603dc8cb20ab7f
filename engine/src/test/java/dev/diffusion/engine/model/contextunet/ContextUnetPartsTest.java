package dev.diffusion.engine.model.contextunet;

import static dev.diffusion.engine.model.Networks.forward;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import dev.diffusion.engine.model.weights.PyTorchNames;
import dev.diffusion.engine.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

class ContextUnetPartsTest extends EngineTestBase {

    @Test
    void residualBlockRegistersA1x1ShortcutOnlyWhenResidualAndChannelsChange() {
        assertThat(PyTorchNames.of(residual(1, 8, true, ResidualNorm.GROUP_NORM)).keySet())
                .containsExactly(
                        "conv1.0.weight", "conv1.0.bias", "conv1.1.weight", "conv1.1.bias",
                        "conv2.0.weight", "conv2.0.bias", "conv2.1.weight", "conv2.1.bias",
                        "shortcut.weight", "shortcut.bias");
        assertThat(PyTorchNames.of(residual(8, 8, true, ResidualNorm.GROUP_NORM)).keySet())
                .noneMatch(n -> n.startsWith("shortcut"));
        assertThat(PyTorchNames.of(residual(1, 8, false, ResidualNorm.GROUP_NORM)).keySet())
                .noneMatch(n -> n.startsWith("shortcut"));
    }

    @Test
    void residualBlockMapsChannelsAndKeepsTheSize() {
        ResidualConvBlock block = residual(3, 16, true, ResidualNorm.GROUP_NORM);
        block.initialize(manager, DataType.FLOAT32, new Shape(2, 3, 6, 6));

        NDArray y = forward(block, manager, false, manager.randomNormal(new Shape(2, 3, 6, 6)));

        assertThat(y.getShape()).isEqualTo(new Shape(2, 16, 6, 6));
    }

    @Test
    void residualBlockAddsTheInputAndDividesBy1414() {
        // zero convolutions: both stages output GELU(0) = 0, leaving (x + 0) / 1.414
        ResidualConvBlock same = zeroed(residual(8, 8, true, ResidualNorm.GROUP_NORM), new Shape(1, 8, 4, 4));
        NDArray x = manager.randomNormal(new Shape(1, 8, 4, 4));

        NDArray y = forward(same, manager, false, x);

        assertThat(y.sub(x.div(1.414f)).abs().max().getFloat()).isLessThan(1e-6f);
        ResidualConvBlock plain = zeroed(residual(8, 8, false, ResidualNorm.GROUP_NORM), new Shape(1, 8, 4, 4));
        assertThat(forward(plain, manager, false, x).abs().max().getFloat()).isZero();
    }

    @Test
    void residualBlockProjectsTheInputWhenChannelsChange() {
        ResidualConvBlock block = residual(2, 8, true, ResidualNorm.GROUP_NORM);
        block.initialize(manager, DataType.FLOAT32, new Shape(1, 2, 3, 3));
        for (var p : PyTorchNames.of(block).entrySet()) {
            if (p.getKey().startsWith("conv") && !p.getKey().endsWith(".1.weight")) {
                p.getValue().getArray().set(new float[(int) p.getValue().getArray().size()]);
            }
        }
        Parameter shortcut = PyTorchNames.of(block).get("shortcut.weight");
        shortcut.getArray().set(manager.ones(new Shape(8, 2, 1, 1)).toFloatArray());
        PyTorchNames.of(block).get("shortcut.bias").getArray().set(new float[8]);
        NDArray x = manager.randomNormal(new Shape(1, 2, 3, 3));

        NDArray y = forward(block, manager, false, x);

        // each output channel is (x0 + x1) / 1.414
        NDArray expected = x.sum(new int[] {1}, true).div(1.414f).broadcast(1, 8, 3, 3);
        assertThat(y.sub(expected).abs().max().getFloat()).isLessThan(1e-5f);
    }

    @Test
    void batchNormVariantKeepsRunningStatisticsUnderPyTorchNames() {
        assertThat(PyTorchNames.of(residual(4, 8, false, ResidualNorm.BATCH_NORM)).keySet())
                .contains("conv1.1.weight", "conv1.1.bias", "conv1.1.running_mean", "conv1.1.running_var");
    }

    @Test
    void unetDownHalvesTheSizeAndUnetUpDoublesItAfterJoiningTheSkip() {
        UnetDown down = new UnetDown(8, 16, ResidualNorm.GROUP_NORM, 8);
        down.initialize(manager, DataType.FLOAT32, new Shape(2, 8, 8, 8));
        UnetUp up = new UnetUp(32, 8, ResidualNorm.GROUP_NORM, 8);
        up.initialize(manager, DataType.FLOAT32, new Shape(2, 16, 4, 4), new Shape(2, 16, 4, 4));

        NDArray skip = forward(down, manager, false, manager.randomNormal(new Shape(2, 8, 8, 8)));
        NDArray y = forward(up, manager, false, skip, skip);

        assertThat(skip.getShape()).isEqualTo(new Shape(2, 16, 4, 4));
        assertThat(y.getShape()).isEqualTo(new Shape(2, 8, 8, 8));
        assertThat(PyTorchNames.of(up).keySet()).startsWith("model.0.weight", "model.0.bias", "model.1.conv1.0.weight");
        assertThat(PyTorchNames.of(up).get("model.0.weight").getArray().getShape()).isEqualTo(new Shape(32, 8, 2, 2));
    }

    @Test
    void unetUpRejectsInputsWhoseChannelsDoNotAddUp() {
        UnetUp up = new UnetUp(32, 8, ResidualNorm.GROUP_NORM, 8);

        Shape x = new Shape(2, 16, 4, 4);
        Shape skip = new Shape(2, 8, 4, 4);

        assertThatThrownBy(() -> up.initialize(manager, DataType.FLOAT32, x, skip))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("32 channels");
    }

    @Test
    void embedFcFlattensItsInputAndNamesLayersZeroAndTwo() {
        EmbedFC embed = new EmbedFC(1, 16);
        embed.initialize(manager, DataType.FLOAT32, new Shape(3, 1, 1, 1));

        NDArray y = forward(embed, manager, false, manager.ones(new Shape(3, 1, 1, 1)));

        assertThat(y.getShape()).isEqualTo(new Shape(3, 16));
        assertThat(PyTorchNames.of(embed).keySet())
                .containsExactly("model.0.weight", "model.0.bias", "model.2.weight", "model.2.bias");
    }

    @Test
    void embedFcWithoutInputsYieldsTheSameLearnedVectorForEveryRow() {
        EmbedFC embed = new EmbedFC(0, 4);
        embed.initialize(manager, DataType.FLOAT32, new Shape(3, 0));

        NDArray y = forward(embed, manager, false, manager.zeros(new Shape(3, 0)));

        assertThat(y.getShape()).isEqualTo(new Shape(3, 4));
        assertThat(y.get(0).toFloatArray()).containsExactly(y.get(2).toFloatArray());
        assertThat(PyTorchNames.of(embed).get("model.0.weight").getArray().getShape()).isEqualTo(new Shape(4, 0));
    }

    @Test
    void residualBuilderRejectsChannelsThatDoNotSplitIntoGroups() {
        assertThatThrownBy(() -> residual(3, 12, true, ResidualNorm.GROUP_NORM))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("12 channels");
    }

    private static ResidualConvBlock residual(int in, int out, boolean isRes, ResidualNorm norm) {
        return ResidualConvBlock.builder()
                .setInChannels(in)
                .setOutChannels(out)
                .optResidual(isRes)
                .optNorm(norm)
                .build();
    }

    private <B extends Block> B zeroed(B block, Shape input) {
        block.initialize(manager, DataType.FLOAT32, input);
        for (var p : PyTorchNames.of(block).entrySet()) {
            boolean groupNormScale = p.getKey().endsWith(".1.weight");
            if (!groupNormScale) {
                p.getValue().getArray().set(new float[(int) p.getValue().getArray().size()]);
            }
        }
        return block;
    }
}
