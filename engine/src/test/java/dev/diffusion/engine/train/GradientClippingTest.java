package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDArray;

import dev.diffusion.engine.testing.EngineTestBase;
import java.util.List;

import org.junit.jupiter.api.Test;

class GradientClippingTest extends EngineTestBase {

    private List<NDArray> gradientsWithNormThirteen() {
        // |(3, 4)|² + |(12)|² = 25 + 144 = 169
        return List.of(manager.create(new float[] {3f, 4f}), manager.create(new float[] {12f}));
    }

    @Test
    void globalNormIsTheNormOfAllGradientsTogether() {
        assertThat(GradientClipping.globalNorm(gradientsWithNormThirteen())).isCloseTo(13.0, within(1e-6));
    }

    @Test
    void gradientsAboveTheMaximumAreScaledToIt() {
        List<NDArray> g = gradientsWithNormThirteen();
        double before = GradientClipping.clipByGlobalNorm(g, 1.0);
        assertThat(before).isCloseTo(13.0, within(1e-6));
        assertThat(GradientClipping.globalNorm(g)).isCloseTo(1.0, within(1e-6));
        // direction kept: every component scaled by the same factor
        assertThat(g.get(0).toFloatArray()).containsExactly(new float[] {3f / 13, 4f / 13}, within(1e-6f));
        assertThat(g.get(1).toFloatArray()).containsExactly(new float[] {12f / 13}, within(1e-6f));
    }

    @Test
    void gradientsBelowTheMaximumAreUnchanged() {
        List<NDArray> g = gradientsWithNormThirteen();
        GradientClipping.clipByGlobalNorm(g, 20.0);
        assertThat(g.get(0).toFloatArray()).containsExactly(3f, 4f);
        assertThat(g.get(1).toFloatArray()).containsExactly(12f);
    }
}
