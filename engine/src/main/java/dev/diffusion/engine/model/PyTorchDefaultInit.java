package dev.diffusion.engine.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;

/**
 * Re-draws weights the way PyTorch's {@code Linear}, {@code Conv2d} and {@code ConvTranspose2d}
 * initialise them ({@code kaiming_uniform_(a=√5)}): weight and bias uniform in ±1/√fan_in, where
 * fan_in is {@code weight.size(1) · kernel area} (for a transposed convolution that is its
 * out/groups axis, as in PyTorch). DJL's default Xavier draws several times larger weights; the
 * reference PyTorch implementations of these networks train with PyTorch's defaults. Norm scales
 * and shifts and running statistics are left alone. Draws use the engine's generator, so {@code
 * Engine.setRandomSeed} makes them reproducible.
 */
public final class PyTorchDefaultInit {

    private PyTorchDefaultInit() {}

    /**
     * Re-draws every weight (rank ≥ 2) and the bias next to it in an initialised block tree.
     *
     * @param block an initialised block
     * @throws IllegalStateException when the block is not initialised
     */
    public static void apply(Block block) {
        Parameter weight = null;
        Parameter bias = null;
        for (Parameter parameter : block.getDirectParameters().values()) {
            if (parameter.getType() == Parameter.Type.WEIGHT) {
                weight = parameter;
            } else if (parameter.getType() == Parameter.Type.BIAS) {
                bias = parameter;
            }
        }
        if (weight != null && requireArray(weight).getShape().dimension() >= 2) {
            float bound = bound(weight.getArray().getShape());
            redraw(weight, bound);
            if (bias != null) {
                redraw(bias, bound);
            }
        }
        for (Block child : block.getChildren().values()) {
            apply(child);
        }
    }

    /**
     * The PyTorch bound 1/√fan_in for a weight shape, 0 for an empty fan-in.
     *
     * @param weightShape [a, b, k...]
     * @return the half-width of the uniform distribution
     */
    public static float bound(Shape weightShape) {
        long fanIn = weightShape.get(1);
        for (int axis = 2; axis < weightShape.dimension(); axis++) {
            fanIn *= weightShape.get(axis);
        }
        return fanIn == 0 ? 0f : (float) (1 / Math.sqrt(fanIn));
    }

    private static void redraw(Parameter parameter, float bound) {
        NDArray array = requireArray(parameter);
        if (array.size() == 0) {
            return;
        }
        try (NDArray drawn = array.getManager().randomUniform(-bound, bound, array.getShape())) {
            array.set(drawn.toFloatArray());
        }
    }

    private static NDArray requireArray(Parameter parameter) {
        if (!parameter.isInitialized()) {
            throw new IllegalStateException(
                    "parameter " + parameter.getName() + " is not initialised; initialize the block first");
        }
        return parameter.getArray();
    }
}
