package dev.diffusion.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.PairList;

import java.util.LinkedHashMap;
import java.util.Map;

/** Test helper: named parameters with chosen values and chosen gradients. */
final class TinyParameters {

    private final NDManager manager;
    private final PairList<String, Parameter> parameters = new PairList<>();

    TinyParameters(NDManager manager) {
        this.manager = manager;
    }

    TinyParameters add(String name, float... values) {
        return add(name, true, values);
    }

    TinyParameters addFrozen(String name, float... values) {
        return add(name, false, values);
    }

    private TinyParameters add(String name, boolean trained, float... values) {
        NDArray array = manager.create(values);
        array.setName(name);
        parameters.add(name, Parameter.builder().setName(name)
                .setType(trained ? Parameter.Type.WEIGHT : Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(trained).optArray(array).build());
        return this;
    }

    /** Gradients for the trainable parameters, in the order they were added. */
    Map<String, NDArray> gradients(float[]... perParameter) {
        Map<String, NDArray> gradients = new LinkedHashMap<>();
        int i = 0;
        for (var p : parameters) {
            if (p.getValue().requiresGradient()) {
                gradients.put(p.getKey(), manager.create(perParameter[i++]));
            }
        }
        return gradients;
    }

    PairList<String, Parameter> list() {
        return parameters;
    }

    void set(String name, float... values) {
        parameters.get(name).getArray().set(values);
    }

    float[] values(String name) {
        return parameters.get(name).getArray().toFloatArray();
    }
}
