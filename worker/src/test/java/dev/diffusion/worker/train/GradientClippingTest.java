package dev.diffusion.worker.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import ai.djl.ndarray.NDManager;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GradientClippingTest {

    private NDManager manager;

    @BeforeEach
    void open() {
        manager = NDManager.newBaseManager();
    }

    @AfterEach
    void close() {
        manager.close();
    }

    private TinyParameters gradientsWithNormThirteen() {
        // |(3, 4)|² + |(12)|² = 25 + 144 = 169
        return new TinyParameters(manager).add("a", 1f, 1f).add("b", 1f)
                .gradients(new float[] {3f, 4f}, new float[] {12f});
    }

    @Test
    void globalNormIsTheNormOfAllGradientsTogether() {
        assertThat(GradientClipping.globalNorm(gradientsWithNormThirteen().list())).isCloseTo(13.0, within(1e-6));
    }

    @Test
    void gradientsAboveTheMaximumAreScaledToIt() {
        TinyParameters p = gradientsWithNormThirteen();
        double before = GradientClipping.clipByGlobalNorm(p.list(), 1.0);
        assertThat(before).isCloseTo(13.0, within(1e-6));
        assertThat(GradientClipping.globalNorm(p.list())).isCloseTo(1.0, within(1e-6));
        // direction kept: every component scaled by the same factor
        assertThat(p.gradient("a")).containsExactly(new float[] {3f / 13, 4f / 13}, within(1e-6f));
        assertThat(p.gradient("b")).containsExactly(new float[] {12f / 13}, within(1e-6f));
    }

    @Test
    void gradientsBelowTheMaximumAreUnchanged() {
        TinyParameters p = gradientsWithNormThirteen();
        GradientClipping.clipByGlobalNorm(p.list(), 20.0);
        assertThat(p.gradient("a")).containsExactly(3f, 4f);
        assertThat(p.gradient("b")).containsExactly(12f);
    }
}
