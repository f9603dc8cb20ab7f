package dev.diffusion.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.HashMap;
import java.util.Map;

/** Copies a network's parameters to and from named tensor lists (the checkpoint representation). */
public final class ParameterTransfer {

    private ParameterTransfer() {}

    /**
     * Copies every parameter into a new list, each array named by the parameter's unique name.
     *
     * @param block an initialised network
     * @param manager owner of the copies
     * @return the named copies
     */
    public static NDList export(Block block, NDManager manager) {
        NDList list = new NDList();
        for (Pair<String, Parameter> p : block.getParameters()) {
            NDArray source = p.getValue().getArray();
            NDArray copy = manager.zeros(source.getShape(), source.getDataType());
            source.copyTo(copy);
            copy.setName(p.getKey());
            list.add(copy);
        }
        return list;
    }

    /**
     * Overwrites the network's parameter values with the arrays of the same names.
     *
     * @param arrays named arrays (e.g. from a checkpoint)
     * @param block an initialised network of the same architecture
     * @throws IllegalArgumentException naming the first parameter that is missing or has another
     *     shape, or an array that matches no parameter
     */
    public static void load(NDList arrays, Block block) {
        PairList<String, Parameter> parameters = block.getParameters();
        Map<String, NDArray> byName = new HashMap<>();
        for (NDArray a : arrays) {
            byName.put(a.getName(), a);
        }
        for (Pair<String, Parameter> p : parameters) {
            NDArray source = byName.remove(p.getKey());
            NDArray target = p.getValue().getArray();
            if (source == null) {
                throw new IllegalArgumentException("weights lack parameter '" + p.getKey() + "'");
            }
            if (!source.getShape().equals(target.getShape())) {
                throw new IllegalArgumentException("parameter '" + p.getKey() + "' has shape " + source.getShape()
                        + " in the weights but " + target.getShape() + " in the network");
            }
            source.copyTo(target);
        }
        if (!byName.isEmpty()) {
            throw new IllegalArgumentException("weights hold parameters the network does not have: " + byName.keySet());
        }
    }

    /**
     * Counts the scalar parameters.
     *
     * @param block an initialised network
     * @return the number of weights
     */
    public static long count(Block block) {
        long n = 0;
        for (Pair<String, Parameter> p : block.getParameters()) {
            n += p.getValue().getArray().size();
        }
        return n;
    }
}
