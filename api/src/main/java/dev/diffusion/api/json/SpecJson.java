package dev.diffusion.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.diffusion.common.json.JsonMapper;
import dev.diffusion.common.spec.EvaluationSpec;
import dev.diffusion.common.spec.GenerationSpec;
import dev.diffusion.common.spec.ImportSpec;
import dev.diffusion.common.spec.TrainingSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON columns (specs, metrics) to and from their records, with the shared strict mapper. */
public final class SpecJson {

    private static final TypeReference<LinkedHashMap<String, Double>> METRICS = new TypeReference<>() {
    };

    private SpecJson() {
    }

    public static String write(Object value) {
        try {
            return JsonMapper.shared().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getSimpleName() + " as JSON", e);
        }
    }

    public static TrainingSpec training(String json) {
        return read(json, TrainingSpec.class);
    }

    public static GenerationSpec generation(String json) {
        return read(json, GenerationSpec.class);
    }

    public static EvaluationSpec evaluation(String json) {
        return read(json, EvaluationSpec.class);
    }

    public static ImportSpec importing(String json) {
        return read(json, ImportSpec.class);
    }

    /** Metrics column to a map; null or empty gives an empty map. */
    public static Map<String, Double> metrics(String json) {
        if (json == null || json.isBlank()) {
            return new LinkedHashMap<>();
        }
        try {
            return JsonMapper.shared().readValue(json, METRICS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored metrics are not a JSON object of numbers: " + json, e);
        }
    }

    private static <T> T read(String json, Class<T> type) {
        try {
            return JsonMapper.shared().readValue(json, type);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored " + type.getSimpleName() + " cannot be read: " + e.getMessage(), e);
        }
    }
}
