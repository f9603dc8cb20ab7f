package dev.diffusion.api.config;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.diffusion.common.json.JsonMapper;
import io.quarkus.jackson.ObjectMapperCustomizer;
import jakarta.inject.Singleton;

/** REST bodies follow the same strict rules as specs and messages: unknown fields and coercions rejected. */
@Singleton
public class JacksonCustomizer implements ObjectMapperCustomizer {

    @Override
    public void customize(ObjectMapper mapper) {
        JsonMapper.configure(mapper);
    }

    @Override
    public int priority() {
        return MINIMUM_PRIORITY;
    }
}
