package dev.diffusion.worker.recipe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.diffusion.common.spec.ScheduleBounds;
import dev.diffusion.common.spec.ScheduleSpec;
import dev.diffusion.common.spec.ScheduleType;
import dev.diffusion.engine.diffusion.NoiseSchedule;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The submission check's closed form (common) and the engine's schedule give the same final ᾱ, bit for bit. */
class ScheduleBoundsAgreementTest {

    /** Every wire schedule type, so a new type cannot skip the check. */
    static Stream<Arguments> schedules() {
        Stream.Builder<Arguments> all = Stream.builder();
        for (ScheduleType type : ScheduleType.values()) {
            for (int timesteps : new int[] {2, 50, 500, 1000, 4000}) {
                for (double[] betas : new double[][] {{1e-4, 0.02}, {1e-4, 0.35}, {0.05, 0.9}, {0.3, 0.31}}) {
                    all.add(Arguments.of(new ScheduleSpec(type, timesteps, betas[0], betas[1])));
                }
            }
        }
        return all.build();
    }

    @ParameterizedTest
    @MethodSource("schedules")
    void common_and_the_engine_agree_on_the_final_alpha_bar(ScheduleSpec spec) {
        NoiseSchedule engine = EngineSpecs.noiseSchedule(spec);

        assertThat(ScheduleBounds.finalAlphaBar(spec)).isEqualTo(engine.alphaBar(spec.timesteps() - 1));
    }
}
