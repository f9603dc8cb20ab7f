package dev.diffusion.engine.model.weights;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Moves weights between an initialised DJL block and a PyTorch-named {@link StateDict}: export
 * copies every parameter (BatchNorm running statistics included), import checks that names and
 * shapes match exactly and then overwrites the parameter values in place.
 */
public final class StateDicts {

    /** PyTorch's BatchNorm counter, which has no DJL counterpart and is ignored on import. */
    private static final String BATCH_COUNTER = "num_batches_tracked";

    private StateDicts() {}

    /**
     * Copies the block's parameters.
     *
     * @param block an initialised block
     * @return PyTorch name → values, in parameter order
     * @throws IllegalStateException when the block is not initialised
     */
    public static StateDict export(Block block) {
        StateDict result = new StateDict();
        for (Map.Entry<String, Parameter> entry : PyTorchNames.of(block).entrySet()) {
            NDArray array = requireArray(entry.getKey(), entry.getValue());
            result.put(entry.getKey(), new Tensor(array.getShape().getShape(), array.toFloatArray()));
        }
        return result;
    }

    /**
     * Overwrites the block's parameters with the state dict's tensors.
     *
     * @param block an initialised block
     * @param stateDict tensors under PyTorch names
     * @throws IllegalArgumentException listing every missing name, unexpected name, shape mismatch and
     *     tensor holding NaN or infinite values; nothing is changed then
     * @throws IllegalStateException when the block is not initialised
     */
    public static void load(Block block, StateDict stateDict) {
        load(block, stateDict, name -> false);
    }

    /**
     * Overwrites the block's parameters with the state dict's tensors, keeping the block's own values of the
     * parameters the state dict lacks and {@code mayBeMissing} allows to be absent.
     *
     * @param block an initialised block
     * @param stateDict tensors under PyTorch names
     * @param mayBeMissing the PyTorch names a file may lack (their initial values stay)
     * @return the names whose initial values stayed, in parameter order
     * @throws IllegalArgumentException listing every other missing name, every unexpected name, shape mismatch
     *     and tensor holding NaN or infinite values; nothing is changed then
     * @throws IllegalStateException when the block is not initialised
     */
    public static List<String> load(Block block, StateDict stateDict, java.util.function.Predicate<String> mayBeMissing) {
        Map<String, Parameter> expected = PyTorchNames.of(block);
        List<String> problems = new ArrayList<>();
        List<String> kept = new ArrayList<>();
        for (Map.Entry<String, Parameter> entry : expected.entrySet()) {
            String name = entry.getKey();
            Shape networkShape = requireArray(name, entry.getValue()).getShape();
            Tensor tensor = stateDict.get(name);
            if (tensor == null && mayBeMissing.test(name)) {
                kept.add(name);
            } else if (tensor == null) {
                problems.add("missing parameter '" + name + "' (network shape " + networkShape + ")");
            } else if (!tensor.djlShape().equals(networkShape)) {
                problems.add("shape mismatch for '" + name + "': file " + tensor.djlShape()
                        + ", network " + networkShape);
            } else {
                nonFinite(name, tensor).ifPresent(problems::add);
            }
        }
        for (String name : stateDict.names()) {
            if (!expected.containsKey(name) && !name.endsWith("." + BATCH_COUNTER)) {
                problems.add("unexpected parameter '" + name + "' " + stateDict.get(name).djlShape());
            }
        }
        if (!problems.isEmpty()) {
            throw new IllegalArgumentException(
                    "State dict does not fit " + block.getClass().getSimpleName() + ": "
                            + String.join("; ", problems));
        }
        for (Map.Entry<String, Parameter> entry : expected.entrySet()) {
            Tensor tensor = stateDict.get(entry.getKey());
            if (tensor != null) {
                entry.getValue().getArray().set(tensor.data());
            }
        }
        return List.copyOf(kept);
    }

    /** "non-finite values in 'name': 2 NaN, 1 infinite (first at index 7)", or empty when every value is finite. */
    private static java.util.Optional<String> nonFinite(String name, Tensor tensor) {
        float[] data = tensor.data();
        int nan = 0;
        int infinite = 0;
        int first = -1;
        for (int i = 0; i < data.length; i++) {
            if (Float.isNaN(data[i])) {
                nan++;
            } else if (Float.isInfinite(data[i])) {
                infinite++;
            } else {
                continue;
            }
            first = first < 0 ? i : first;
        }
        return first < 0 ? java.util.Optional.empty() : java.util.Optional.of("non-finite values in '" + name + "': "
                + nan + " NaN, " + infinite + " infinite (first at flat index " + first + ")");
    }

    private static NDArray requireArray(String name, Parameter parameter) {
        if (!parameter.isInitialized()) {
            throw new IllegalStateException(
                    "parameter '" + name + "' is not initialised; call block.initialize(...) first");
        }
        return parameter.getArray();
    }
}
