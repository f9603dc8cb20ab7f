package dev.diffusion.common.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.diffusion.common.json.JsonMapper;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The wire form of every spec enum: written, read back, the lenient spellings and the error message. */
class WireEnumTest {

    static Stream<Arguments> wireEnums() {
        Map<Class<? extends Enum<?>>, List<String>> wireNames = Map.of(
                Architecture.class, List.of("context-unet", "ddpm-unet", "simple-unet"),
                DdpmVariance.class, List.of("beta", "posterior"),
                LossType.class, List.of("mse", "l1", "huber"),
                LossWeighting.class, List.of("none", "min-snr", "p2"),
                LrSchedule.class, List.of("constant", "linear", "cosine", "warmup-stable-decay"),
                NormType.class, List.of("group", "batch"),
                OptimizerType.class, List.of("adam", "adamw"),
                SamplerType.class, List.of("ddpm", "ddim"),
                ScheduleType.class, List.of("linear", "cosine", "sigmoid"));
        return wireNames.entrySet().stream().map(e -> Arguments.of(e.getKey().getSimpleName(), e.getKey(), e.getValue()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("wireEnums")
    void writesAndReadsTheWireNames(String name, Class<? extends Enum<?>> type, List<String> wireNames) throws Exception {
        Enum<?>[] constants = type.getEnumConstants();
        assertThat(Arrays.stream(constants).map(c -> ((WireEnum) c).wireName())).containsExactlyElementsOf(wireNames);
        for (int i = 0; i < constants.length; i++) {
            String json = JsonMapper.shared().writeValueAsString(constants[i]);
            assertThat(json).isEqualTo("\"" + wireNames.get(i) + "\"");
            assertThat(JsonMapper.shared().readValue(json, type)).isSameAs(constants[i]);
            assertThat(JsonMapper.shared().readValue("\" " + constants[i].name() + " \"", type))
                    .as("Java name, any case, surrounding blanks").isSameAs(constants[i]);
            assertThat(JsonMapper.shared().readValue("\"" + wireNames.get(i).toUpperCase() + "\"", type))
                    .isSameAs(constants[i]);
            assertThat(fromWire(type, wireNames.get(i))).isSameAs(constants[i]);
        }
        assertThatThrownBy(() -> JsonMapper.shared().readValue("\"nope\"", type))
                .isInstanceOf(ValueInstantiationException.class)
                .hasRootCauseInstanceOf(IllegalArgumentException.class)
                .hasRootCauseMessage("'nope' is not one of " + wireNames.toString());
        assertThatThrownBy(() -> fromWire(type, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'null' is not one of " + wireNames);
    }

    private static Object fromWire(Class<?> type, String value) throws Exception {
        try {
            return type.getMethod("fromWire", String.class).invoke(null, value);
        } catch (java.lang.reflect.InvocationTargetException e) {
            throw (Exception) e.getCause();
        }
    }
}
