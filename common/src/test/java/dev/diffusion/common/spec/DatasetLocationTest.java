package dev.diffusion.common.spec;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** s3:// data-set names are checked by S3's bucket rules and for keys that would leave the worker's cache. */
class DatasetLocationTest {

    private static List<FieldError> errors(String dataset) {
        return SpecValidator.validate(TrainingSpec.of(dataset));
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://my-bucket/faces", "s3://diffusion-datasets/user-1/cats/", "s3://a.b.c/x/y.z",
            "s3://abc/faces..old/", "s3://123/x", "s3://bucket/..hidden", "s3://bucket/émoji ✓/"})
    void names_s3_allows_are_accepted(String dataset) {
        assertThat(errors(dataset)).isEmpty();
        assertThat(Datasets.locationProblem(dataset)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://../x", "s3://ab/x", "s3://bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb/x", "s3://My-Bucket/x",
            "s3://-bucket/x", "s3://bucket-/x", "s3://my..bucket/x", "s3://192.168.1.10/x", "s3://bu_cket/x",
            "s3://.bucket/x", "s3://bucket./x"})
    void bucket_names_s3_would_refuse_are_a_dataset_error_naming_the_rule(String dataset) {
        List<FieldError> errors = errors(dataset);

        assertThat(errors).extracting(FieldError::field).containsExactly("dataset");
        assertThat(errors.get(0).message()).contains("is not a valid S3 bucket name");
    }

    @ParameterizedTest
    @ValueSource(strings = {"s3://bucket//etc", "s3://bucket/../../etc", "s3://bucket/a/../../b",
            "s3://bucket/a/./b", "s3://bucket/..", "s3://bucket/a\\..\\b", "s3://bucket/a\nb", "s3://bucket/a\u0000b",
            "s3://bucket/a\u007fb"})
    void prefixes_that_could_leave_the_cache_are_a_dataset_error(String dataset) {
        List<FieldError> errors = errors(dataset);

        assertThat(errors).extracting(FieldError::field).containsExactly("dataset");
        assertThat(errors.get(0).message()).startsWith("prefix '").doesNotContain("\n", "\u0000");
    }

    @ParameterizedTest
    @ValueSource(ints = {1025, 5000})
    void prefixes_longer_than_s3_allows_are_refused(int length) {
        assertThat(Datasets.locationProblem("s3://bucket/" + "k".repeat(length)))
                .hasValueSatisfying(why -> assertThat(why).contains("longer than 1024 bytes"));
    }
}
