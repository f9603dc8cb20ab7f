package dev.diffusion.engine.diffusion;

import static dev.diffusion.engine.diffusion.NdTestSupport.assertClose;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.engine.Engine;
import ai.djl.engine.EngineException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.ConstantInitializer;
import ai.djl.util.PairList;

import dev.diffusion.engine.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

class SamplingLoopTest extends EngineTestBase {

    @Test
    void ddpmLoopFollowsTheHostRecursionForAnUnconditionalModel() {
        NoiseSchedule schedule = NoiseSchedule.linear(6, 0.01, 0.3);
        DdpmSampler sampler = DdpmSampler.builder(schedule).build();
        SamplingRequest request = SamplingRequest.unconditional(3, 1, 2, 3, 42);
        SamplingLoop loop = SamplingLoop.builder().setModel(new AffineNoiseNetwork()).setSampler(sampler).build();

        SamplingResult result = loop.sample(manager, request);

        assertThat(result.cancelled()).isFalse();
        assertThat(result.stepsCompleted()).isEqualTo(6);
        assertThat(result.images().getShape()).isEqualTo(new Shape(3, 1, 2, 3));
        assertClose(result.images().toFloatArray(), hostSample(request, sampler, 0, 1.0), 1e-4);
    }

    @Test
    void guidedDdimLoopRunsOneDoubledBatchPerStepAndFollowsTheHostRecursion() {
        NoiseSchedule schedule = NoiseSchedule.cosine(20);
        DdimSampler sampler = DdimSampler.builder(schedule).optSteps(4).optEta(0.5).build();
        SamplingRequest request = new SamplingRequest(3, 2, 2, 2, 7, new int[] {2, 0, 1});
        AffineNoiseNetwork model = new AffineNoiseNetwork();
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(model)
                .setSampler(sampler)
                .optNumClasses(3)
                .optGuidanceScale(2.5)
                .build();

        SamplingResult result = loop.sample(manager, request);

        assertThat(model.batchSizes()).containsExactly(6L, 6L, 6L, 6L);
        assertClose(result.images().toFloatArray(), hostSample(request, sampler, 3, 2.5), 1e-4);
    }

    @Test
    void guidanceScaleOneRunsOnlyTheConditionalBatch() {
        NoiseSchedule schedule = NoiseSchedule.linear(5);
        DdpmSampler sampler = DdpmSampler.builder(schedule).build();
        SamplingRequest request = new SamplingRequest(2, 1, 2, 2, 3, new int[] {4, 1});
        AffineNoiseNetwork model = new AffineNoiseNetwork();
        SamplingLoop loop = SamplingLoop.builder().setModel(model).setSampler(sampler).optNumClasses(5).build();

        SamplingResult result = loop.sample(manager, request);

        assertThat(model.batchSizes()).containsOnly(2L).hasSize(5);
        assertClose(result.images().toFloatArray(), hostSample(request, sampler, 5, 1.0), 1e-4);
    }

    @Test
    void anImageDependsOnlyOnItsSeedNotOnItsBatch() {
        DdpmSampler sampler = DdpmSampler.builder(NoiseSchedule.linear(8))
                .optVariance(DdpmSampler.Variance.POSTERIOR)
                .build();
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(new AffineNoiseNetwork())
                .setSampler(sampler)
                .optNumClasses(4)
                .optGuidanceScale(3)
                .build();

        NDArray batch = loop.sample(manager, new SamplingRequest(4, 1, 4, 4, 100, new int[] {0, 1, 2, 3})).images();
        NDArray single = loop.sample(manager, new SamplingRequest(1, 1, 4, 4, 103, new int[] {3})).images();

        assertThat(batch.get(3).toFloatArray()).containsExactly(single.get(0).toFloatArray());
        assertThat(batch.get(2).toFloatArray()).isNotEqualTo(single.get(0).toFloatArray());
    }

