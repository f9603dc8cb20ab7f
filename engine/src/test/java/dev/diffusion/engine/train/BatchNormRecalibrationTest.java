package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.nn.core.Linear;
import ai.djl.util.Pair;

import dev.diffusion.engine.model.layers.Layers;
import dev.diffusion.engine.testing.EngineTestBase;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class BatchNormRecalibrationTest extends EngineTestBase {

    private static final int BATCH = 4;
    private static final int CHANNELS = 2;
    private static final int SIDE = 3;

    /** Per pass, a batch whose channels have different means and spreads. */
    private static List<float[]> batches(int passes) {
        Random random = new Random(42);
        List<float[]> batches = new ArrayList<>();
        for (int k = 0; k < passes; k++) {
            float[] x = new float[BATCH * CHANNELS * SIDE * SIDE];
            for (int i = 0; i < x.length; i++) {
                int channel = (i / (SIDE * SIDE)) % CHANNELS;
                x[i] = (float) (channel * 3 + k + (1 + channel) * random.nextGaussian());
            }
            batches.add(x);
        }
        return batches;
    }

    private static double[] channelMean(float[] x, int channel) {
        double sum = 0;
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if ((i / (SIDE * SIDE)) % CHANNELS == channel) {
                sum += x[i];
                n++;
            }
        }
        double mean = sum / n;
        double squares = 0;
        for (int i = 0; i < x.length; i++) {
            if ((i / (SIDE * SIDE)) % CHANNELS == channel) {
                squares += (x[i] - mean) * (x[i] - mean);
            }
        }
        return new double[] {mean, squares / (n - 1)};
    }

    private Block batchNorm() {
        Block norm = Layers.batchNorm();
        norm.initialize(manager, DataType.FLOAT32, new Shape(BATCH, CHANNELS, SIDE, SIDE));
        return norm;
    }

    private static NDArray statistic(Block block, Parameter.Type type) {
        for (Pair<String, Parameter> p : block.getParameters()) {
            if (p.getValue().getType() == type) {
                return p.getValue().getArray();
            }
        }
        throw new AssertionError("no " + type);
    }

    @Test
    void statisticsBecomeTheMeanOfThePerBatchStatisticsWhateverTheyWereBefore() {
        Block norm = batchNorm();
        statistic(norm, Parameter.Type.RUNNING_MEAN).muli(0).addi(100);
        statistic(norm, Parameter.Type.RUNNING_VAR).muli(0).addi(50);
        float[] gammaBefore = statistic(norm, Parameter.Type.GAMMA).toFloatArray();
        List<float[]> batches = batches(5);
        int[] pass = {0};

        int recomputed = BatchNormRecalibration.recalibrate(norm, Layers.BATCH_NORM_MOMENTUM, batches.size(),
                scope -> new NDList(scope.create(batches.get(pass[0]++), new Shape(BATCH, CHANNELS, SIDE, SIDE))),
                manager);

        assertThat(recomputed).isEqualTo(2);
        float[] mean = statistic(norm, Parameter.Type.RUNNING_MEAN).toFloatArray();
        float[] variance = statistic(norm, Parameter.Type.RUNNING_VAR).toFloatArray();
        for (int c = 0; c < CHANNELS; c++) {
            double expectedMean = 0;
            double expectedVariance = 0;
            for (float[] x : batches) {
                double[] stats = channelMean(x, c);
                expectedMean += stats[0] / batches.size();
                expectedVariance += stats[1] / batches.size();
            }
            assertThat(mean[c]).as("mean of channel %d", c).isCloseTo((float) expectedMean, within(1e-4f));
            assertThat(variance[c]).as("variance of channel %d", c).isCloseTo((float) expectedVariance, within(1e-4f));
        }
        assertThat(statistic(norm, Parameter.Type.GAMMA).toFloatArray()).containsExactly(gammaBefore);
    }

    @Test
    void aNetworkWithoutBatchNormIsLeftAlone() {
        Block linear = Linear.builder().setUnits(3).build();
        linear.initialize(manager, DataType.FLOAT32, new Shape(2, 4));
        float[] before = linear.getParameters().get(0).getValue().getArray().toFloatArray();

        int recomputed = BatchNormRecalibration.recalibrate(linear, 0.9f, 3,
                scope -> new NDList(scope.ones(new Shape(2, 4))), manager);

        assertThat(recomputed).isZero();
        assertThat(linear.getParameters().get(0).getValue().getArray().toFloatArray()).containsExactly(before);
    }

    @Test
    void rejectsNoPassesAndAMomentumOutsideTheUnitInterval() {
        Block norm = batchNorm();
        assertThatThrownBy(() -> BatchNormRecalibration.recalibrate(norm, 0.9f, 0, scope -> new NDList(), manager))
                .hasMessageContaining("at least one pass");
        assertThatThrownBy(() -> BatchNormRecalibration.recalibrate(norm, 1f, 2, scope -> new NDList(), manager))
                .hasMessageContaining("momentum");
    }
}
