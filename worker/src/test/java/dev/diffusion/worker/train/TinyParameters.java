package dev.diffusion.worker.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.PairList;

/** Test helper: named parameters with chosen values and chosen gradients. */
final class TinyParameters {

    private final NDManager manager;
    private final PairList<String, Parameter> parameters = new PairList<>();

    TinyParameters(NDManager manager) {
        this.manager = manager;
    }

    TinyParameters add(String name, float... values) {
        NDArray array = manager.create(values);
        array.setName(name);
        array.setRequiresGradient(true);
        parameters.add(name, Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optArray(array).build());
        return this;
    }

    TinyParameters addFrozen(String name, float... values) {
        NDArray array = manager.create(values);
        array.setName(name);
        Parameter p = Parameter.builder().setName(name).setType(Parameter.Type.RUNNING_MEAN)
                .optRequiresGrad(false).optArray(array).build();
        parameters.add(name, p);
        return this;
    }

    /** Makes each trainable parameter's gradient equal to the given values (by backward of sum(w·g)). */
    TinyParameters gradients(float[]... perParameter) {
        try (NDManager scope = manager.newSubManager();
                GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray total = scope.zeros(new ai.djl.ndarray.types.Shape());
            int i = 0;
            for (var p : parameters) {
                if (p.getValue().requiresGradient()) {
                    NDArray g = scope.create(perParameter[i++]);
                    total = total.add(p.getValue().getArray().mul(g).sum());
                }
            }
            collector.backward(total);
        }
        return this;
    }

    PairList<String, Parameter> list() {
        return parameters;
    }

    float[] values(String name) {
        return parameters.get(name).getArray().toFloatArray();
    }

    float[] gradient(String name) {
        try (NDArray g = parameters.get(name).getArray().getGradient()) {
            return g.toFloatArray();
        }
    }
}
