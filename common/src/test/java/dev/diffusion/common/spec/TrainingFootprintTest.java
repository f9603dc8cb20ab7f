package dev.diffusion.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.diffusion.common.json.JsonMapper;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TrainingFootprintTest {

    private static final double GIB = 1024.0 * 1024 * 1024;

    /** A training spec of one architecture; the rest defaults. */
    private static final class Spec {
        private final ObjectNode json = JsonMapper.shared().createObjectNode();
        private final ObjectNode model = json.putObject("model");

        Spec(Architecture architecture, int baseChannels) {
            json.put("dataset", "shapes");
            model.put("architecture", architecture.wireName()).put("baseChannels", baseChannels);
        }

        Spec image(int size, int channels) {
            json.put("imageSize", size).put("channels", channels);
            return this;
        }

        Spec classes(int classes) {
            model.put("numClasses", classes);
            return this;
        }

        Spec levels(List<Integer> multipliers, int blocks, List<Integer> attention) {
            ArrayNode m = model.putArray("channelMultipliers");
            multipliers.forEach(m::add);
            model.put("blocksPerLevel", blocks);
            ArrayNode a = model.putArray("attentionResolutions");
            attention.forEach(a::add);
            return this;
        }

        Spec batch(int batch) {
            json.put("batchSize", batch);
            return this;
        }

        EffectiveTrainingSpec effective() {
            TrainingSpec spec = JsonMapper.shared().convertValue(json, TrainingSpec.class);
            assertThat(SpecValidator.validate(spec)).isEmpty();
            return EffectiveTrainingSpec.of(spec);
        }

        /** The tutorial's channels 64…1024 are more than a job may ask for: counted, not validated. */
        TrainingFootprint unvalidatedFootprint() {
            return TrainingFootprint.of(EffectiveTrainingSpec.of(JsonMapper.shared().convertValue(json, TrainingSpec.class)));
        }

        TrainingFootprint footprint() {
            return TrainingFootprint.of(effective());
        }
    }

    @Test
    void counts_the_parameters_of_the_course_context_unet() {
        // PyTorch ContextUnet(1, 64, 10, 28) with the registered shortcut: 2,020,225 (ContextUnetTest)
        TrainingFootprint course = new Spec(Architecture.CONTEXT_UNET, 64).image(28, 1).classes(10).footprint();

        assertThat(course.parameters()).isCloseTo(2_020_225, within(0.01 * 2_020_225));
    }

    @Test
    void counts_the_parameters_of_the_ddpm_cifar_unet() {
        // Ho et al. (2020), CIFAR-10: 35.7 M; the PyTorch reference counts 35,741,699 (DdpmUnetTest)
        TrainingFootprint cifar = new Spec(Architecture.DDPM_UNET, 128).image(32, 3).classes(0)
                .levels(List.of(1, 2, 2, 2), 2, List.of(16)).footprint();

        assertThat(cifar.parameters()).isCloseTo(35_741_699, within(0.01 * 35_741_699));
    }

    @Test
    void counts_the_parameters_of_the_tutorial_simple_unet() {
        // the tutorial's SimpleUnet (3 channels, 64…1024) has 62,438,883 parameters (SimpleUnetTest)
        TrainingFootprint tutorial = new Spec(Architecture.SIMPLE_UNET, 64).image(64, 3).classes(0)
                .levels(List.of(1, 2, 4, 8, 16), 1, List.of()).unvalidatedFootprint();

        assertThat(tutorial.parameters()).isCloseTo(62_438_883, within(0.01 * 62_438_883));
    }

    @Test
    void activations_grow_with_the_pixels_and_attention_with_their_square() {
        TrainingFootprint small = new Spec(Architecture.CONTEXT_UNET, 64).image(32, 1).footprint();
        TrainingFootprint large = new Spec(Architecture.CONTEXT_UNET, 64).image(64, 1).footprint();
        TrainingFootprint plain = new Spec(Architecture.DDPM_UNET, 32).image(32, 1)
                .levels(List.of(1, 2, 2), 2, List.of()).footprint();
        TrainingFootprint attended = new Spec(Architecture.DDPM_UNET, 32).image(32, 1)
                .levels(List.of(1, 2, 2), 2, List.of(32)).footprint();

        assertThat(large.activationsPerImage() / small.activationsPerImage()).isCloseTo(4.0, within(0.05));
        // five attention blocks at 32x32, the first level (two on the way down, three on the way up): each keeps
        // at least 2 x 1024² scores
        assertThat(attended.activationsPerImage() - plain.activationsPerImage()).isGreaterThan(5 * 2.0 * 1024 * 1024);
    }

    @Test
    void the_memory_of_a_job_is_linear_in_the_batch() {
        TrainingFootprint footprint = new Spec(Architecture.CONTEXT_UNET, 64).image(28, 1).footprint();

        double perImage = footprint.jobBytes(2) - footprint.jobBytes(1);
        assertThat(footprint.jobBytes(64) - footprint.jobBytes(32)).isCloseTo(32 * perImage, within(1.0));
        assertThat(footprint.peakBytes(64) - footprint.jobBytes(64)).isEqualTo(TrainingFootprint.PROCESS_BYTES);
    }

    @Test
    void the_readme_recipe_fits_a_small_worker() {
        EffectiveTrainingSpec readme = new Spec(Architecture.CONTEXT_UNET, 32).image(28, 1).batch(64).effective();
        TrainingFootprint footprint = TrainingFootprint.of(readme);

        assertThat(footprint.peakBytes(64)).isLessThan(1.5 * GIB);
        assertThat(footprint.problem(64, footprint.peakBytes(64), 2 * GIB, "a worker has")).isEmpty();
    }

    @Test
    void a_batch_too_large_names_the_batch_that_fits() {
        TrainingFootprint footprint = new Spec(Architecture.DDPM_UNET, 128).image(256, 3)
                .levels(List.of(1, 1, 2, 2, 4), 2, List.of(16)).batch(1024).footprint();
        double needed = footprint.peakBytes(1024);

        Optional<FieldError> problem = footprint.problem(1024, needed, 16 * GIB, "a worker of this installation has");

        assertThat(needed).isGreaterThan(100 * GIB);
        assertThat(problem).get().extracting(FieldError::field).isEqualTo("batchSize");
        int fits = footprint.largestBatch(16 * GIB - TrainingFootprint.PROCESS_BYTES);
        assertThat(fits).isBetween(1, 1023);
        assertThat(footprint.peakBytes(fits)).isLessThanOrEqualTo(16 * GIB);
        assertThat(footprint.peakBytes(fits + 1)).isGreaterThan(16 * GIB);
        assertThat(problem.get().message()).contains("training needs about", "GiB", "a worker of this installation has "
                + "16.0 GiB", "batchSize of at most " + fits);
    }

    @Test
    void the_hostile_spec_of_issue_11_is_refused_for_its_model() {
        // batch 1024 of 256 px images at width 512: ContextUnet's up0 alone, a 64x64 transposed convolution of
        // 1024 channels, has 4.3 G parameters
        TrainingFootprint footprint = new Spec(Architecture.CONTEXT_UNET, 512).image(256, 3).batch(1024).footprint();

        assertThat(footprint.parameters()).isGreaterThan(4e9);
        assertThat(footprint.problem(1024, footprint.peakBytes(1024), 64 * GIB, "a worker has")).get()
                .extracting(FieldError::field).isEqualTo("model.baseChannels");
    }

    @Test
    void a_model_whose_parameters_alone_do_not_fit_names_the_model() {
        TrainingFootprint huge = new Spec(Architecture.DDPM_UNET, 512).image(64, 3)
                .levels(List.of(1, 8, 8, 8), 4, List.of()).batch(1).footprint();

        Optional<FieldError> problem = huge.problem(1, huge.peakBytes(1), 2 * GIB, "a worker has");

        assertThat(problem).get().extracting(FieldError::field).isEqualTo("model.baseChannels");
        assertThat(problem.get().message()).contains("not even one image fits");
    }

    @Test
    void formats_sizes_in_mib_and_gib() {
        assertThat(TrainingFootprint.format(400.0 * 1024 * 1024)).isEqualTo("400 MiB");
        assertThat(TrainingFootprint.format(3.25 * GIB)).isEqualTo("3.3 GiB");
    }
}
