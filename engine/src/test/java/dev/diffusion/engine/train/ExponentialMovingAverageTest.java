package dev.diffusion.engine.train;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;


import dev.diffusion.engine.testing.EngineTestBase;
import org.junit.jupiter.api.Test;

class ExponentialMovingAverageTest extends EngineTestBase {

    @Test
    void shadowFollowsTheClosedFormOfTheMovingAverage() {
        TinyParameters p = new TinyParameters(manager).add("w", 0f);
        double decay = 0.9;
        try (ExponentialMovingAverage ema = new ExponentialMovingAverage(p.list(), decay, false, manager)) {
            // w is 1 from now on: the shadow after n updates is 1 − dⁿ
            p.set("w", 1f);
            for (int n = 1; n <= 5; n++) {
                ema.update(p.list());
            }
            TinyParameters target = new TinyParameters(manager).add("w", 0f);
            ema.copyTo(target.list());
            assertThat((double) target.values("w")[0]).isCloseTo(1 - Math.pow(decay, 5), within(1e-6));
        }
    }

    @Test
    void warmUpUsesTheSmallerOfDecayAndOnePlusNOverTenPlusN() {
        TinyParameters p = new TinyParameters(manager).add("w", 0f);
        try (ExponentialMovingAverage ema = new ExponentialMovingAverage(p.list(), 0.999, true, manager)) {
            assertThat(ema.decayAt(1)).isCloseTo(2.0 / 11, within(1e-15));
            assertThat(ema.decayAt(10_000)).isEqualTo(0.999);
            p.set("w", 2f);
            ema.update(p.list());
            TinyParameters target = new TinyParameters(manager).add("w", 0f);
            ema.copyTo(target.list());
            assertThat((double) target.values("w")[0]).isCloseTo(2 * (1 - 2.0 / 11), within(1e-6));
        }
    }

    @Test
    void swapPutsTheShadowInAndRestoresTheTrainedWeights() {
        TinyParameters p = new TinyParameters(manager).add("w", 4f, 8f).addFrozen("stat", 1f);
        try (ExponentialMovingAverage ema = new ExponentialMovingAverage(p.list(), 0.5, false, manager)) {
            p.set("w", 0f, 0f);
            p.set("stat", 7f);
            ema.update(p.list());
            try (ExponentialMovingAverage.Swap swap = ema.swapInto(p.list())) {
                assertThat(p.values("w")).containsExactly(2f, 4f);
                assertThat(p.values("stat")).as("running statistics are averaged like the weights")
                        .containsExactly(4f);
            }
            assertThat(p.values("w")).containsExactly(0f, 0f);
        }
    }
}
