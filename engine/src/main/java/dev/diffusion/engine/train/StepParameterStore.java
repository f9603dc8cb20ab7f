package dev.diffusion.engine.train;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;

import java.util.HashMap;
import java.util.Map;

/**
 * A {@link ParameterStore} for one training step that hands blocks a fresh copy of every weight,
 * owned by the step's manager. Gradients are recorded on the copies (leaves that start with no
 * gradient every step), and anything a block derives from a weight is owned by the step and freed
 * with it. DJL's own {@code ParameterStore(manager, true)} cannot be used for this: on the same
 * device its "copy" shares the original tensor, so gradients would accumulate on the network.
 *
 * <p>Public for other training loops of the engine (the evaluator's classifier); the network's own
 * arrays must have {@code setRequiresGradient(false)}, as {@link DiffusionTrainer} sets them.
 */
public final class StepParameterStore extends ParameterStore {

    private final NDManager scope;
    private final Map<String, NDArray> copies = new HashMap<>();

    /**
     * Creates a store whose copies belong to one step.
     *
     * @param scope the step's manager; closing it frees the copies and their gradients
     */
    public StepParameterStore(NDManager scope) {
        super(scope, false);
        this.scope = scope;
    }

    @Override
    public NDArray getValue(Parameter parameter, Device device, boolean training) {
        if (parameter == null) {
            return null;
        }
        return copies.computeIfAbsent(parameter.getId(), id -> {
            NDArray copy = parameter.getArray().duplicate();
            copy.attach(scope);
            if (training && parameter.requiresGradient()) {
                copy.setRequiresGradient(true);
            }
            return copy;
        });
    }

    /**
     * The step copy of a parameter, if a block asked for it during this step.
     *
     * @param parameter the network's parameter
     * @return the copy, or null when the parameter was not used
     */
    public NDArray copyOf(Parameter parameter) {
        return copies.get(parameter.getId());
    }
}
