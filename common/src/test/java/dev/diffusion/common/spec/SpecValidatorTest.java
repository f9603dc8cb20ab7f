package dev.diffusion.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.diffusion.common.json.JsonMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpecValidatorTest {

    private static List<String> fields(List<FieldError> errors) {
        return errors.stream().map(FieldError::field).toList();
    }

    private static TrainingSpec parseTraining(String json) throws Exception {
        return JsonMapper.shared().readValue(json, TrainingSpec.class);
    }

    @Test
    void dataset_and_steps_alone_make_a_complete_valid_training_spec() throws Exception {
        TrainingSpec spec = parseTraining("{\"dataset\":\"mnist\",\"steps\":2000}");

        assertThat(SpecValidator.validate(spec)).isEmpty();
        TrainingSpec effective = spec.withDefaults();
        assertThat(effective.imageSize()).isEqualTo(28);
        assertThat(effective.channels()).isEqualTo(1);
        assertThat(effective.model().architecture()).isEqualTo(Architecture.CONTEXT_UNET);
        assertThat(effective.model().baseChannels()).isEqualTo(64);
        assertThat(effective.schedule().timesteps()).isEqualTo(500);
        assertThat(effective.optimizer().lrSchedule()).isEqualTo(LrSchedule.WARMUP_STABLE_DECAY);
        assertThat(effective.optimizer().decayFraction()).isEqualTo(OptimizerSpec.DEFAULT_DECAY_FRACTION);
        assertThat(effective.optimizer().gradClipNorm()).isZero();
        assertThat(effective.ema().enabled()).isFalse();
        assertThat(effective.seed()).isNotNull().isNotNegative();
        assertThat(effective.checkpointEvery()).isEqualTo(500);
    }

    @Test
    void an_ema_setting_turns_the_ema_on_unless_it_is_switched_off() throws Exception {
        assertThat(parseTraining("{\"dataset\":\"mnist\",\"ema\":{\"decay\":0.999}}").withDefaults().ema().enabled()).isTrue();
        assertThat(parseTraining("{\"dataset\":\"mnist\",\"ema\":{\"sigmaRel\":0.05}}").withDefaults().ema().enabled()).isTrue();
        assertThat(parseTraining("{\"dataset\":\"mnist\",\"ema\":{\"enabled\":true}}").withDefaults().ema().decay())
                .isEqualTo(EmaSpec.DEFAULT_DECAY);
        assertThat(parseTraining("{\"dataset\":\"mnist\",\"ema\":{\"enabled\":false,\"decay\":0.999}}").withDefaults()
                .ema().enabled()).isFalse();
        TrainingSpec recalibrated = parseTraining("{\"dataset\":\"mnist\",\"ema\":{\"recalibrateBatchNorm\":true}}");
        assertThat(recalibrated.withDefaults().ema().enabled()).isTrue();
        assertThat(SpecValidator.validate(recalibrated)).isEmpty();
    }

    @Test
    void effective_spec_survives_a_json_round_trip_unchanged() throws Exception {
        TrainingSpec effective = TrainingSpec.of("shapes").withSeed(7).withDefaults();
        String json = JsonMapper.shared().writeValueAsString(effective);

        assertThat(parseTraining(json)).isEqualTo(effective);
        assertThat(json).contains("\"architecture\":\"context-unet\"");
    }

    @Test
    void missing_dataset_is_the_only_required_field() {
        assertThat(fields(SpecValidator.validate(TrainingSpec.of(null)))).containsExactly("dataset");
        assertThat(fields(SpecValidator.validate(TrainingSpec.of("imagenet")))).containsExactly("dataset");
        assertThat(SpecValidator.validate(TrainingSpec.of("s3://my-bucket/faces"))).isEmpty();
        assertThat(fields(SpecValidator.validate(TrainingSpec.of("s3://bucket-only")))).containsExactly("dataset");
    }

    @Test
    void image_size_must_be_a_multiple_of_four() throws Exception {
        List<FieldError> errors = SpecValidator.validate(parseTraining("{\"dataset\":\"mnist\",\"imageSize\":30}"));

        assertThat(errors).extracting(FieldError::field).containsExactly("imageSize");
        assertThat(errors.get(0).message()).contains("multiple of 4");
    }

    @Test
    void every_out_of_range_field_is_reported_at_once() throws Exception {
        TrainingSpec spec = parseTraining("""
                {"dataset":"mnist","batchSize":0,"steps":-1,"channels":2,
                 "model":{"baseChannels":12,"numClasses":-1},
                 "schedule":{"timesteps":1,"betaStart":0.5,"betaEnd":0.1},
                 "optimizer":{"learningRate":0},"ema":{"decay":1.0},"conditionDropout":1.5}""");

        assertThat(fields(SpecValidator.validate(spec))).contains(
                "batchSize", "steps", "channels", "model.baseChannels", "model.numClasses",
                "schedule.timesteps", "schedule.betaEnd", "optimizer.learningRate", "ema.decay",
                "conditionDropout");
    }

    @Test
    void the_power_function_ema_replaces_the_constant_decay_and_is_checked() throws Exception {
        TrainingSpec power = parseTraining("{\"dataset\":\"mnist\",\"ema\":{\"sigmaRel\":0.1}}");
        assertThat(SpecValidator.validate(power)).isEmpty();
        assertThat(power.withDefaults().ema()).isEqualTo(new EmaSpec(true, null, 0.1));
        assertThat(TrainingSpec.of("mnist").withDefaults().ema()).isEqualTo(new EmaSpec(false, EmaSpec.DEFAULT_DECAY, null));

        assertThat(SpecValidator.validate(parseTraining("{\"dataset\":\"mnist\",\"ema\":{\"sigmaRel\":0.5}}")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("ema.sigmaRel");
                    assertThat(error.message()).contains("at most 0.288");
                });
        assertThat(SpecValidator.validate(parseTraining(
                "{\"dataset\":\"mnist\",\"ema\":{\"decay\":0.99,\"sigmaRel\":0.05}}")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("ema.sigmaRel");
                    assertThat(error.message()).contains("not both");
                });
    }

    @Test
    void batch_norm_recalibration_needs_an_ema_and_a_model_with_batch_norm() throws Exception {
        TrainingSpec recalibrated = parseTraining("{\"dataset\":\"mnist\",\"ema\":{\"recalibrateBatchNorm\":true}}");
        assertThat(SpecValidator.validate(recalibrated)).isEmpty();
        assertThat(recalibrated.withDefaults().ema().recalibratesBatchNorm()).isTrue();
        assertThat(TrainingSpec.of("mnist").withDefaults().ema().recalibratesBatchNorm()).isFalse();
        assertThat(JsonMapper.shared().writeValueAsString(TrainingSpec.of("mnist").withDefaults().ema()))
                .as("absent when not asked for, so that earlier specs keep their fingerprints")
                .doesNotContain("recalibrateBatchNorm");

        assertThat(SpecValidator.validate(parseTraining(
                "{\"dataset\":\"mnist\",\"ema\":{\"enabled\":false,\"recalibrateBatchNorm\":true}}")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("ema.recalibrateBatchNorm");
                    assertThat(error.message()).contains("ema.enabled is false");
                });
        assertThat(SpecValidator.validate(parseTraining(
                "{\"dataset\":\"mnist\",\"model\":{\"norm\":\"group\"},\"ema\":{\"recalibrateBatchNorm\":true}}")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("ema.recalibrateBatchNorm");
                    assertThat(error.message()).contains("no BatchNorm");
                });
    }

    @Test
    void warmup_stable_decay_has_a_default_decay_share_that_no_other_schedule_takes() throws Exception {
        TrainingSpec wsd = parseTraining("{\"dataset\":\"mnist\",\"optimizer\":{\"lrSchedule\":\"warmup-stable-decay\"}}");
        assertThat(SpecValidator.validate(wsd)).isEmpty();
        assertThat(wsd.withDefaults().optimizer().decayFraction()).isEqualTo(OptimizerSpec.DEFAULT_DECAY_FRACTION);
        TrainingSpec constant = parseTraining("{\"dataset\":\"mnist\",\"optimizer\":{\"lrSchedule\":\"constant\"}}");
        assertThat(JsonMapper.shared().writeValueAsString(constant.withDefaults().optimizer()))
                .as("absent for the other schedules, so that earlier specs keep their fingerprints")
                .doesNotContain("decayFraction");

        assertThat(SpecValidator.validate(parseTraining(
                "{\"dataset\":\"mnist\",\"optimizer\":{\"lrSchedule\":\"warmup-stable-decay\",\"decayFraction\":0}}")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("optimizer.decayFraction");
                    assertThat(error.message()).contains("(0, 1]");
                });
        assertThat(SpecValidator.validate(parseTraining(
                "{\"dataset\":\"mnist\",\"optimizer\":{\"decayFraction\":0.1}}"))).as("the default schedule").isEmpty();
        assertThat(SpecValidator.validate(parseTraining(
                "{\"dataset\":\"mnist\",\"optimizer\":{\"lrSchedule\":\"cosine\",\"decayFraction\":0.1}}")))
                .singleElement().satisfies(error -> {
                    assertThat(error.field()).isEqualTo("optimizer.decayFraction");
                    assertThat(error.message()).contains("only for lrSchedule warmup-stable-decay");
                });
    }

    @Test
    void evaluation_during_training_is_off_by_default_and_kept_by_the_copies() throws Exception {
        TrainingSpec effective = parseTraining("{\"dataset\":\"shapes\",\"steps\":100}").withDefaults();
        assertThat(effective.evaluateEvery()).isZero();

        TrainingSpec every = parseTraining("{\"dataset\":\"shapes\",\"steps\":100,\"evaluateEvery\":25}");
        assertThat(SpecValidator.validate(every)).isEmpty();
        assertThat(every.withSeed(3).evaluateEvery()).isEqualTo(25);
        assertThat(every.withSteps(50).evaluateEvery()).isEqualTo(25);
        assertThat(every.withDefaults().evaluateEvery()).isEqualTo(25);
        assertThat(SpecValidator.validate(parseTraining(
                "{\"dataset\":\"shapes\",\"steps\":100,\"evaluateEvery\":100}"))).isEmpty();
    }

    @Test
    void evaluate_every_must_be_between_zero_and_the_steps() throws Exception {
        List<FieldError> above = SpecValidator.validate(parseTraining(
                "{\"dataset\":\"mnist\",\"steps\":10,\"evaluateEvery\":20}"));
        assertThat(above).containsExactly(new FieldError("evaluateEvery", "must be between 0 (off) and steps (10) (was 20)"));

        List<FieldError> negative = SpecValidator.validate(parseTraining(
                "{\"dataset\":\"mnist\",\"evaluateEvery\":-1}"));
        assertThat(fields(negative)).containsExactly("evaluateEvery");
        assertThat(negative.get(0).message()).contains("(was -1)");
    }

    @Test
    void ddpm_unet_levels_must_divide_the_image_size_and_attention_must_be_at_a_real_resolution()
            throws Exception {
        TrainingSpec spec = parseTraining("""
                {"dataset":"mnist","model":{"architecture":"ddpm-unet","channelMultipliers":[1,2,2,2],
                 "attentionResolutions":[14, 5]}}""");

        assertThat(fields(SpecValidator.validate(spec)))
                .containsExactlyInAnyOrder("imageSize", "model.attentionResolutions[1]");
    }

    @Test
    void batch_norm_is_the_contextunet_default_and_group_norm_the_ddpm_unet_one() throws Exception {
        assertThat(TrainingSpec.of("mnist").withDefaults().model().norm()).isEqualTo(NormType.BATCH);
        TrainingSpec group = parseTraining("{\"dataset\":\"mnist\",\"model\":{\"norm\":\"group\"}}");
        assertThat(SpecValidator.validate(group)).isEmpty();
        assertThat(group.withDefaults().model().norm()).isEqualTo(NormType.GROUP);
        TrainingSpec unet = parseTraining("{\"dataset\":\"mnist\",\"model\":{\"architecture\":\"ddpm-unet\"}}");
        assertThat(SpecValidator.validate(unet)).isEmpty();
        assertThat(unet.withDefaults().model().norm()).isEqualTo(NormType.GROUP);

        List<FieldError> errors = SpecValidator.validate(parseTraining(
                "{\"dataset\":\"mnist\",\"model\":{\"architecture\":\"ddpm-unet\",\"norm\":\"batch\"}}"));
        assertThat(errors).extracting(FieldError::field).containsExactly("model.norm");
        assertThat(errors.get(0).message()).contains("context-unet only");
    }

    @Test
    void unknown_fields_and_unknown_enum_values_are_rejected_by_the_mapper() {
        assertThatThrownBy(() -> parseTraining("{\"dataset\":\"mnist\",\"stepz\":3}"))
                .isInstanceOf(UnrecognizedPropertyException.class);
        assertThatThrownBy(() -> parseTraining("{\"dataset\":\"mnist\",\"model\":{\"architecture\":\"vit\"}}"))
                .isInstanceOf(ValueInstantiationException.class)
                .hasMessageContaining("context-unet, ddpm-unet, simple-unet");
    }

    @Test
    void generation_defaults_depend_on_the_sampler_and_the_models_timesteps() {
        GenerationSpec ddim = GenerationSpec.of("m").withDefaults(500);
        GenerationSpec ddpm = new GenerationSpec("m", SamplerType.DDPM, null, null, 4, List.of(3), null, 1L,
                null, null, null, null).withDefaults(500);

        assertThat(ddim.steps()).isEqualTo(50);
        assertThat(ddim.gridColumns()).isEqualTo(4);
        assertThat(ddpm.steps()).isEqualTo(500);
        assertThat(ddpm.labelOf(2)).isEqualTo(3);
        assertThat(ddim.labelOf(0)).isEqualTo(-1);
    }

    @Test
    void generation_steps_labels_and_counts_are_checked_against_the_model() {
        GenerationSpec spec = new GenerationSpec("m", SamplerType.DDIM, 600, 1.5, 300, List.of(1, 2), null,
                null, null, null, null, null);

        assertThat(fields(SpecValidator.validate(spec, 500, 10)))
                .contains("steps", "eta", "numImages", "labels");
        assertThat(fields(SpecValidator.validate(
                new GenerationSpec("m", null, null, null, 2, List.of(0, 10), null, null, null, null, null, null),
                500, 10))).containsExactly("labels[1]");
        assertThat(fields(SpecValidator.validate(
                new GenerationSpec("m", null, null, null, 2, List.of(0), null, null, null, null, null, null),
                500, 0))).containsExactly("labels");
        assertThat(fields(SpecValidator.validate(
                new GenerationSpec("m", SamplerType.DDPM, 50, null, null, null, null, null, null, null, null, null),
                500, 0))).containsExactly("steps");
    }

    @Test
    void require_valid_throws_with_every_field_in_the_message() {
        assertThatThrownBy(() -> SpecValidator.requireValid(TrainingSpec.of("mnist").withSteps(0)))
                .isInstanceOf(SpecValidationException.class)
                .hasMessageContaining("steps: must be between 1");
    }
}
