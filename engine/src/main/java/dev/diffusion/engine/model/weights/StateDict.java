package dev.diffusion.engine.model.weights;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * An ordered map from PyTorch parameter names ({@code init_conv.conv1.0.weight}) to tensors, the
 * content of a {@code state_dict()} file.
 */
public final class StateDict {

    private final Map<String, Tensor> tensors = new LinkedHashMap<>();

    /**
     * Adds a tensor.
     *
     * @param name PyTorch name
     * @param tensor the values
     * @return this state dict
     * @throws IllegalArgumentException when the name is already present
     */
    public StateDict put(String name, Tensor tensor) {
        if (tensors.putIfAbsent(name, tensor) != null) {
            throw new IllegalArgumentException("duplicate tensor name '" + name + "'");
        }
        return this;
    }

    /**
     * Looks a tensor up.
     *
     * @param name PyTorch name
     * @return the tensor, or {@code null}
     */
    public Tensor get(String name) {
        return tensors.get(name);
    }

    /**
     * The names in insertion order.
     *
     * @return an unmodifiable view
     */
    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    /**
     * The entries in insertion order.
     *
     * @return an unmodifiable view
     */
    public Map<String, Tensor> asMap() {
        return Collections.unmodifiableMap(tensors);
    }

    /**
     * Number of tensors.
     *
     * @return the count
     */
    public int size() {
        return tensors.size();
    }
}
