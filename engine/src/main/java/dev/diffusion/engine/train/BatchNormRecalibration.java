package dev.diffusion.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Re-estimates BatchNorm's running statistics for weights the statistics were not gathered with — an average of
 * weights. The running statistics a network carries are an average over batches of the live network; for averaged
 * weights the activations differ, so the statistics must be computed for them with one more pass over data
 * (Izmailov et al. 2018, "Averaging Weights Leads to Wider Optima and Better Generalization", §3.2). This computes
 * them as the equal-weight mean of the per-batch statistics of training-mode forward passes ("precise BatchNorm",
 * Wu &amp; Johnson 2021, "Rethinking 'Batch' in BatchNorm"), the way {@code torch.optim.swa_utils.update_bn} does;
 * every other parameter is left as it is.
 *
 * <p>Each pass starts the statistics at zero, so a BatchNorm of momentum m (DJL's convention: the share kept of the
 * old value) leaves (1 − m) times the batch's statistics; their sum over the passes divided by (1 − m) times the
 * number of passes is the mean.
 */
public final class BatchNormRecalibration {

    private BatchNormRecalibration() {}

    /**
     * Recomputes the network's running means and variances from training-mode forward passes.
     *
     * @param network an initialised network whose BatchNorm layers all have momentum {@code momentum}; a network
     *     without BatchNorm is left unchanged
     * @param momentum the layers' momentum, in [0, 1)
     * @param passes number of batches, at least 1
     * @param inputs the network's inputs for one pass, created in the given (per-pass) manager
     * @param manager parent of the per-pass managers
     * @return how many statistics arrays were recomputed
     */
    public static int recalibrate(Block network, float momentum, int passes, Function<NDManager, NDList> inputs,
                                  NDManager manager) {
        if (passes < 1) {
            throw new IllegalArgumentException("at least one pass is needed, got " + passes);
        }
        if (!(momentum >= 0 && momentum < 1)) {
            throw new IllegalArgumentException("momentum must be in [0, 1), got " + momentum);
        }
        List<Parameter> statistics = new ArrayList<>();
        for (Pair<String, Parameter> p : network.getParameters()) {
            Parameter.Type type = p.getValue().getType();
            if (type == Parameter.Type.RUNNING_MEAN || type == Parameter.Type.RUNNING_VAR) {
                statistics.add(p.getValue());
            }
        }
        if (statistics.isEmpty()) {
            return 0;
        }
        try (NDManager sums = manager.newSubManager()) {
            List<NDArray> originals = new ArrayList<>();
            List<NDArray> totals = new ArrayList<>();
            for (Parameter s : statistics) {
                originals.add(s.getArray().duplicate());
                originals.get(originals.size() - 1).attach(sums);
                totals.add(sums.zeros(s.getArray().getShape(), s.getArray().getDataType()));
            }
            int[] uses = new int[statistics.size()];
            for (int pass = 0; pass < passes; pass++) {
                try (NDManager scope = manager.newSubManager()) {
                    for (int i = 0; i < statistics.size(); i++) {
                        NDArray statistic = statistics.get(i).getArray();
                        scope.zeros(statistic.getShape(), statistic.getDataType()).copyTo(statistic);
                    }
                    StepParameterStore store = new StepParameterStore(scope);
                    network.forward(store, inputs.apply(scope), true);
                    for (int i = 0; i < statistics.size(); i++) {
                        NDArray updated = store.copyOf(statistics.get(i));
                        if (updated != null) {
                            totals.get(i).addi(updated);
                            uses[i]++;
                        }
                    }
                }
            }
            for (int i = 0; i < statistics.size(); i++) {
                NDArray target = statistics.get(i).getArray();
                if (uses[i] == 0) {
                    originals.get(i).copyTo(target);  // a layer the passes never reached keeps its statistics
                } else {
                    totals.get(i).muli(1.0 / ((1.0 - momentum) * uses[i])).copyTo(target);
                }
            }
        }
        return statistics.size();
    }
}
