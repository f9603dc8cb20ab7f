package dev.diffusion.worker.quality;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JudgingTest {

    private static Judging clipping(Boolean clip) {
        return new Judging(20, 25, 1234, 1000, clip);
    }

    @Test
    void anUnrecordedClippingIsTheRecipesOwnAndAgreesOnlyForThatRecipe() {
        assertThat(clipping(null).sameAs(clipping(false))).isTrue();
        assertThat(clipping(null).sameAs(clipping(true))).isTrue();
        assertThat(clipping(false).sameAs(clipping(true))).isFalse();
        assertThat(clipping(null).sameForAnyRecipe(clipping(false))).isFalse();
        assertThat(clipping(false).sameForAnyRecipe(clipping(false))).isTrue();
        assertThat(clipping(true).sameForAnyRecipe(clipping(false))).isFalse();
        assertThat(clipping(null).withClipping(true)).isEqualTo(clipping(true));
        assertThat(clipping(false).withClipping(true)).as("a recorded clipping stays").isEqualTo(clipping(false));
    }

    @Test
    void everyCountMatters() {
        Judging base = clipping(false);
        assertThat(base.sameAs(new Judging(50, 25, 1234, 1000, false))).isFalse();
        assertThat(base.sameAs(new Judging(20, 50, 1234, 1000, false))).isFalse();
        assertThat(base.sameAs(new Judging(20, 25, 1, 1000, false))).isFalse();
        assertThat(base.sameForAnyRecipe(new Judging(20, 25, 1234, 500, false))).isFalse();
        assertThat(base.describe()).isEqualTo("20 images/class, DDIM 25 unclipped, noise seed 1234, 1000 reference images");
        assertThat(Judging.UNRECORDED.describe()).isEqualTo("20 images/class, DDIM 25, noise seed 1234, 1000 reference images");
    }
}
