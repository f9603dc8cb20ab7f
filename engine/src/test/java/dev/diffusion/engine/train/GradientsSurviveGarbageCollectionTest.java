package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;

import dev.diffusion.engine.diffusion.ClassContext;
import dev.diffusion.engine.diffusion.DiffusionLoss;
import dev.diffusion.engine.diffusion.ForwardProcess;
import dev.diffusion.engine.diffusion.LossWeighting;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.model.NetworkArchitecture;
import dev.diffusion.engine.model.NetworkSpec;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.NoisePredictors;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Guards against a DJL 0.35.1 PyTorch-engine pitfall: an operation with a Number operand
 * ({@code x.div(1.414f)}) wraps the number in a tensor over a Java direct buffer and frees it at
 * once, and an array made from Java data ({@code manager.create(float[])}) lives only as long as its
 * NDArray, while autograd may keep either tensor for the backward pass; a garbage collection between
 * forward and backward then corrupts the gradients (seen as sporadic Inf/NaN in training). The
 * networks, the forward process, the losses and their weightings must pass constants as tensors
 * PyTorch owns, so gradients do not depend on the collector.
 *
 * <p>Each case runs a training step's graph as {@link DiffusionTrainer} does (x_t from the forward
 * process, class context with dropped rows, dropout, the loss) once plainly and once with the
 * collector run between forward and backward, and demands identical gradients. The nine
 * (loss, weighting) pairs are spread over the three architectures so that each network meets every
 * loss and every weighting.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GradientsSurviveGarbageCollectionTest {

    private static final int SIZE = 8;
    private static final int TIMESTEPS = 20;
    private static final int CLASSES = 2;
    private static final int[] T = {0, 7, 13, 19};
    private static final int[] LABELS = {1, 0, 1, 0};
    private static final boolean[] KEEP_CLASS = {true, false, true, false};

    private final NDManager manager = NDManager.newBaseManager();
    private final Map<NetworkArchitecture, NoisePredictor> networks = new EnumMap<>(NetworkArchitecture.class);

    @AfterAll
    void closeNetworks() {
        manager.close();
    }

    /** The weightings by name: none, min-SNR-γ (γ = 5) and P2 (k = 1, γ = 1). */
    private static final Map<String, Function<NoiseSchedule, LossWeighting>> WEIGHTINGS = Map.of(
            "none", s -> LossWeighting.none(),
            "min-snr", s -> LossWeighting.minSnr(5),
            "p2", s -> LossWeighting.p2(1, 1));

    static Stream<Arguments> cases() {
        NetworkArchitecture[] architectures = NetworkArchitecture.values();
        DiffusionLoss.Kind[] types = DiffusionLoss.Kind.values();
        String[] weightings = {"none", "min-snr", "p2"};
        List<Arguments> cases = new ArrayList<>();
        for (int a = 0; a < architectures.length; a++) {
            for (int k = 0; k < types.length; k++) {
                cases.add(Arguments.of(architectures[a], types[k], weightings[(a + k) % weightings.length]));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}, {1}, {2}")
    @MethodSource("cases")
    void gradientsAreTheSameWhetherOrNotTheCollectorRunsBeforeBackward(
            NetworkArchitecture architecture, DiffusionLoss.Kind type, String weighting) {
        NoisePredictor network = networks.computeIfAbsent(architecture, this::network);
        NoiseSchedule schedule = NoiseSchedule.linear(TIMESTEPS);
        DiffusionLoss loss = DiffusionLoss.builder()
                .optKind(type)
                .optWeighting(WEIGHTINGS.get(weighting).apply(schedule), schedule)
                .build();

        List<float[]> quiet = gradients(network, schedule, loss, false);
        List<float[]> collected = gradients(network, schedule, loss, true);

        assertThat(collected).hasSameSizeAs(quiet);
        for (int i = 0; i < quiet.size(); i++) {
            assertThat(quiet.get(i)).as("gradient %d", i).doesNotContain(Float.NaN);
            assertThat(collected.get(i)).as("gradient %d", i).containsExactly(quiet.get(i));
        }
    }

    private NoisePredictor network(NetworkArchitecture architecture) {
        NoisePredictor network = NoisePredictors.create(new NetworkSpec(
                architecture, 1, SIZE, 8, List.of(1, 2), 1, List.of(4), 0.1f, CLASSES, TIMESTEPS, null));
        Engine.getInstance().setRandomSeed(3);
        network.initialize(manager, ai.djl.ndarray.types.DataType.FLOAT32, network.inputShapes(1));
        // as DiffusionTrainer: gradients are taken on the step copies only
        for (Pair<String, Parameter> p : network.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
        return network;
    }

    private List<float[]> gradients(NoisePredictor network, NoiseSchedule schedule, DiffusionLoss loss, boolean churn) {
        try (NDManager scope = manager.newSubManager()) {
            SeededRandom random = new SeededRandom(5);
            Shape shape = new Shape(T.length, 1, SIZE, SIZE);
            NDArray x0 = scope.create(random.gaussian(T.length * SIZE * SIZE), shape);
            NDArray noise = scope.create(random.gaussian(T.length * SIZE * SIZE), shape);
            float[] tf = new float[T.length];
            for (int i = 0; i < T.length; i++) {
                tf[i] = T[i];
            }
            NDArray context = ClassContext.masked(scope, LABELS, CLASSES, KEEP_CLASS);
            NDArray xt = new ForwardProcess(schedule).qSample(x0, T, noise);
            StepParameterStore store = new StepParameterStore(scope);
            Engine.getInstance().setRandomSeed(11);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray eps = network.forward(store, new NDList(xt, scope.create(tf), context), true).singletonOrThrow();
                NDArray value = loss.compute(eps, noise, T);
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
