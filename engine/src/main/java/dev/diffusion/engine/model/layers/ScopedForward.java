package dev.diffusion.engine.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.SequentialBlock;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Set;

/**
 * Runs a child block so that only its outputs outlive the call.
 *
 * <p>DJL attaches every array an operation returns to the manager of its first operand and frees it
 * only when that manager closes, so a plain forward pass keeps every activation of the whole
 * network until the end of the step (about 1.3 GB for the ContextUnet of the DeepLearning.AI course
 * "How Diffusion Models Work", n_feat 64, at batch 128, where PyTorch frees each activation as soon
 * as nothing refers to it). Here the inputs are lent to a sub-manager for the duration of the call
 * and the outputs are moved back to the caller's manager, so the block's temporaries (GroupNorm
 * statistics, pre-activation maps, …) are released when it returns. A {@link SequentialBlock} is
 * run child by child the same way, closing each child's output once the next child has consumed it.
 *
 * <p>It is safe under a gradient collector: autograd holds its own references to the tensors the
 * backward pass needs, and closing a DJL handle only drops the Java side's reference.
 */
public final class ScopedForward {

    private ScopedForward() {}

    /**
     * Runs {@code block} on {@code inputs}, freeing its intermediates before returning.
     *
     * @param block an initialised block
     * @param parameterStore the parameter store of the pass
     * @param inputs the inputs; they stay with their own managers
     * @param training whether this is a training pass
     * @param params extra arguments, may be null
     * @return the outputs, attached to the manager of the first input
     */
    public static NDList forward(
            Block block,
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        if (block instanceof SequentialBlock && !block.getChildren().isEmpty()) {
            return sequence(block, parameterStore, inputs, training, params);
        }
        NDManager caller = inputs.head().getManager();
        Set<NDArray> lent = Collections.newSetFromMap(new IdentityHashMap<>());
        lent.addAll(inputs);
        try (NDManager scope = caller.newSubManager()) {
            for (NDArray input : inputs) {
                input.tempAttach(scope);
            }
            NDList outputs = block.forward(parameterStore, inputs, training, params);
            for (NDArray output : outputs) {
                if (!lent.contains(output)) {
                    output.attach(caller);
                }
            }
            return outputs;
        }
    }

    /**
     * Single-input, single-output shorthand.
     *
     * @param block an initialised block
     * @param parameterStore the parameter store of the pass
     * @param training whether this is a training pass
     * @param params extra arguments, may be null
     * @param inputs the inputs
     * @return the first output
     */
    public static NDArray forward(
            Block block,
            ParameterStore parameterStore,
            boolean training,
            PairList<String, Object> params,
            NDArray... inputs) {
        return forward(block, parameterStore, new NDList(inputs), training, params).head();
    }

    private static NDList sequence(
            Block block,
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDList current = inputs;
        for (Block child : block.getChildren().values()) {
            NDList next = forward(child, parameterStore, current, training, params);
            if (current != inputs) {
                closeConsumed(current, next, inputs);
            }
            current = next;
        }
        return current;
    }

    private static void closeConsumed(NDList consumed, NDList produced, NDList callersInputs) {
        Set<NDArray> kept = Collections.newSetFromMap(new IdentityHashMap<>());
        kept.addAll(produced);
        kept.addAll(callersInputs);
        for (NDArray array : consumed) {
            if (!kept.contains(array)) {
                array.close();
            }
        }
    }
}
