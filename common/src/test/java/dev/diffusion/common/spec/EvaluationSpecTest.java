package dev.diffusion.common.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class EvaluationSpecTest {

    private static final String MODEL = UUID.randomUUID().toString();

    @Test
    void defaultsScoreTheGenerationDefaultSamplerWithTwentyImagesPerClass() {
        EvaluationSpec spec = EvaluationSpec.of(MODEL).withDefaults(500, 10);
        assertThat(spec.imagesPerClass()).isEqualTo(20);
        assertThat(spec.samplers()).containsExactly(new SamplerSettings(SamplerType.DDIM, 50, 0.0, 1.0, false));
        assertThat(spec.sweep()).isFalse();
        assertThat(spec.referenceImages()).isEqualTo(1000);
        assertThat(spec.seed()).isNotNegative();
        assertThat(spec.imagesPerSampler(10)).isEqualTo(200);
        assertThat(spec.imagesPerSampler(0)).isEqualTo(20 * EvaluationSpec.UNCONDITIONAL_GROUPS);
        assertThat(spec.withDefaults(500, 10)).isEqualTo(spec);
    }

    @Test
    void theSweepIsDdpmAndDdimAtEachGuidanceScaleLimitedToTheModelsSteps() {
        EvaluationSpec conditional = new EvaluationSpec(MODEL, null, null, true, 1L, null).withDefaults(500, 10);
        assertThat(conditional.samplers()).hasSize(20);
        assertThat(conditional.samplers()).filteredOn(s -> s.sampler() == SamplerType.DDPM)
                .extracting(SamplerSettings::steps).containsOnly(500);
        assertThat(conditional.samplers()).extracting(SamplerSettings::guidanceScale)
                .containsOnly(0.0, 1.0, 2.0, 4.0);

        EvaluationSpec shortSchedule = new EvaluationSpec(MODEL, null, null, true, 1L, null).withDefaults(30, 0);
        assertThat(shortSchedule.samplers()).extracting(SamplerSettings::label)
                .containsExactly("ddpm-30 s=1.0", "ddim-10 s=1.0", "ddim-25 s=1.0");
    }

    @Test
    void validationNamesEachBadField() {
        SamplerSettings shortDdpm = new SamplerSettings(SamplerType.DDPM, 10, null, null);
        SamplerSettings tooMany = new SamplerSettings(SamplerType.DDIM, 600, 2.0, 3.0);
        List<FieldError> errors = SpecValidator.validate(
                new EvaluationSpec(MODEL, 0, List.of(shortDdpm, tooMany), null, -1L, 50), 500, 0);
        assertThat(errors).extracting(FieldError::field).containsExactlyInAnyOrder(
                "imagesPerClass", "referenceImages", "seed", "samplers[0].steps", "samplers[1].steps",
                "samplers[1].eta", "samplers[1].guidanceScale");
        assertThat(errors).filteredOn(e -> e.field().equals("samplers[1].guidanceScale"))
                .extracting(FieldError::message).allMatch(m -> m.contains("unconditional"));
    }

    @Test
    void samplersAndSweepTogetherOrANullSamplerAreRejected() {
        List<SamplerSettings> withNull = new java.util.ArrayList<>();
        withNull.add(null);
        assertThat(SpecValidator.validate(new EvaluationSpec(MODEL, null,
                List.of(new SamplerSettings(null, null, null, null)), true, null, null), 500, 10))
                .extracting(FieldError::field).containsExactly("samplers");
        assertThat(SpecValidator.validate(new EvaluationSpec(MODEL, null, withNull, null, null, null), 500, 10))
                .extracting(FieldError::field).containsExactly("samplers[0]");
        assertThat(SpecValidator.validate(new EvaluationSpec(null, null, null, null, null, null), 500, 10))
                .extracting(FieldError::field).containsExactly("modelId");
        assertThat(SpecValidator.validate(EvaluationSpec.of(MODEL), 500, 10)).isEmpty();
        EvaluationSpec dispatchedSweep = new EvaluationSpec(MODEL, null, null, true, 1L, null).withDefaults(500, 10);
        assertThat(SpecValidator.validate(dispatchedSweep, 500, 10)).as("an effective sweep is valid").isEmpty();
    }
}
