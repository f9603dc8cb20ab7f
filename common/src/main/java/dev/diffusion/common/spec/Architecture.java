package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Noise-prediction network architectures the worker can build. */
public enum Architecture implements WireEnum {
    CONTEXT_UNET("context-unet"),
    DDPM_UNET("ddpm-unet"),
    SIMPLE_UNET("simple-unet");

    private final String wireName;

    Architecture(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static Architecture fromWire(String value) {
        return WireEnum.parse(Architecture.class, value);
    }
}
