package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Reverse-process samplers: DDPM ancestral sampling or DDIM. */
public enum SamplerType implements WireEnum {
    DDPM,
    DDIM;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static SamplerType fromWire(String value) {
        return WireEnum.parse(SamplerType.class, value);
    }
}
