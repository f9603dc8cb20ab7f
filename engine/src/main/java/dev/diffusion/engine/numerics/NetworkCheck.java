package dev.diffusion.engine.numerics;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.util.Pair;
import dev.diffusion.engine.model.NetworkArchitecture;
import dev.diffusion.engine.model.NetworkSpec;
import dev.diffusion.engine.model.NoisePredictor;
import dev.diffusion.engine.model.NoisePredictors;
import dev.diffusion.engine.model.contextunet.ResidualNorm;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * One training step of the course's network — ContextUnet, n_feat 64, BatchNorm, 28×28, 10 classes — on a batch of
 * 8 ({@code seed} makes its inputs): the gradient of every weight must be finite, and a second identical step must give bit-identical gradients.
 * There is no float64 reference for a whole network; this check exists because single layers are not enough: on a
 * virtual AMD EPYC with oneDNN capped at AVX2, every layer check passed in 20 of 20 processes while this step's
 * gradient was NaN in 4 of 4 (docs/engine.md, "Numerics on different CPUs").
 */
record NetworkCheck(long seed) implements SelfCheck {

    static final String NAME = "ContextUnet n_feat 64 [8,1,28,28] training step";
    private static final int BATCH = 8;
    private static final int CLASSES = 10;
    private static final int TIMESTEPS = 500;
    private static final int SEED_OF_THE_STEP = 7;

    /**
     * Runs the step twice.
     *
     * @param manager parent manager
     * @return one check: error 0 when every gradient is finite (infinite otherwise), repeatable when both steps agree
     */
    @Override
    public List<KernelCheck> run(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NoisePredictor net = NoisePredictors.create(new NetworkSpec(NetworkArchitecture.CONTEXT_UNET, 1, 28, 64,
                    List.of(), 0, List.of(), 0f, CLASSES, TIMESTEPS, ResidualNorm.BATCH_NORM));
            net.initialize(scope, DataType.FLOAT32, net.inputShapes(BATCH));
            Random random = new Random(seed);
            NDList inputs = new NDList(
                    owned(scope, gaussian(random, BATCH * 28 * 28), new Shape(BATCH, 1, 28, 28)),
                    owned(scope, timesteps(random), new Shape(BATCH)),
                    owned(scope, oneHot(random), new Shape(BATCH, CLASSES)));
            NDArray target = owned(scope, gaussian(random, BATCH * 28 * 28), new Shape(BATCH, 1, 28, 28));
            float[] first = gradients(net, scope, inputs, target);
            float[] second = gradients(net, scope, inputs, target);
            boolean finite = true;
            for (float g : first) {
                finite &= Float.isFinite(g);
            }
            return List.of(new KernelCheck(NAME + " gradients finite", finite ? 0 : Double.POSITIVE_INFINITY, 0,
                    Arrays.equals(first, second)));
        }
    }

    private static float[] gradients(NoisePredictor net, NDManager manager, NDList inputs, NDArray target) {
        try (NDManager step = manager.newSubManager()) {
            ParameterStore store = new ParameterStore(step, false);
            Engine.getInstance().setRandomSeed(SEED_OF_THE_STEP);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                collector.zeroGradients();
                NDArray eps = net.forward(store, inputs, true).head();
                collector.backward(eps.sub(target).square().mean());
            }
            List<float[]> parts = new ArrayList<>();
            int size = 0;
            for (Pair<String, Parameter> p : net.getParameters()) {
                if (p.getValue().requiresGradient()) {
                    float[] g = p.getValue().getArray().getGradient().toFloatArray();
                    parts.add(g);
                    size += g.length;
                }
            }
            float[] all = new float[size];
            int at = 0;
            for (float[] part : parts) {
                System.arraycopy(part, 0, all, at, part.length);
                at += part.length;
            }
            return all;
        }
    }

    /** A copy in PyTorch's own memory: autograd keeps the inputs, and an array over Java memory may be freed. */
    private static NDArray owned(NDManager manager, float[] values, Shape shape) {
        try (NDManager host = manager.newSubManager()) {
            NDArray copy = host.create(values, shape).duplicate();
            copy.attach(manager);
            return copy;
        }
    }

    private static float[] gaussian(Random random, int n) {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = (float) random.nextGaussian();
        }
        return values;
    }

    private static float[] timesteps(Random random) {
        float[] t = new float[BATCH];
        for (int i = 0; i < BATCH; i++) {
            t[i] = random.nextInt(TIMESTEPS);
        }
        return t;
    }

    private static float[] oneHot(Random random) {
        float[] context = new float[BATCH * CLASSES];
        for (int i = 0; i < BATCH; i++) {
            context[i * CLASSES + random.nextInt(CLASSES)] = 1f;
        }
        return context;
    }
}
