package dev.diffusion.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A shadow copy of a network's parameters that follows them as an exponential moving average,
 * {@code shadow ← d·shadow + (1 − d)·w} after each optimizer step; sampling with the shadow weights
 * gives visibly better images than the raw weights (Song and Ermon 2020; Ho et al. 2020 use
 * d = 0.9999).
 *
 * <p>The decay may change with the update number ({@link EmaProfile}: constant, warming up, or the
 * power function of Karras et al. 2024 whose window grows with the run).
 *
 * <p>BatchNorm's running statistics are averaged like the weights (as timm's ModelEmaV2 does with
 * every buffer): copied from the live network they describe the activations of the last few
 * steps' weights, not of the averaged ones, and the averaged network then normalises with
 * statistics of another network — the suspect when EMA cost sample quality at n_feat 64
 * (docs/quality.md).
 * Only arrays that are not floating point are copied.
 */
public final class ExponentialMovingAverage implements AutoCloseable {

    private final EmaProfile profile;
    private final NDManager manager;
    private final Map<String, NDArray> shadow = new LinkedHashMap<>();
    private long updates;

    /**
     * Creates the average initialised to the current parameter values.
     *
     * @param parameters the network's parameters ({@code block.getParameters()})
     * @param decay the decay d in [0, 1)
     * @param warmup whether to use the warm-up decay
     * @param parent manager; the shadow lives in a sub-manager of it
     */
    public ExponentialMovingAverage(
            PairList<String, Parameter> parameters, double decay, boolean warmup, NDManager parent) {
        this(parameters, warmup ? EmaProfile.warmingUp(decay) : EmaProfile.constant(decay), parent);
    }

    /**
     * Creates the average initialised to the current parameter values.
     *
     * @param parameters the network's parameters ({@code block.getParameters()})
     * @param profile how the decay follows the update number
     * @param parent manager; the shadow lives in a sub-manager of it
     */
    public ExponentialMovingAverage(PairList<String, Parameter> parameters, EmaProfile profile, NDManager parent) {
        this.profile = Objects.requireNonNull(profile, "profile");
        this.manager = parent.newSubManager();
        for (Pair<String, Parameter> p : parameters) {
            shadow.put(p.getKey(), copy(p.getValue().getArray(), p.getKey(), manager));
        }
    }

    /**
     * Returns the decay used by update number {@code n} (1-based).
     *
     * @param n the update number
     * @return the effective decay
     */
    public double decayAt(long n) {
        return profile.decayAt(n);
    }

    /**
     * Moves the shadow towards the current parameters.
     *
     * @param parameters the same parameters the average was created from
     */
    public void update(PairList<String, Parameter> parameters) {
        updates++;
        double d = decayAt(updates);
        for (Pair<String, Parameter> p : parameters) {
            NDArray target = shadowOf(p.getKey());
            NDArray weight = p.getValue().getArray();
            if (!weight.getDataType().isFloating()) {
                weight.copyTo(target);
                continue;
            }
            try (NDManager scope = manager.newSubManager()) {
                NDArray scaled = weight.mul(1.0 - d);
                scaled.attach(scope);
                target.muli(d).addi(scaled);
            }
        }
    }

    /**
     * Writes the shadow values into the parameters (e.g. into a separate network used for
     * sampling, or the final exported model).
     *
     * @param parameters parameters with the same names and shapes
     */
    public void copyTo(PairList<String, Parameter> parameters) {
        for (Pair<String, Parameter> p : parameters) {
            shadowOf(p.getKey()).copyTo(p.getValue().getArray());
        }
    }

    /**
     * Temporarily puts the shadow values into the network; closing the returned handle restores
     * the trained values. Use around preview sampling; never while a gradient is being collected.
     *
     * @param parameters the trained network's parameters
     * @return a handle that restores the originals on close
     */
    public Swap swapInto(PairList<String, Parameter> parameters) {
        NDManager backupManager = manager.newSubManager();
        List<NDArray> backups = new ArrayList<>();
        for (Pair<String, Parameter> p : parameters) {
            backups.add(copy(p.getValue().getArray(), p.getKey(), backupManager));
        }
        copyTo(parameters);
        return new Swap(parameters, backups, backupManager);
    }

    /** Restores the trained values on close. */
    public static final class Swap implements AutoCloseable {
        private final PairList<String, Parameter> parameters;
        private final List<NDArray> backups;
        private final NDManager backupManager;

        private Swap(PairList<String, Parameter> parameters, List<NDArray> backups, NDManager backupManager) {
            this.parameters = parameters;
            this.backups = backups;
            this.backupManager = backupManager;
        }

        @Override
        public void close() {
            for (int i = 0; i < backups.size(); i++) {
                backups.get(i).copyTo(parameters.get(i).getValue().getArray());
            }
            backupManager.close();
        }
    }

    /**
     * Returns the number of updates so far (part of the checkpoint because of warm-up).
     *
     * @return the count
     */
    public long updates() {
        return updates;
    }

    /**
     * Returns copies of the shadow arrays named like the parameters.
     *
     * @param target manager for the copies
     * @return the arrays
     */
    public NDList exportState(NDManager target) {
        NDList list = new NDList();
        shadow.forEach((name, array) -> list.add(copy(array, name, target)));
        return list;
    }

    /**
     * Replaces the shadow with previously exported arrays.
     *
     * @param arrays arrays named like the parameters; every current name must be present
     * @param updateCount the update count at export time
     */
    public void importState(NDList arrays, long updateCount) {
        Map<String, NDArray> byName = new LinkedHashMap<>();
        for (NDArray a : arrays) {
            byName.put(a.getName(), a);
        }
        for (Map.Entry<String, NDArray> e : shadow.entrySet()) {
            NDArray source = byName.get(e.getKey());
            if (source == null) {
                throw new IllegalArgumentException("EMA state lacks parameter '" + e.getKey() + "'");
            }
            if (!source.getShape().equals(e.getValue().getShape())) {
                throw new IllegalArgumentException("EMA state for '" + e.getKey() + "' has shape "
                        + source.getShape() + ", expected " + e.getValue().getShape());
            }
            source.copyTo(e.getValue());
        }
        this.updates = updateCount;
    }

    private NDArray shadowOf(String name) {
        NDArray target = shadow.get(name);
        if (target == null) {
            throw new IllegalArgumentException("parameter '" + name + "' is not tracked by this EMA");
        }
        return target;
    }

    private static NDArray copy(NDArray source, String name, NDManager manager) {
        NDArray copy = manager.zeros(source.getShape(), source.getDataType());
        source.copyTo(copy);
        copy.setName(name);
        return copy;
    }

    @Override
    public void close() {
        manager.close();
    }
}
