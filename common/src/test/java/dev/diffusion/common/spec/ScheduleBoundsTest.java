package dev.diffusion.common.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A schedule whose final ᾱ underflows float32 is refused at submission, with the computed value. */
class ScheduleBoundsTest {

    private static TrainingSpec withSchedule(ScheduleType type, int timesteps, double betaStart, double betaEnd) {
        TrainingSpec mnist = TrainingSpec.of("mnist");
        return new TrainingSpec(mnist.dataset(), null, null, null,
                new ScheduleSpec(type, timesteps, betaStart, betaEnd), null, null, null, null, null, null, null,
                null, null, null, null);
    }

    @Test
    void the_default_schedules_are_far_from_the_float_limit() {
        assertThat(ScheduleBounds.finalAlphaBar(ScheduleSpec.defaults())).isBetween(1e-3, 1e-1);
        for (ScheduleType type : ScheduleType.values()) {
            assertThat(SpecValidator.validate(withSchedule(type, 4000, 1e-4, 0.02))).as("%s", type).isEmpty();
        }
    }

    @Test
    void linear_with_a_large_last_beta_underflows_and_the_message_states_the_value() {
        TrainingSpec spec = withSchedule(ScheduleType.LINEAR, 1000, 1e-4, 0.35);
        double alphaBar = ScheduleBounds.finalAlphaBar(spec.schedule());

        List<FieldError> errors = SpecValidator.validate(spec);

        assertThat(alphaBar).isPositive().isLessThan(1e-45);
        assertThat(errors).extracting(FieldError::field).containsExactly("schedule.betaEnd");
        assertThat(errors.get(0).message()).contains("final ᾱ").contains(Double.toString(alphaBar))
                .contains("float32");
    }

    @Test
    void a_schedule_just_inside_float_range_is_accepted_and_one_just_outside_is_not() {
        // linear T = 1000: the final ᾱ falls through float32's smallest subnormal between these two ends
        assertThat(SpecValidator.validate(withSchedule(ScheduleType.LINEAR, 1000, 1e-4, 0.18))).isEmpty();
        assertThat(SpecValidator.validate(withSchedule(ScheduleType.LINEAR, 1000, 1e-4, 0.22)))
                .extracting(FieldError::field).containsExactly("schedule.betaEnd");
    }

    @Test
    void sigmoid_underflows_too_and_cosine_never_does() {
        assertThat(SpecValidator.validate(withSchedule(ScheduleType.SIGMOID, 4000, 0.05, 0.9)))
                .extracting(FieldError::field).containsExactly("schedule.betaEnd");
        assertThat(ScheduleBounds.finalAlphaBar(withSchedule(ScheduleType.COSINE, 4000, 1e-4, 0.02).schedule()))
                .isPositive();
        assertThat(SpecValidator.validate(withSchedule(ScheduleType.COSINE, 4000, 1e-4, 0.02))).isEmpty();
    }

    @Test
    void an_out_of_range_beta_is_reported_as_such_not_as_an_underflow() {
        assertThat(SpecValidator.validate(withSchedule(ScheduleType.LINEAR, 1000, 1e-4, 1.5)))
                .extracting(FieldError::message).noneMatch(m -> m.contains("ᾱ"));
    }
}
