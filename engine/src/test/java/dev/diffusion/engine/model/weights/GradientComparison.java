package dev.diffusion.engine.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Compares a network's parameter gradients after a backward pass with PyTorch's, stored under the
 * PyTorch names. A tensor's error is {@code max|actual - expected| / max|expected|}, so tensors with
 * small gradients are held to the same relative standard as large ones. Tensors whose PyTorch
 * gradient is below a round-off bound are zero in exact arithmetic (their values are rounding
 * noise, so a relative error means nothing); the DJL gradient must then stay below that bound too.
 *
 * @param problems one line per failure, each naming the parameter; empty when everything matches
 * @param zeroGradients the tensors held to the round-off bound instead of the relative tolerance
 */
record GradientComparison(List<String> problems, List<String> zeroGradients) {

    /**
     * Compares every trainable parameter (BatchNorm running statistics have no gradient).
     *
     * @param parameters PyTorch name → parameter, as {@link PyTorchNames#of} gives them
     * @param expected PyTorch's gradients
     * @param tolerance the largest relative error accepted
     * @param roundOffFraction the round-off bound as a fraction of the largest PyTorch gradient value
     * @return the problems and the round-off tensors
     */
    static GradientComparison of(
            Map<String, Parameter> parameters, StateDict expected, double tolerance, double roundOffFraction) {
        double roundOffBound = roundOffFraction * largestMagnitude(expected);
        List<String> problems = new ArrayList<>();
        List<String> zeroGradients = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : parameters.entrySet()) {
            String name = entry.getKey();
            Tensor reference = expected.get(name);
            NDArray array = entry.getValue().getArray();
            if (!entry.getValue().requiresGradient()) {
                continue;
            } else if (reference == null) {
                problems.add(name + ": no PyTorch gradient of that name");
            } else if (!array.hasGradient()) {
                problems.add(name + ": no gradient attached");
            } else {
                NDArray gradient = array.getGradient();
                String problem =
                        mismatch(gradient.getShape(), gradient.toFloatArray(), reference, tolerance, roundOffBound);
                if (problem != null) {
                    problems.add(name + ": " + problem);
                }
                if (maxAbs(reference.data()) < roundOffBound) {
                    zeroGradients.add(name);
                }
            }
        }
        for (String name : expected.names()) {
            Parameter parameter = parameters.get(name);
            if (parameter == null || !parameter.requiresGradient()) {
                problems.add(name + ": PyTorch gradient without a trainable DJL parameter");
            }
        }
        return new GradientComparison(problems, zeroGradients);
    }

    /**
     * Why a gradient differs from PyTorch's, or null when it matches.
     *
     * @param shape the DJL gradient's shape
     * @param actual its values
     * @param expected PyTorch's gradient
     * @param tolerance the largest relative error accepted
     * @param roundOffBound below this magnitude a PyTorch gradient counts as zero
     * @return a description of the problem, or null
     */
    static String mismatch(Shape shape, float[] actual, Tensor expected, double tolerance, double roundOffBound) {
        if (!shape.equals(expected.djlShape())) {
            return "shape " + shape + ", PyTorch " + expected.djlShape();
        }
        for (int i = 0; i < actual.length; i++) {
            if (!Float.isFinite(actual[i])) {
                return "non-finite value " + actual[i] + " at flat index " + i;
            }
        }
        double scale = maxAbs(expected.data());
        if (scale < roundOffBound) {
            return maxAbs(actual) < roundOffBound ? null : format(
                    "PyTorch's gradient is round-off (max |g| %.3g) but DJL's max |g| is %.3g >= %.3g",
                    scale, maxAbs(actual), roundOffBound);
        }
        if (maxAbs(actual) == 0) {
            return format("gradient is zero everywhere, PyTorch's max |g| is %.3g", scale);
        }
        double error = relativeError(actual, expected.data());
        return error <= tolerance ? null
                : format("relative error %.3g > %.3g (PyTorch max |g| %.3g)", error, tolerance, scale);
    }

    /** {@code max|actual - expected| / max|expected|}, for an expectation that is not all zero. */
    static double relativeError(float[] actual, float[] expected) {
        double difference = 0;
        for (int i = 0; i < actual.length; i++) {
            difference = Math.max(difference, Math.abs((double) actual[i] - expected[i]));
        }
        return difference / maxAbs(expected);
    }

    private static double largestMagnitude(StateDict tensors) {
        return tensors.asMap().values().stream().mapToDouble(t -> maxAbs(t.data())).max().orElse(0);
    }

    private static double maxAbs(float[] values) {
        double max = 0;
        for (float v : values) {
            max = Math.max(max, Math.abs(v));
        }
        return max;
    }

    private static String format(String pattern, Object... arguments) {
        return String.format(Locale.ROOT, pattern, arguments);
    }
}
