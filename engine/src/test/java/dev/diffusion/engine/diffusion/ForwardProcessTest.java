package dev.diffusion.engine.diffusion;

import static dev.diffusion.engine.diffusion.NdTestSupport.assertClose;
import static dev.diffusion.engine.diffusion.NdTestSupport.normal;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;

import dev.diffusion.engine.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

class ForwardProcessTest extends EngineTestBase {

    private static final Shape SHAPE = new Shape(3, 2, 2, 2);
    private static final int PER_SAMPLE = 8;

    private final NoiseSchedule schedule = NoiseSchedule.linear(100);
    private final ForwardProcess forward = new ForwardProcess(schedule);
    @Test
    void qSampleMixesEachSampleWithItsOwnTimestep() {
        NDArray x0 = normal(manager, 1, SHAPE).tanh();
        NDArray noise = normal(manager, 2, SHAPE);
        int[] t = {0, 50, 99};

        NDArray xt = forward.qSample(x0, manager.create(t), noise);

        float[] x = x0.toFloatArray();
        float[] e = noise.toFloatArray();
        double[] expected = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            int step = t[i / PER_SAMPLE];
            expected[i] = schedule.sqrtAlphaBar(step) * x[i] + schedule.sqrtOneMinusAlphaBar(step) * e[i];
        }
        assertThat(xt.getShape()).isEqualTo(SHAPE);
        assertClose(xt.toFloatArray(), expected, 1e-6);
    }

    @Test
    void qSampleAcceptsLongAndWholeFloatTimesteps() {
        NDArray x0 = normal(manager, 3, SHAPE);
        NDArray noise = normal(manager, 4, SHAPE);
        float[] fromInts = forward.qSample(x0, new int[] {5, 6, 7}, noise).toFloatArray();

        assertThat(forward.qSample(x0, manager.create(new long[] {5, 6, 7}), noise).toFloatArray())
                .containsExactly(fromInts);
        assertThat(forward.qSample(x0, manager.create(new float[] {5, 6, 7}), noise).toFloatArray())
                .containsExactly(fromInts);
    }

    @Test
    void hostQSampleAgreesWithTheTensorOne() {
        NDArray x0 = normal(manager, 5, new Shape(1, 1, 2, 2));
        NDArray noise = normal(manager, 6, new Shape(1, 1, 2, 2));
        float[] host = forward.qSample(x0.toFloatArray(), 30, noise.toFloatArray());
        float[] tensor = forward.qSample(x0, new int[] {30}, noise).toFloatArray();
        for (int i = 0; i < host.length; i++) {
            assertThat(host[i]).isCloseTo(tensor[i], org.assertj.core.api.Assertions.within(1e-6f));
        }
    }

    @Test
    void predictX0FromTheTrueNoiseInvertsQSample() {
        NDArray x0 = normal(manager, 7, SHAPE).tanh();
        NDArray noise = normal(manager, 8, SHAPE);
        int[] t = {1, 40, 90};

        NDArray recovered = forward.predictX0FromEps(forward.qSample(x0, t, noise), t, noise);

        double[] expected = new double[(int) SHAPE.size()];
        float[] x = x0.toFloatArray();
        for (int i = 0; i < x.length; i++) {
            expected[i] = x[i];
        }
        assertClose(recovered.toFloatArray(), expected, 1e-4);
    }

    @Test
    void posteriorMeanUsesBothCoefficientsPerSample() {
        NDArray x0 = normal(manager, 9, SHAPE);
        NDArray xt = normal(manager, 10, SHAPE);
        int[] t = {3, 0, 77};

        float[] mean = forward.posteriorMean(x0, xt, t).toFloatArray();

        float[] a = x0.toFloatArray();
        float[] b = xt.toFloatArray();
        double[] expected = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            int step = t[i / PER_SAMPLE];
            expected[i] = schedule.posteriorMeanCoef1(step) * a[i] + schedule.posteriorMeanCoef2(step) * b[i];
        }
        assertClose(mean, expected, 1e-6);
    }

    @Test
    void badTimestepsAndShapesAreRejected() {
        NDArray x0 = manager.zeros(SHAPE);
        assertThatThrownBy(() -> forward.qSample(x0, manager.create(new int[] {0, 1, 100}), x0))
                .hasMessageContaining("timestep 100");
        assertThatThrownBy(() -> forward.qSample(x0, manager.create(new float[] {0, 1.5f, 2}), x0))
                .hasMessageContaining("not a whole number");
        assertThatThrownBy(() -> forward.qSample(x0, new int[] {0, 1}, x0))
                .hasMessageContaining("2 timesteps");
        assertThatThrownBy(() -> forward.qSample(x0, new int[] {0, 1, 2}, manager.zeros(new Shape(3, 2, 2))))
                .hasMessageContaining("noise has shape");
    }
}
