package dev.diffusion.common.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class ImportSpecTest {

    private static final String WEIGHTS = "s3://diffusion-datasets/tenants/t/weights/context.safetensors";

    @Test
    void only_the_weights_are_required_and_the_network_takes_a_training_specs_defaults() {
        ImportSpec effective = ImportSpec.of(WEIGHTS).withDefaults();

        assertThat(SpecValidator.validate(ImportSpec.of(WEIGHTS))).isEmpty();
        assertThat(effective.format()).isNull();
        assertThat(effective.model()).isEqualTo(ModelSpec.defaults());
        assertThat(effective.schedule()).isEqualTo(ScheduleSpec.defaults().withDefaults());
        TrainingSpec registered = effective.trainingSpec();
        assertThat(registered.dataset()).isEqualTo(WEIGHTS);
        assertThat(registered.seed()).isZero();
        assertThat(registered.imageSize()).isEqualTo(effective.imageSize());
    }

    @Test
    void a_given_dataset_is_recorded_and_sets_the_image_defaults() {
        ImportSpec spec = new ImportSpec(WEIGHTS, WeightsFormat.NPZ, "digits", "MNIST", null, null, null, null);

        ImportSpec effective = spec.withDefaults();

        assertThat(effective.imageSize()).isEqualTo(28);
        assertThat(effective.channels()).isEqualTo(1);
        assertThat(effective.trainingSpec().dataset()).isEqualTo("mnist");
        assertThat(effective.format()).isEqualTo(WeightsFormat.NPZ);
        assertThat(WeightsFormat.fromWire("safetensors")).isEqualTo(WeightsFormat.SAFETENSORS);
    }

    @Test
    void every_problem_is_named_by_its_field() {
        ModelSpec model = new ModelSpec(null, 12, null, null, null, null, -1, null);
        ImportSpec spec = new ImportSpec("s3://diffusion-datasets/tenants/t/../x", null, "", "imagenet", 30, 2, model,
                new ScheduleSpec(null, 1000, 1e-4, 0.5));

        List<String> fields = SpecValidator.validate(spec).stream().map(FieldError::field).toList();

        assertThat(fields).contains("weights", "name", "dataset", "imageSize", "channels", "model.baseChannels",
                "model.numClasses", "schedule.betaEnd");
    }

    @Test
    void the_weights_must_be_a_file_location() {
        assertThat(SpecValidator.validate(ImportSpec.of(null))).extracting(FieldError::field).containsExactly("weights");
        assertThat(SpecValidator.validate(ImportSpec.of("weights/x.safetensors")))
                .singleElement().satisfies(e -> assertThat(e.message()).contains("s3://bucket/key"));
        assertThat(SpecValidator.validate(ImportSpec.of("s3://diffusion-datasets/tenants/t/")))
                .extracting(FieldError::field).containsExactly("weights");
    }
}