    @Test
    void framesAreKeptEveryKStepsAndAfterTheLastWithProgressAfterEachStep() {
        DdpmSampler sampler = DdpmSampler.builder(NoiseSchedule.linear(10)).build();
        List<int[]> progress = new ArrayList<>();
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(new AffineNoiseNetwork())
                .setSampler(sampler)
                .optFrameEvery(4)
                .optProgressListener((done, total) -> progress.add(new int[] {done, total}))
                .build();

        SamplingResult result = loop.sample(manager, SamplingRequest.unconditional(2, 1, 3, 3, 5));

        assertThat(result.frames()).extracting(SamplingFrame::stepsCompleted).containsExactly(0, 4, 8, 10);
        assertThat(result.frames()).extracting(SamplingFrame::timestep).containsExactly(9, 5, 1, -1);
        assertThat(result.frames().get(0).pixels())
                .containsExactly(initialNoise(SamplingRequest.unconditional(2, 1, 3, 3, 5)));
        assertThat(result.frames().get(3).pixels()).containsExactly(result.images().toFloatArray());
        assertThat(result.frames().get(3).shape()).isEqualTo(new Shape(2, 1, 3, 3));
        assertThat(progress).extracting(p -> p[0]).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(progress).extracting(p -> p[1]).containsOnly(10);
    }

    @Test
    void aFrameListenerGetsTheFramesAndTheResultKeepsNone() {
        DdpmSampler sampler = DdpmSampler.builder(NoiseSchedule.linear(10)).build();
        List<SamplingFrame> seen = new ArrayList<>();
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(new AffineNoiseNetwork())
                .setSampler(sampler)
                .optFrameEvery(4)
                .optFrameListener(seen::add)
                .build();

        SamplingResult result = loop.sample(manager, SamplingRequest.unconditional(2, 1, 3, 3, 5));

        assertThat(result.frames()).isEmpty();
        assertThat(seen).extracting(SamplingFrame::stepsCompleted).containsExactly(0, 4, 8, 10);
        assertThat(seen.get(3).pixels()).containsExactly(result.images().toFloatArray());
    }

    @Test
    void cancellationStopsBetweenStepsAndReturnsThePartialSamples() {
        DdpmSampler sampler = DdpmSampler.builder(NoiseSchedule.linear(10)).build();
        AtomicInteger steps = new AtomicInteger();
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(new AffineNoiseNetwork())
                .setSampler(sampler)
                .optFrameEvery(1)
                .optProgressListener((done, total) -> steps.set(done))
                .optCancellation(() -> steps.get() >= 3)
                .build();

        SamplingResult result = loop.sample(manager, SamplingRequest.unconditional(2, 1, 2, 2, 9));

        assertThat(result.cancelled()).isTrue();
        assertThat(result.stepsCompleted()).isEqualTo(3);
        assertThat(result.totalSteps()).isEqualTo(10);
        assertThat(result.frames()).hasSize(4);
        assertThat(result.images().toFloatArray()).containsExactly(result.frames().get(3).pixels());
    }

    @Test
    void onlyTheFinalImagesSurviveInTheCallersManager() {
        DdimSampler sampler = DdimSampler.builder(NoiseSchedule.linear(30)).optSteps(6).optEta(1).build();
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(new AffineNoiseNetwork())
                .setSampler(sampler)
                .optNumClasses(2)
                .optGuidanceScale(4)
                .build();
        try (NDManager caller = manager.newSubManager()) {
            SamplingResult result = loop.sample(caller, new SamplingRequest(2, 1, 4, 4, 1, new int[] {0, 1}));

            assertThat(caller.getManagedArrays()).containsExactly(result.images());
        }
    }

