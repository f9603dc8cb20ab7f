package dev.diffusion.engine.model.layers;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import dev.diffusion.engine.testing.EngineTestBase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScopedForwardTest extends EngineTestBase {

    private final List<NDArray> temporaries = new ArrayList<>();

    /** y = (x·3)² with the product x·3 recorded as a temporary. */
    private Block tripleThenSquare() {
        return new LambdaBlock(list -> {
            NDArray x = list.singletonOrThrow();
            NDArray tripled = x.mul(x.getManager().full(new Shape(), 3f, DataType.FLOAT32));
            temporaries.add(tripled);
            return new NDList(tripled.square());
        });
    }

    private NDList run(Block block, NDArray x, boolean training) {
        return ScopedForward.forward(block, new ParameterStore(manager, false), new NDList(x), training, null);
    }

    @Test
    void releasesTheBlocksTemporariesAndKeepsItsOutputAndInputsWithTheCaller() {
        NDManager caller = manager.newSubManager();
        NDArray x = caller.create(new float[] {1, 2}, new Shape(2));

        NDArray y = run(tripleThenSquare(), x, false).head();

        assertThat(temporaries).singleElement().satisfies(t -> assertThat(t.isReleased()).isTrue());
        assertThat(y.toFloatArray()).containsExactly(9f, 36f);
        assertThat(y.getManager()).isSameAs(caller);
        assertThat(x.getManager()).isSameAs(caller);
        assertThat(x.isReleased()).isFalse();
        caller.close();
        assertThat(y.isReleased()).isTrue();
    }

    @Test
    void aSequenceReleasesEachChildsOutputOnceTheNextChildHasUsedIt() {
        NDArray x = manager.create(new float[] {1, -1}, new Shape(2));
        List<NDArray> childOutputs = new ArrayList<>();
        SequentialBlock sequence = new SequentialBlock();
        for (int i = 0; i < 3; i++) {
            sequence.add(new LambdaBlock(list -> {
                NDArray next = list.singletonOrThrow().add(list.singletonOrThrow());
                childOutputs.add(next);
                return new NDList(next);
            }));
        }

        NDArray y = run(sequence, x, false).head();

        assertThat(y.toFloatArray()).containsExactly(8f, -8f);
        assertThat(childOutputs).hasSize(3);
        assertThat(childOutputs.get(0).isReleased()).isTrue();
        assertThat(childOutputs.get(1).isReleased()).isTrue();
        assertThat(childOutputs.get(2)).isSameAs(y);
        assertThat(y.isReleased()).isFalse();
        assertThat(x.isReleased()).isFalse();
    }

    @Test
    void anIdentityChildNeitherClosesNorMovesTheCallersInput() {
        NDManager caller = manager.newSubManager();
        NDArray x = caller.create(new float[] {4}, new Shape(1));
        SequentialBlock sequence = new SequentialBlock()
                .add(new LambdaBlock(list -> list))
                .add(new LambdaBlock(list -> list));

        NDArray y = run(sequence, x, false).head();

        assertThat(y).isSameAs(x);
        assertThat(x.isReleased()).isFalse();
        assertThat(x.getManager()).isSameAs(caller);
        caller.close();
    }

    @Test
    void gradientsFlowThroughReleasedTemporaries() {
        NDArray x = manager.create(new float[] {1, 2, -0.5f}, new Shape(3));
        x.setRequiresGradient(true);
        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray y = run(tripleThenSquare(), x, true).head().sum();
            System.gc();
            collector.backward(y);
        }
        // d/dx (3x)² = 18x
        assertThat(temporaries.get(0).isReleased()).isTrue();
        assertThat(x.getGradient().toFloatArray()).containsExactly(18f, 36f, -9f);
    }
}
