package dev.diffusion.common.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.diffusion.common.spec.TrainingSpec;
import org.junit.jupiter.api.Test;

class JsonMapperStrictnessTest {

    private static TrainingSpec read(String json) throws Exception {
        return JsonMapper.shared().readValue(json, TrainingSpec.class);
    }

    @Test
    void numbers_in_strings_fractions_for_integers_and_numbers_for_booleans_are_rejected() {
        assertThatThrownBy(() -> read("{\"dataset\":\"mnist\",\"steps\":\"2000\"}")).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> read("{\"dataset\":\"mnist\",\"steps\":20.5}")).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> read("{\"dataset\":\"mnist\",\"horizontalFlip\":1}")).isInstanceOf(MismatchedInputException.class);
        assertThatThrownBy(() -> read("{\"dataset\":\"mnist\",\"conditionDropout\":\"0.1\"}")).isInstanceOf(MismatchedInputException.class);
    }

    @Test
    void well_typed_values_still_read_including_integers_for_doubles() throws Exception {
        TrainingSpec spec = read("{\"dataset\":\"mnist\",\"steps\":2000,\"conditionDropout\":0,\"horizontalFlip\":true}");

        assertThat(spec.steps()).isEqualTo(2000);
        assertThat(spec.conditionDropout()).isZero();
        assertThat(spec.horizontalFlip()).isTrue();
    }

    @Test
    void content_after_the_value_is_rejected_but_trailing_whitespace_is_not() throws Exception {
        assertThatThrownBy(() -> read("{\"dataset\":\"mnist\"}{\"dataset\":\"mnist\"}"))
                .isInstanceOf(MismatchedInputException.class).hasMessageContaining("Trailing token");
        assertThatThrownBy(() -> read("{\"dataset\":\"mnist\"} 1")).isInstanceOf(MismatchedInputException.class);

        assertThat(read("{\"dataset\":\"mnist\"} \n").dataset()).isEqualTo("mnist");
    }
}
