package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDList;

import dev.diffusion.engine.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

class AdamOptimizerTest extends EngineTestBase {

    private static final float[] W = {1.0f, -2.0f, 0.5f};
    private static final float[] G1 = {0.1f, -0.3f, 2.0f};
    private static final float[] G2 = {-0.2f, 0.4f, 1.0f};

    /** The Adam update of the paper for one scalar, written out by hand. */
    private static double[] reference(AdamConfig c, double lr, double w, double... grads) {
        double m = 0;
        double v = 0;
        for (int k = 1; k <= grads.length; k++) {
            double g = grads[k - 1];
            if (c.decoupled()) {
                w = w * (1 - lr * c.weightDecay());
            } else {
                g = g + c.weightDecay() * w;
            }
            m = c.beta1() * m + (1 - c.beta1()) * g;
            v = c.beta2() * v + (1 - c.beta2()) * g * g;
            double mHat = m / (1 - Math.pow(c.beta1(), k));
            double vHat = v / (1 - Math.pow(c.beta2(), k));
            w = w - lr * mHat / (Math.sqrt(vHat) + c.epsilon());
        }
        return new double[] {w, m, v};
    }

    @Test
    void firstAdamStepMovesEachWeightByTheLearningRateAgainstTheGradientSign() {
        TinyParameters p = new TinyParameters(manager).add("w", W);
        try (AdamOptimizer adam = new AdamOptimizer(AdamConfig.adam(), manager)) {
            adam.step(p.list(), p.gradients(G1), 0.1);
            // after bias correction m̂ = g and v̂ = g², so the step is lr·g/(|g| + ε) ≈ lr·sign(g)
            assertThat(p.values("w")).containsExactly(new float[] {0.9f, -1.9f, 0.4f}, within(1e-6f));
            assertThat(adam.stepCount()).isEqualTo(1);
        }
    }

    @Test
    void twoAdamStepsMatchTheHandComputedBiasCorrectedUpdate() {
        AdamConfig config = new AdamConfig(0.8, 0.95, 1e-8, 0.0, false);
        assertTwoStepsMatchReference(config);
    }

    @Test
    void adamWithL2DecayAddsTheDecayToTheGradient() {
        assertTwoStepsMatchReference(new AdamConfig(0.9, 0.999, 1e-8, 0.05, false));
    }

    @Test
    void adamWShrinksTheWeightsBeforeTheAdamStep() {
        TinyParameters p = new TinyParameters(manager).add("w", W);
        try (AdamOptimizer adamW = new AdamOptimizer(AdamConfig.adamW(0.1), manager)) {
            adamW.step(p.list(), p.gradients(G1), 0.1);
            float[] expected = new float[3];
            for (int i = 0; i < 3; i++) {
                expected[i] = (float) (W[i] * (1 - 0.1 * 0.1) - 0.1 * Math.signum(G1[i]));
            }
            assertThat(p.values("w")).containsExactly(expected, within(1e-6f));
        }
        assertTwoStepsMatchReference(new AdamConfig(0.9, 0.99, 1e-8, 0.1, true));
    }

    private void assertTwoStepsMatchReference(AdamConfig config) {
        TinyParameters p = new TinyParameters(manager).add("w", W);
        try (AdamOptimizer adam = new AdamOptimizer(config, manager)) {
            adam.step(p.list(), p.gradients(G1), 0.05);
            adam.step(p.list(), p.gradients(G2), 0.05);
            float[] actual = p.values("w");
            for (int i = 0; i < 3; i++) {
                double expected = reference(config, 0.05, W[i], G1[i], G2[i])[0];
                assertThat((double) actual[i]).as("w[%d]", i).isCloseTo(expected, within(1e-6));
            }
        }
    }

    @Test
    void theCallersGradientsAreNotModified() {
        TinyParameters p = new TinyParameters(manager).add("w", W);
        var gradients = p.gradients(G1);
        try (AdamOptimizer adam = new AdamOptimizer(new AdamConfig(0.9, 0.999, 1e-8, 0.1, false), manager)) {
            adam.step(p.list(), gradients, 0.1);
            assertThat(gradients.get("w").toFloatArray()).containsExactly(G1);
        }
    }

    @Test
    void aTrainableParameterWithoutGradientIsReported() {
        TinyParameters p = new TinyParameters(manager).add("w", W).add("u", 1f);
        try (AdamOptimizer adam = new AdamOptimizer(AdamConfig.adam(), manager)) {
            assertThatThrownBy(() -> adam.step(p.list(), java.util.Map.of("w", manager.create(G1)), 0.1))
                    .hasMessageContaining("'u'");
        }
    }

    @Test
    void frozenParametersAreLeftAlone() {
        TinyParameters p = new TinyParameters(manager).add("w", W).addFrozen("running", 3f, 4f);
        try (AdamOptimizer adam = new AdamOptimizer(AdamConfig.adam(), manager)) {
            adam.step(p.list(), p.gradients(G1), 0.1);
            assertThat(p.values("running")).containsExactly(3f, 4f);
        }
    }

    @Test
    void importedStateContinuesExactlyLikeTheOriginal() {
        TinyParameters straight = new TinyParameters(manager).add("w", W);
        TinyParameters resumed = new TinyParameters(manager).add("w", W);
        try (AdamOptimizer a = new AdamOptimizer(AdamConfig.adamW(0.01), manager);
                AdamOptimizer b = new AdamOptimizer(AdamConfig.adamW(0.01), manager)) {
            a.step(straight.list(), straight.gradients(G1), 0.01);
            b.step(resumed.list(), resumed.gradients(G1), 0.01);
            NDList saved = a.exportState(manager);
            try (AdamOptimizer fresh = new AdamOptimizer(AdamConfig.adamW(0.01), manager)) {
                fresh.importState(NDList.decode(manager, saved.encode()), a.stepCount());
                a.step(straight.list(), straight.gradients(G2), 0.01);
                fresh.step(resumed.list(), resumed.gradients(G2), 0.01);
                assertThat(resumed.values("w")).containsExactly(straight.values("w"));
                assertThat(fresh.stepCount()).isEqualTo(2);
            }
        }
    }
}
