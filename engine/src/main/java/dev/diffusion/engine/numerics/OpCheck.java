package dev.diffusion.engine.numerics;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import dev.diffusion.engine.diffusion.InferenceScope;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * One operation checked against its reference: the engine computes the output and the gradients of
 * {@code sum(y · gy)} with respect to every input twice (the two must be bit-identical), and the output
 * once more without gradients (inference takes other kernels); each is compared with the float64 values.
 *
 * @param name the operation and its shapes
 * @param operation the engine's computation of the inputs, in order
 * @param inputs the input values, in order
 * @param inputNames their names, for the report ("input", "weight", ...)
 * @param upstream the upstream gradient gy
 * @param output the reference output
 * @param gradients the reference gradients, in input order
 */
record OpCheck(
        String name,
        Function<NDList, NDArray> operation,
        List<HostArray> inputs,
        List<String> inputNames,
        HostArray upstream,
        HostArray output,
        List<HostArray> gradients) implements SelfCheck {

    /** float32 kernels summing a few hundred products stay near 1e-6 of the largest value. */
    static final double TOLERANCE = 1e-4;

    @Override
    public List<KernelCheck> run(NDManager manager) {
        List<float[]> first = computeWithGradients(manager);
        List<float[]> second = computeWithGradients(manager);
        float[] inference = computeInference(manager);
        List<KernelCheck> checks = new ArrayList<>();
        checks.add(KernelCheck.compare(name + " forward (training)", first.get(0), second.get(0), output, TOLERANCE));
        checks.add(KernelCheck.compare(name + " forward (inference)", inference, computeInference(manager), output,
                TOLERANCE));
        for (int i = 0; i < inputs.size(); i++) {
            checks.add(KernelCheck.compare(name + " " + inputNames.get(i) + " gradient", first.get(i + 1),
                    second.get(i + 1), gradients.get(i), TOLERANCE));
        }
        return checks;
    }

    /** The output, then each input's gradient. */
    private List<float[]> computeWithGradients(NDManager manager) {
        try (NDManager scope = manager.newSubManager()) {
            NDList arrays = toArrays(scope);
            arrays.forEach(a -> a.setRequiresGradient(true));
            NDArray gy = scope.create(upstream.toFloats(), new Shape(upstream.longShape()));
            List<float[]> values = new ArrayList<>();
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray y = operation.apply(arrays);
                values.add(y.toFloatArray());
                collector.backward(y.mul(gy).sum());
            }
            for (NDArray array : arrays) {
                values.add(array.getGradient().toFloatArray());
            }
            return values;
        }
    }

    private float[] computeInference(NDManager manager) {
        try (NDManager scope = manager.newSubManager();
                InferenceScope noGradients = InferenceScope.open(Engine.getInstance())) {
            return operation.apply(toArrays(scope)).toFloatArray();
        }
    }

    private NDList toArrays(NDManager scope) {
        NDList arrays = new NDList();
        for (HostArray input : inputs) {
            arrays.add(scope.create(input.toFloats(), new Shape(input.longShape())));
        }
        return arrays;
    }
}
