package dev.diffusion.worker.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;

import dev.diffusion.common.spec.Architecture;
import dev.diffusion.common.spec.LossSpec;
import dev.diffusion.common.spec.LossType;
import dev.diffusion.common.spec.ModelSpec;
import dev.diffusion.common.spec.ScheduleSpec;
import dev.diffusion.common.spec.TrainingSpec;
import dev.diffusion.worker.diffusion.DiffusionLoss;
import dev.diffusion.worker.model.NoisePredictor;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Guards against a DJL 0.35.1 PyTorch-engine pitfall: an operation with a Number operand
 * ({@code x.div(1.414f)}) wraps the number in a tensor over a Java direct buffer and frees it at
 * once, while autograd keeps that tensor for the backward pass; a garbage collection between forward
 * and backward then corrupts the gradients (seen as sporadic Inf/NaN in training). The networks and
 * the Huber loss must pass constants as tensors, so gradients do not depend on the collector.
 */
class GradientsSurviveGarbageCollectionTest {

    private static final int SIZE = 8;
    private static final int BATCH = 3;

    @ParameterizedTest
    @EnumSource(Architecture.class)
    void gradientsAreTheSameWhetherOrNotTheCollectorRunsBeforeBackward(Architecture architecture) {
        TrainingSpec spec = new TrainingSpec("shapes", SIZE, 1,
                new ModelSpec(architecture, 8, List.of(1, 2), 1, List.of(4), 0.0, 2),
                new ScheduleSpec(null, 20, null, null), new LossSpec(LossType.HUBER, null, null, null),
                null, BATCH, 1, null, null, null, 1L, null, null).withDefaults();
        try (NDManager manager = NDManager.newBaseManager()) {
            NoisePredictor network = Networks.create(spec, manager, 3);
            for (Pair<String, Parameter> p : network.getParameters()) {
                p.getValue().getArray().setRequiresGradient(false);
            }
            DiffusionLoss loss = EngineSpecs.loss(spec.loss(), EngineSpecs.noiseSchedule(spec.schedule()));
            List<float[]> quiet = gradients(network, loss, manager, false);
            List<float[]> collected = gradients(network, loss, manager, true);
            for (int i = 0; i < quiet.size(); i++) {
                assertThat(collected.get(i)).as("gradient %d of %s", i, architecture).containsExactly(quiet.get(i));
            }
        }
    }

    private static List<float[]> gradients(NoisePredictor network, DiffusionLoss loss, NDManager manager, boolean churn) {
        try (NDManager scope = manager.newSubManager()) {
            SeededRandom random = new SeededRandom(5);
            Shape shape = new Shape(BATCH, 1, SIZE, SIZE);
            NDArray x = scope.create(random.gaussian(BATCH * SIZE * SIZE), shape);
            NDArray noise = scope.create(random.gaussian(BATCH * SIZE * SIZE), shape);
            NDArray t = scope.create(new float[] {0, 7, 19});
            NDArray context = scope.create(new float[] {1, 0, 0, 1, 0, 0}, new Shape(BATCH, 2));
            StepParameterStore store = new StepParameterStore(scope);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray eps = network.forward(store, new NDList(x, t, context), true).singletonOrThrow();
                NDArray value = loss.compute(eps, noise, new int[] {0, 7, 19});
                if (churn) {
                    churnDirectMemory();
                }
                collector.backward(value);
            }
            List<float[]> gradients = new ArrayList<>();
            for (Pair<String, Parameter> p : network.getParameters()) {
                NDArray copy = store.copyOf(p.getValue());
                if (copy != null && p.getValue().requiresGradient()) {
                    gradients.add(copy.getGradient().toFloatArray());
                }
            }
            return gradients;
        }
    }

    /** Lets the collector free unreachable direct buffers and reuses their memory with other values. */
    private static void churnDirectMemory() {
        for (int round = 0; round < 3; round++) {
            System.gc();
            for (int i = 0; i < 200; i++) {
                ByteBuffer buffer = ByteBuffer.allocateDirect(64);
                for (int k = 0; k < 64; k += 4) {
                    buffer.putFloat(k, 1e30f);
                }
            }
        }
    }
}
