package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Noise-prediction network architectures the worker can build. */
public enum Architecture implements WireEnum {
    CONTEXT_UNET,
    DDPM_UNET,
    SIMPLE_UNET;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static Architecture fromWire(String value) {
        return WireEnum.parse(Architecture.class, value);
    }
}