    @Test
    void samplingInsideAnOpenGradientCollectorRecordsNoGradient() {
        ScaledNoiseNetwork model = new ScaledNoiseNetwork();
        model.initialize(manager, DataType.FLOAT32, new Shape(2, 1, 2, 2), new Shape(2));
        model.getParameters().valueAt(0).getArray().setRequiresGradient(true); // as a Trainer does
        SamplingLoop loop = SamplingLoop.builder()
                .setModel(model)
                .setSampler(DdpmSampler.builder(NoiseSchedule.linear(3)).build())
                .build();

        try (GradientCollector collector = Engine.getInstance().newGradientCollector()) {
            NDArray x = manager.ones(new Shape(2, 1, 2, 2));
            NDList inputs = new NDList(x, manager.zeros(new Shape(2)));
            NDArray direct = model.forward(new ParameterStore(manager, false), inputs, false).head();
            collector.backward(direct.sum()); // the control: a graph was recorded

            NDArray sampled = loop.sample(manager, SamplingRequest.unconditional(2, 1, 2, 2, 1)).images();

            assertThatThrownBy(() -> collector.backward(sampled.sum()))
                    .isInstanceOf(EngineException.class)
                    .hasMessageContaining("does not require grad");
            assertThat(JniUtils.isGradMode()).as("grad mode restored").isTrue();
        }
    }

    @Test
    void samplingWithAnOracleNetworkLandsOnItsTarget() {
        NoiseSchedule schedule = NoiseSchedule.linear(40, 1e-3, 0.2);
        float[] target = {-1f, -0.5f, 0f, 0.25f, 0.75f, 1f};
        OracleNoiseNetwork oracle = new OracleNoiseNetwork(schedule, target);
        List<ReverseSampler> samplers = List.of(
                DdpmSampler.builder(schedule).build(),
                DdpmSampler.builder(schedule)
                        .optMeanForm(DdpmSampler.MeanForm.CLIPPED_X0)
                        .optVariance(DdpmSampler.Variance.POSTERIOR)
                        .build(),
                DdimSampler.builder(schedule).optSteps(8).build(),
                DdimSampler.builder(schedule).optSteps(5).optEta(1).build());
        double[] expected = new double[2 * target.length];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = target[i % target.length];
        }

