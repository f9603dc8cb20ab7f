package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.training.ParameterStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Generates images by running a {@link ReverseSampler} from pure noise with a noise-prediction
 * network (DDPM Algorithm 2; {@code sample_ddpm}, {@code sample_ddpm_context} and {@code
 * sample_ddim} of the DeepLearning.AI course "How Diffusion Models Work").
 *
 * <p>Per run: image i's initial noise and every step's noise come from its own {@link
 * GaussianNoise} seeded with {@link SamplingRequest#imageSeed(int)}, generated on the host, so an
 * image does not depend on the batch size or its position in the batch (the network's arithmetic
 * may still differ in the last bits between batch sizes for some kernels). Each step runs in its
 * own sub-{@link NDManager}: only the new sample is attached back to the caller's manager, every
 * intermediate (network activations, ε, noise, the previous sample) is freed when the step ends.
 * Gradient recording is off for the whole run and the network runs with {@code training = false}.
 * Between steps the loop checks the cancellation hook, reports progress and optionally copies
 * frames to the host.
 *
 * <p>Instances are immutable and hold no per-run state; one loop may serve many requests, one at
 * a time per thread.
 */
public final class SamplingLoop {

    private final ReverseSampler sampler;
    private final GuidedPredictor predictor;
    private final int frameEvery;
    private final SamplingProgressListener progressListener;
    private final BooleanSupplier cancellation;
    private final Consumer<SamplingFrame> frameListener;

    private SamplingLoop(Builder builder) {
        this.sampler = builder.sampler;
        this.predictor =
                new GuidedPredictor(builder.model, builder.numClasses, builder.guidanceScale);
        this.frameEvery = builder.frameEvery;
        this.progressListener = builder.progressListener;
        this.cancellation = builder.cancellation;
        this.frameListener = builder.frameListener;
    }

    /** @return a new builder */
    public static Builder builder() {
        return new Builder();
    }

    /** @return the reverse sampler */
    public ReverseSampler sampler() {
        return sampler;
    }

    /**
     * Samples the requested images.
     *
     * @param manager the manager (and device) the resulting images belong to
     * @param request what to sample
     * @return the images and run details; if cancellation was requested the images are the
     *     partially denoised samples at that point
     */
    public SamplingResult sample(NDManager manager, SamplingRequest request) {
        int[] labels = request.labels();
        checkLabels(labels);
        int[] timesteps = sampler.timesteps();
        int total = timesteps.length;
        Shape shape =
                new Shape(
                        request.numImages(),
                        request.channels(),
                        request.height(),
                        request.width());
        GaussianNoise[] generators = new GaussianNoise[request.numImages()];
        for (int i = 0; i < generators.length; i++) {
            generators[i] = new GaussianNoise(request.imageSeed(i));
        }
        List<SamplingFrame> frames = new ArrayList<>();
        Consumer<SamplingFrame> keep = frameListener != null ? frameListener : frames::add;
        try (InferenceScope ignored = InferenceScope.open(manager.getEngine())) {
            ParameterStore parameters = new ParameterStore(manager, false);
            NDArray x = manager.create(drawNoise(generators, request.imageSize()), shape);
            if (frameEvery > 0) {
                keep.accept(new SamplingFrame(0, timesteps[0], x.toFloatArray(), shape));
            }
            for (int i = 0; i < total; i++) {
                if (cancellation.getAsBoolean()) {
                    return new SamplingResult(x, true, i, total, frames);
                }
                int t = timesteps[i];
                int tPrev = ReverseSampler.previous(timesteps, i);
                try (NDManager stepManager = manager.newSubManager()) {
                    x.attach(stepManager);
                    NDArray eps = predictor.predict(parameters, x, t, labels);
                    NDArray noise =
                            sampler.needsNoise(t, tPrev)
                                    ? stepManager.create(
                                            drawNoise(generators, request.imageSize()), shape)
                                    : null;
                    NDArray next = sampler.step(eps, t, tPrev, x, noise);
                    next.attach(manager);
                    x = next;
                }
                int done = i + 1;
                if (frameEvery > 0 && (done % frameEvery == 0 || done == total)) {
                    keep.accept(new SamplingFrame(done, tPrev, x.toFloatArray(), shape));
                }
                progressListener.onStep(done, total);
            }
            return new SamplingResult(x, false, total, total, frames);
        }
    }

    private void checkLabels(int[] labels) {
        if (labels == null) {
            return;
        }
        if (predictor.numClasses() == 0) {
            throw new IllegalArgumentException(
                    "labels were requested but the model is unconditional (0 classes)");
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0 || labels[i] >= predictor.numClasses()) {
                throw new IllegalArgumentException(
                        "label "
                                + labels[i]
                                + " of image "
                                + i
                                + " is outside [0, "
                                + (predictor.numClasses() - 1)
                                + "]");
            }
        }
    }

    private static float[] drawNoise(GaussianNoise[] generators, int imageSize) {
        float[] noise = new float[Math.multiplyExact(generators.length, imageSize)];
        for (int i = 0; i < generators.length; i++) {
            generators[i].fill(noise, i * imageSize, imageSize);
        }
        return noise;
    }

    /** Builder of {@link SamplingLoop}. */
    public static final class Builder {
        private Block model;
        private ReverseSampler sampler;
        private int numClasses;
        private double guidanceScale = 1.0;
        private int frameEvery;
        private SamplingProgressListener progressListener = (done, total) -> {};
        private BooleanSupplier cancellation = () -> false;
        private Consumer<SamplingFrame> frameListener;

        private Builder() {}

        /**
         * @param listener given each frame as it is taken, instead of collecting the frames in the result (whose
         *     frame list then stays empty), so a long run does not hold every frame in memory
         * @return this builder
         */
        public Builder optFrameListener(Consumer<SamplingFrame> listener) {
            this.frameListener = listener;
            return this;
        }

        /**
         * @param model the noise-prediction network (required), already initialized or loaded
         * @return this builder
         */
        public Builder setModel(Block model) {
            this.model = model;
            return this;
        }

        /**
         * @param sampler the update rule with its schedule and timesteps (required)
         * @return this builder
         */
        public Builder setSampler(ReverseSampler sampler) {
            this.sampler = sampler;
            return this;
        }

        /**
         * @param numClasses K of the model: the width of its context input, 0 if unconditional
         *     (default 0)
         * @return this builder
         */
        public Builder optNumClasses(int numClasses) {
            this.numClasses = numClasses;
            return this;
        }

        /**
         * @param guidanceScale classifier-free guidance scale s ≥ 0 (default 1: conditional only)
         * @return this builder
         */
        public Builder optGuidanceScale(double guidanceScale) {
            this.guidanceScale = guidanceScale;
            return this;
        }

        /**
         * @param frameEvery keep a frame of the initial noise, then every k steps and after the
         *     last step; 0 keeps none (default)
         * @return this builder
         */
        public Builder optFrameEvery(int frameEvery) {
            this.frameEvery = frameEvery;
            return this;
        }

        /**
         * @param listener told after every step
         * @return this builder
         */
        public Builder optProgressListener(SamplingProgressListener listener) {
            this.progressListener = listener;
            return this;
        }

        /**
         * @param cancellation asked before every step; true stops the run
         * @return this builder
         */
        public Builder optCancellation(BooleanSupplier cancellation) {
            this.cancellation = cancellation;
            return this;
        }

        /**
         * @return the loop
         * @throws IllegalArgumentException if a required setting is missing or out of range
         */
        public SamplingLoop build() {
            if (model == null) {
                throw new IllegalArgumentException("model must be set");
            }
            if (sampler == null) {
                throw new IllegalArgumentException("sampler must be set");
            }
            if (frameEvery < 0) {
                throw new IllegalArgumentException(
                        "frame interval must not be negative, got " + frameEvery);
            }
            if (progressListener == null || cancellation == null) {
                throw new IllegalArgumentException(
                        "progress listener and cancellation must not be null");
            }
            return new SamplingLoop(this);
        }
    }
}
