package dev.diffusion.engine.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Adam (Kingma and Ba, 2015) and AdamW (Loshchilov and Hutter, 2019) over DJL parameters, with its
 * state (first and second moments per parameter and the step count) held explicitly so that it can
 * be written to and restored from a checkpoint exactly. DJL's built-in optimizers keep their state
 * private.
 *
 * <p>One step for a parameter {@code w} with gradient {@code g}, step count {@code k} (1-based after
 * the increment) and learning rate {@code lr}, exactly as torch.optim.Adam/AdamW:
 *
 * <pre>
 *   AdamW: w ← w·(1 − lr·wd)            Adam: g ← g + wd·w
 *   m ← β1·m + (1 − β1)·g
 *   v ← β2·v + (1 − β2)·g²
 *   w ← w − lr/(1 − β1^k) · m / (√v / √(1 − β2^k) + ε)
 * </pre>
 *
 * Parameters whose {@code requiresGradient()} is false (e.g. BatchNorm running statistics) are
 * skipped. Gradients are passed in by name rather than read from the parameters, because the
 * trainer computes them on per-step copies of the weights. The moments live in a sub-manager of
 * the one given to the constructor; per-step temporaries are freed before {@link #step} returns.
 */
public final class AdamOptimizer implements AutoCloseable {

    private static final String MEAN_PREFIX = "m:";
    private static final String VARIANCE_PREFIX = "v:";

    private final AdamConfig config;
    private final NDManager stateManager;
    private final Map<String, NDArray> means = new LinkedHashMap<>();
    private final Map<String, NDArray> variances = new LinkedHashMap<>();
    private long stepCount;

    /**
     * Creates an optimizer with empty state.
     *
     * @param config hyper-parameters
     * @param manager parent manager; the optimizer keeps its moments in a sub-manager of it
     */
    public AdamOptimizer(AdamConfig config, NDManager manager) {
        this.config = config;
        this.stateManager = manager.newSubManager();
    }

    /**
     * Applies one update to every trainable parameter. Must not be called while a gradient
     * collector is open (the weights are changed in place).
     *
     * @param parameters the network's parameters by unique name ({@code block.getParameters()})
     * @param gradients the gradient of every trainable parameter, by the same names
     * @param learningRate the learning rate for this step
     * @throws IllegalArgumentException when a trainable parameter has no gradient
     */
    public void step(PairList<String, Parameter> parameters, Map<String, NDArray> gradients, double learningRate) {
        if (!(learningRate >= 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learning rate must be finite and non-negative, got " + learningRate);
        }
        stepCount++;
        double biasCorrection1 = 1.0 - Math.pow(config.beta1(), stepCount);
        double biasCorrection2 = 1.0 - Math.pow(config.beta2(), stepCount);
        for (Pair<String, Parameter> entry : parameters) {
            Parameter parameter = entry.getValue();
            if (!parameter.requiresGradient()) {
                continue;
            }
            NDArray gradient = gradients.get(entry.getKey());
            if (gradient == null) {
                throw new IllegalArgumentException("no gradient for trainable parameter '" + entry.getKey() + "'");
            }
            try (NDManager scope = stateManager.newSubManager()) {
                update(entry.getKey(), parameter.getArray(), gradient, scope, learningRate, biasCorrection1,
                        biasCorrection2);
            }
        }
    }

    private void update(
            String name, NDArray weight, NDArray gradient, NDManager scope, double lr, double bc1, double bc2) {
        NDArray mean = means.computeIfAbsent(name, k -> newState(weight));
        NDArray variance = variances.computeIfAbsent(name, k -> newState(weight));
        NDArray grad = gradient;
        double wd = config.weightDecay();
        if (wd > 0 && config.decoupled()) {
            weight.muli(1.0 - lr * wd);
        } else if (wd > 0) {
            grad = owned(scope, owned(scope, weight.mul(wd)).addi(gradient));
        }
        mean.muli(config.beta1()).addi(owned(scope, grad.mul(1.0 - config.beta1())));
        variance.muli(config.beta2()).addi(owned(scope, grad.square()).muli(1.0 - config.beta2()));
        NDArray denominator = owned(scope, variance.sqrt()).divi(Math.sqrt(bc2)).addi(config.epsilon());
        NDArray delta = owned(scope, mean.div(denominator)).muli(lr / bc1);
        weight.subi(delta);
    }

    private NDArray newState(NDArray weight) {
        NDArray state = stateManager.zeros(weight.getShape(), weight.getDataType());
        state.setName(weight.getName());
        return state;
    }

    private static NDArray owned(NDManager scope, NDArray array) {
        array.attach(scope);
        return array;
    }

    /**
     * Returns the number of steps taken so far.
     *
     * @return the step count
     */
    public long stepCount() {
        return stepCount;
    }

    /**
     * Returns the hyper-parameters.
     *
     * @return the configuration
     */
    public AdamConfig config() {
        return config;
    }

    /**
     * Returns copies of the moment arrays, named {@code m:<parameter>} and {@code v:<parameter>},
     * in the given manager (for a checkpoint; {@link NDList#encode()} keeps the names).
     *
     * @param manager where the copies live
     * @return the state arrays
     */
    public NDList exportState(NDManager manager) {
        NDList list = new NDList();
        for (Map.Entry<String, NDArray> e : means.entrySet()) {
            list.add(copyNamed(e.getValue(), MEAN_PREFIX + e.getKey(), manager));
            list.add(copyNamed(variances.get(e.getKey()), VARIANCE_PREFIX + e.getKey(), manager));
        }
        return list;
    }

    private static NDArray copyNamed(NDArray source, String name, NDManager manager) {
        NDArray copy = manager.zeros(source.getShape(), source.getDataType());
        source.copyTo(copy);
        copy.setName(name);
        return copy;
    }

    /**
     * Replaces the whole state with one previously exported.
     *
     * @param state arrays named as by {@link #exportState}
     * @param steps the step count at the time of export
     */
    public void importState(NDList state, long steps) {
        if (steps < 0) {
            throw new IllegalArgumentException("optimizer step count must be non-negative, got " + steps);
        }
        clearState();
        for (NDArray array : state) {
            String name = array.getName();
            if (name == null) {
                throw new IllegalArgumentException("optimizer state array without a name");
            }
            Map<String, NDArray> target;
            if (name.startsWith(MEAN_PREFIX)) {
                target = means;
            } else if (name.startsWith(VARIANCE_PREFIX)) {
                target = variances;
            } else {
                throw new IllegalArgumentException("unexpected optimizer state array '" + name + "'");
            }
            String parameter = name.substring(2);
            target.put(parameter, copyNamed(array, parameter, stateManager));
        }
        if (!means.keySet().equals(variances.keySet())) {
            throw new IllegalArgumentException("optimizer state has first and second moments for different parameters");
        }
        this.stepCount = steps;
    }

    private void clearState() {
        means.values().forEach(NDArray::close);
        variances.values().forEach(NDArray::close);
        means.clear();
        variances.clear();
    }

    @Override
    public void close() {
        clearState();
        stateManager.close();
    }
}