        for (ReverseSampler sampler : samplers) {
            SamplingLoop loop = SamplingLoop.builder().setModel(oracle).setSampler(sampler).build();
            SamplingResult result = loop.sample(manager, SamplingRequest.unconditional(2, 1, 2, 3, 17));
            assertClose(result.images().toFloatArray(), expected, 1e-3);
        }
    }

    @Test
    void labelsMustFitTheModel() {
        SamplingLoop unconditional = SamplingLoop.builder()
                .setModel(new AffineNoiseNetwork())
                .setSampler(DdpmSampler.builder(NoiseSchedule.linear(3)).build())
                .build();
        SamplingLoop conditional = SamplingLoop.builder()
                .setModel(new AffineNoiseNetwork())
                .setSampler(DdpmSampler.builder(NoiseSchedule.linear(3)).build())
                .optNumClasses(2)
                .build();

        assertThatThrownBy(() -> unconditional.sample(manager, new SamplingRequest(1, 1, 2, 2, 0, new int[] {0})))
                .hasMessageContaining("unconditional");
        assertThatThrownBy(() -> conditional.sample(manager, new SamplingRequest(2, 1, 2, 2, 0, new int[] {1, 2})))
                .hasMessageContaining("label 2 of image 1");
        assertThatThrownBy(() -> new SamplingRequest(2, 1, 2, 2, 0, new int[] {1}))
                .hasMessageContaining("1 labels for 2 images");
        assertThatThrownBy(() -> SamplingLoop.builder().setModel(new AffineNoiseNetwork()).build())
                .hasMessageContaining("sampler");
    }

    /** The initial noise the loop must draw: image i's first C·H·W normals of seed + i. */
    private static float[] initialNoise(SamplingRequest request) {
        float[] values = new float[request.numImages() * request.imageSize()];
        for (int i = 0; i < request.numImages(); i++) {
            new GaussianNoise(request.imageSeed(i)).fill(values, i * request.imageSize(), request.imageSize());
        }
        return values;
    }

    /**
     * The same sampling recursion written out on the host in double, with the fake network's
     * closed form and the textbook DDPM/DDIM update formulas.
     */
    private static double[] hostSample(SamplingRequest request, ReverseSampler sampler, int numClasses, double scale) {
        NoiseSchedule s = sampler.schedule();
        int size = request.imageSize();
        int[] labels = request.labels();
        int[] timesteps = sampler.timesteps();
        double[] out = new double[request.numImages() * size];
        for (int i = 0; i < request.numImages(); i++) {
            GaussianNoise noise = new GaussianNoise(request.imageSeed(i));
            double[] x = new double[size];
            for (int p = 0; p < size; p++) {
                x[p] = (float) noise.nextGaussian();
            }
            for (int k = 0; k < timesteps.length; k++) {
                int t = timesteps[k];
                int tPrev = k + 1 < timesteps.length ? timesteps[k + 1] : -1;
                boolean addNoise = sampler.needsNoise(t, tPrev);
                for (int p = 0; p < size; p++) {
                    double uncond = AffineNoiseNetwork.eps(x[p], t, -1);
                    double eps = labels == null || numClasses == 0
                            ? uncond
                            : uncond + scale * (AffineNoiseNetwork.eps(x[p], t, labels[i]) - uncond);
                    x[p] = sampler instanceof DdpmSampler ddpm
                            ? (x[p] - eps * s.beta(t) / Math.sqrt(1 - s.alphaBar(t))) / Math.sqrt(s.alpha(t))
                            : ddimMean(s, (DdimSampler) sampler, x[p], eps, t, tPrev);
                }
                if (addNoise) {
                    double sigma = sampler instanceof DdpmSampler ddpm ? ddpm.sigma(t) : ((DdimSampler) sampler).sigma(t, tPrev);
                    for (int p = 0; p < size; p++) {
                        x[p] += sigma * (float) noise.nextGaussian();
                    }
                }
            }
            System.arraycopy(x, 0, out, i * size, size);
        }
        return out;
    }

    private static double ddimMean(NoiseSchedule s, DdimSampler sampler, double x, double eps, int t, int tPrev) {
        double ab = s.alphaBar(t);
        double abPrev = s.alphaBarOrOne(tPrev);
        double sigma = sampler.sigma(t, tPrev);
        double x0 = (x - Math.sqrt(1 - ab) * eps) / Math.sqrt(ab);
        return Math.sqrt(abPrev) * x0 + Math.sqrt(1 - abPrev - sigma * sigma) * eps;
    }

    /** Predicts the exact noise that separates x_t from a known clean image: ε = (x − √ᾱ_t·x0)/√(1−ᾱ_t). */
    private static final class OracleNoiseNetwork extends AbstractBlock {
        private final NoiseSchedule schedule;
        private final float[] target;

        OracleNoiseNetwork(NoiseSchedule schedule, float[] target) {
            super((byte) 1);
            this.schedule = schedule;
            this.target = target;
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.get(0);
            float[] t = inputs.get(1).toFloatArray();
            float[] values = x.toFloatArray();
            float[] eps = new float[values.length];
            for (int i = 0; i < values.length; i++) {
                int step = (int) t[i / target.length];
                eps[i] = (float) ((values[i] - schedule.sqrtAlphaBar(step) * target[i % target.length])
                        / schedule.sqrtOneMinusAlphaBar(step));
            }
            return new NDList(x.getManager().create(eps, x.getShape()));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }
    }

    /** A network with one trainable scale, so an open gradient collector would record a graph. */
    private static final class ScaledNoiseNetwork extends AbstractBlock {
        private final Parameter scale;

        ScaledNoiseNetwork() {
            super((byte) 1);
            scale = addParameter(Parameter.builder()
                    .setName("scale")
                    .setType(Parameter.Type.WEIGHT)
                    .optShape(new Shape(1))
                    .optInitializer(new ConstantInitializer(0.1f))
                    .build());
        }

        @Override
        protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
            NDArray x = inputs.get(0);
            return new NDList(x.mul(store.getValue(scale, x.getDevice(), training)));
        }

        @Override
        public Shape[] getOutputShapes(Shape[] inputShapes) {
            return new Shape[] {inputShapes[0]};
        }
    }
}
