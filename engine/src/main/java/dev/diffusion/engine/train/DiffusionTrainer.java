package dev.diffusion.engine.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.util.Pair;
import ai.djl.util.PairList;

import dev.diffusion.engine.diffusion.DiffusionLoss;
import dev.diffusion.engine.diffusion.ForwardProcess;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import dev.diffusion.engine.model.layers.Layers;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Trains a noise-prediction network with the DDPM objective (Ho et al. 2020, Algorithm 1; the
 * training loop of the DeepLearning.AI course "How Diffusion Models Work"): per step it draws a
 * batch, timesteps t ~ U{0..T−1} and noise ε, forms x_t = √ᾱ_t·x_0 + √(1−ᾱ_t)·ε, predicts ε under a
 * gradient collector, back-propagates the loss, clips the global gradient norm, steps Adam/AdamW
 * and updates the EMA.
 *
 * <p>Every random choice (indices, flips, class dropout, t, ε, and the engine seed used by dropout
 * layers) comes from one {@link SeededRandom} whose state is in the checkpoint, so N straight steps
 * and N/2 + resume + N/2 produce bit-identical weights on the CPU at a fixed thread count.
 *
 * <p>Each step runs in its own sub-manager that is closed at the end of the step, so memory stays
 * flat; the forward pass uses per-step copies of the weights ({@link StepParameterStore}) so that
 * no temporary can attach to the network's own manager and gradients never accumulate. Only one {@link GradientCollector} is
 * open per step (PyTorch allows one per JVM); the optimizer and EMA run after it is closed.
 */
public final class DiffusionTrainer implements AutoCloseable {

    private final Block network;
    private final ForwardProcess forward;
    private final DiffusionLoss loss;
    private final TrainingImages data;
    private final TrainerSettings settings;
    private final NDManager manager;
    private final AdamOptimizer optimizer;
    private final ExponentialMovingAverage ema;
    /** Mixed into the run's seed for the batches of {@link #recalibrateBatchNorm}. */
    private static final long RECALIBRATION_SEED = 0x5EED_BA7C_401EL;

    private final TrainingBatches batches;
    private SeededRandom random;
    private long step;
    private double lastLoss = Double.NaN;
    private double lastGradNorm = Double.NaN;

    /**
     * Creates a trainer at step 0.
     *
     * @param network an initialised noise-prediction network (contract: NDList(x, t, context) → eps)
     * @param schedule the noise schedule
     * @param loss the training loss
     * @param data the training images
     * @param settings hyper-parameters
     * @param manager parent manager for optimizer and EMA state
     */
    public DiffusionTrainer(
            Block network,
            NoiseSchedule schedule,
            DiffusionLoss loss,
            TrainingImages data,
            TrainerSettings settings,
            NDManager manager) {
        if (!network.isInitialized()) {
            throw new IllegalArgumentException("the network must be initialised before training");
        }
        if (settings.numClasses() > 0 && data.numClasses() > settings.numClasses()) {
            throw new IllegalArgumentException("the data set has " + data.numClasses()
                    + " classes but the network is conditioned on " + settings.numClasses());
        }
        this.network = network;
        this.forward = new ForwardProcess(schedule);
        this.loss = loss;
        this.data = data;
        this.settings = settings;
        this.manager = manager.newSubManager();
        this.batches = new TrainingBatches(data, settings, schedule.timesteps());
        // Gradients are taken on the per-step copies; the network's own arrays must not track
        // gradients, else each copy would be a non-leaf and its gradient would land on the original.
        for (Pair<String, Parameter> p : network.getParameters()) {
            p.getValue().getArray().setRequiresGradient(false);
        }
        this.optimizer = new AdamOptimizer(settings.optimizer(), this.manager);
        this.ema = settings.emaEnabled()
                ? new ExponentialMovingAverage(network.getParameters(), settings.ema(), this.manager)
                : null;
        this.random = new SeededRandom(settings.seed());
    }

