package dev.diffusion.engine.model.weights;

import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.util.Pair;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Names every parameter of a block tree the way PyTorch's {@code state_dict()} would.
 *
 * <p>Children are named after the PyTorch attributes ({@code init_conv}, {@code down_blocks.3});
 * DJL prefixes each child key with its 1-based position ({@code 01init_conv}), which is removed.
 * Children of a {@link SequentialBlock} become their 0-based index, like {@code nn.Sequential}.
 * DJL's batch-norm names map to PyTorch's: {@code gamma → weight}, {@code beta → bias}, {@code
 * runningMean → running_mean}, {@code runningVar → running_var}. The order is DJL's {@code
 * getParameters()} order, which matches PyTorch's (a module's own tensors, then its children's).
 */
public final class PyTorchNames {

    private PyTorchNames() {}

    /**
     * Maps PyTorch names to the block's parameters.
     *
     * @param block the root block
     * @return PyTorch name → parameter, in parameter order
     */
    public static Map<String, Parameter> of(Block block) {
        Map<String, Parameter> names = new LinkedHashMap<>();
        collect(block, "", names);
        return names;
    }

    private static void collect(Block block, String prefix, Map<String, Parameter> names) {
        for (Pair<String, Parameter> parameter : block.getDirectParameters()) {
            names.put(prefix + tensorName(parameter.getValue().getName()), parameter.getValue());
        }
        int index = 0;
        for (Pair<String, Block> child : block.getChildren()) {
            String name =
                    block instanceof SequentialBlock
                            ? Integer.toString(index)
                            : withoutPosition(child.getKey(), index);
            collect(child.getValue(), prefix + name + ".", names);
            index++;
        }
    }

    private static String withoutPosition(String key, int index) {
        String position = String.format(Locale.ROOT, "%02d", index + 1);
        if (!key.startsWith(position)) {
            throw new IllegalStateException(
                    "child key '" + key + "' does not start with its position " + position);
        }
        return key.substring(position.length());
    }

    private static String tensorName(String djlName) {
        return switch (djlName) {
            case "gamma" -> "weight";
            case "beta" -> "bias";
            case "runningMean" -> "running_mean";
            case "runningVar" -> "running_var";
            default -> djlName;
        };
    }
}