    /**
     * Runs one training step.
     *
     * @return the step's loss
     */
    public double trainStep() {
        PairList<String, Parameter> parameters = network.getParameters();
        double lr = settings.learningRate().at(step);
        double lossValue;
        try (NDManager scope = manager.newSubManager()) {
            StepParameterStore store = new StepParameterStore(scope);
            TrainingBatches.Batch in = batches.draw(random, scope);
            Engine.getInstance().setRandomSeed(in.engineSeed());
            NDList inputs = batches.networkInputs(in, forward);
            try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
                NDArray eps = network.forward(store, inputs, true).singletonOrThrow();
                NDArray value = loss.compute(eps, in.noise(), in.t());
                collector.backward(value);
                lossValue = value.getFloat();
            }
            if (!Double.isFinite(lossValue)) {
                throw new TrainingDivergedException("the loss", lossValue, step + 1);
            }
            Map<String, NDArray> gradients = collectGradients(parameters, store, scope);
            double gradNorm = GradientClipping.globalNorm(gradients.values());
            if (!Double.isFinite(gradNorm)) {
                throw new TrainingDivergedException("the gradient norm", gradNorm, step + 1);
            }
            lastGradNorm = gradNorm;
            if (settings.gradClipNorm() > 0) {
                GradientClipping.scaleToNorm(gradients.values(), gradNorm, settings.gradClipNorm());
            }
            optimizer.step(parameters, gradients, lr);
        }
        if (ema != null) {
            ema.update(parameters);
        }
        step++;
        lastLoss = lossValue;
        return lossValue;
    }

    /**
     * Gradients of the step copies by parameter name (zeros for a parameter the forward pass did
     * not use); untrained values the forward pass changed in place on the copies (BatchNorm running
     * statistics) are written back to the network.
     */
    private static Map<String, NDArray> collectGradients(
            PairList<String, Parameter> parameters, StepParameterStore store, NDManager scope) {
        Map<String, NDArray> gradients = new HashMap<>();
        for (Pair<String, Parameter> p : parameters) {
            Parameter parameter = p.getValue();
            NDArray stepCopy = store.copyOf(parameter);
            if (parameter.requiresGradient()) {
                NDArray gradient = stepCopy == null
                        ? scope.zeros(parameter.getArray().getShape(), parameter.getArray().getDataType())
                        : stepCopy.getGradient();
                gradient.attach(scope);
                gradients.put(p.getKey(), gradient);
            } else if (stepCopy != null) {
                stepCopy.copyTo(parameter.getArray());
            }
        }
        return gradients;
    }

    /**
     * Trains until {@code totalSteps} or cancellation, calling the listener between steps.
     *
     * @param listener callbacks
     * @param previewEvery steps between previews; 0 disables them
     * @param checkpointEvery steps between checkpoints; 0 means only at the end
     * @return true when all steps were done, false when cancelled
     * @throws Exception when a listener fails
     */
    public boolean run(TrainingListener listener, long previewEvery, long checkpointEvery) throws Exception {
        long firstStep = step;
        long started = System.nanoTime();
        while (step < settings.totalSteps()) {
            if (listener.isCancelled()) {
                listener.onCheckpoint(step);
                return false;
            }
            double lr = settings.learningRate().at(step);
            double value = trainStep();
            Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
            double secondsPerStep = elapsed.toNanos() / 1e9 / (step - firstStep);
            listener.onStep(new TrainingProgress(
                    step, settings.totalSteps(), value, lr, lastGradNorm,
                    settings.batchSize() / secondsPerStep, elapsed,
                    Duration.ofMillis((long) (secondsPerStep * 1000 * (settings.totalSteps() - step)))));
            boolean last = step == settings.totalSteps();
            if (last || (checkpointEvery > 0 && step % checkpointEvery == 0)) {
                listener.onCheckpoint(step);
            }
            if (previewEvery > 0 && (last || step % previewEvery == 0)) {
                listener.onPreview(step);
            }
        }
        return true;
    }

    /**
     * Takes a snapshot: a resumable checkpoint or a model (weights and EMA only).
     *
     * @param spec the run's description to store with it, a JSON object (see {@link CheckpointMetadata#spec()})
     * @param kind {@link CheckpointMetadata#KIND_CHECKPOINT} or {@link CheckpointMetadata#KIND_MODEL}
     * @param target owner of the copied tensors
     * @return the snapshot
     */
    public Checkpoint snapshot(String spec, String kind, NDManager target) {
        boolean resumable = CheckpointMetadata.KIND_CHECKPOINT.equals(kind);
        CheckpointMetadata meta = new CheckpointMetadata(
                CheckpointMetadata.FORMAT_VERSION, kind, step, resumable ? random.state() : null,
                optimizer.stepCount(), ema == null ? 0 : ema.updates(),
                Double.isNaN(lastLoss) ? null : lastLoss, spec);
        return new Checkpoint(
                meta,
                ParameterTransfer.export(network, target),
                ema == null ? null : resumable ? ema.exportState(target) : exportSamplingWeights(target),
                resumable ? optimizer.exportState(target) : null);
    }

    /**
     * Continues from a resumable checkpoint: weights, EMA, optimizer, random state and step.
     *
     * @param checkpoint a checkpoint taken by {@link #snapshot} of a trainer with the same settings
     */
    public void restore(Checkpoint checkpoint) {
        CheckpointMetadata meta = checkpoint.metadata();
        if (!CheckpointMetadata.KIND_CHECKPOINT.equals(meta.kind()) || meta.rngState() == null) {
            throw new IllegalArgumentException("only a resumable checkpoint can be continued, this is a " + meta.kind());
        }
        if ((ema == null) != (checkpoint.ema() == null)) {
            throw new IllegalArgumentException("the checkpoint was taken with EMA " + (checkpoint.ema() == null ? "off" : "on")
                    + " but the trainer has it " + (ema == null ? "off" : "on"));
        }
        ParameterTransfer.load(checkpoint.model(), network);
        if (ema != null) {
            ema.importState(checkpoint.ema(), meta.emaUpdates());
        }
        optimizer.importState(checkpoint.optimizer(), meta.optimizerSteps());
        random = SeededRandom.fromState(meta.rngState());
        step = meta.step();
        lastLoss = meta.lastLoss() == null ? Double.NaN : meta.lastLoss();
    }

    /**
     * Puts the EMA weights (or leaves the trained ones when EMA is off) into the network until the
     * handle is closed; for preview sampling between steps.
     *
     * @return a handle restoring the trained weights
     */
    public AutoCloseable samplingWeights() {
        if (ema == null) {
            return () -> {};
        }
        ExponentialMovingAverage.Swap swap = ema.swapInto(network.getParameters());
        recalibrateBatchNorm(network);
        return swap;
    }

    /**
     * Recomputes a network's BatchNorm statistics for its current weights from {@link
     * TrainerSettings#normRecalibrationPasses()} training batches, when the settings ask for it. The batches come from
     * a generator of their own, seeded from the run's seed — the same batches every time, and the training's own draws
     * untouched.
     *
     * @param target this trainer's network or one of the same architecture, e.g. holding another average of it
     */
    public void recalibrateBatchNorm(Block target) {
        recalibrateBatchNorm(target, settings.normRecalibrationPasses());
    }

    /**
     * Recomputes a network's BatchNorm statistics from a given number of training batches, drawn as by {@link
     * #recalibrateBatchNorm(Block)}.
     *
     * @param target this trainer's network or one of the same architecture
     * @param passes number of batches; 0 leaves the statistics as they are
     */
    public void recalibrateBatchNorm(Block target, int passes) {
        if (passes == 0) {
            return;
        }
        SeededRandom draws = new SeededRandom(settings.seed() ^ RECALIBRATION_SEED);
        BatchNormRecalibration.recalibrate(target, Layers.BATCH_NORM_MOMENTUM, passes,
                scope -> batches.networkInputs(batches.draw(draws, scope), forward), manager);
    }

    /** The EMA weights as a model stores them: with recalibrated BatchNorm statistics when the settings ask for it. */
    private NDList exportSamplingWeights(NDManager target) {
        if (settings.normRecalibrationPasses() == 0) {
            return ema.exportState(target);
        }
        try (AutoCloseable swap = samplingWeights()) {
            return ParameterTransfer.export(network, target);
        } catch (Exception e) {
            throw new IllegalStateException("could not restore the trained weights", e);
        }
    }

    /**
     * Steps completed.
     *
     * @return the count
     */
    public long step() {
        return step;
    }

    /**
     * The last step's loss.
     *
     * @return the loss, NaN before the first step
     */
    public double lastLoss() {
        return lastLoss;
    }

    /**
     * The global gradient norm of the last step before clipping.
     *
     * @return the norm, NaN before the first step
     */
    public double lastGradNorm() {
        return lastGradNorm;
    }

    /**
     * The network being trained.
     *
     * @return the block
     */
    public Block network() {
        return network;
    }

    /**
     * The settings.
     *
     * @return the settings
     */
    public TrainerSettings settings() {
        return settings;
    }

    /**
     * The noise schedule the trainer draws x_t with.
     *
     * @return the schedule
     */
    public NoiseSchedule schedule() {
        return forward.schedule();
    }

    /**
     * The training images.
     *
     * @return the data
     */
    public TrainingImages images() {
        return data;
    }

    @Override
    public void close() {
        manager.close();
    }
}
