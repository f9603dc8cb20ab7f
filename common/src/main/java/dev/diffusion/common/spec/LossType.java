package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Per-pixel regression losses between true and predicted noise. */
public enum LossType implements WireEnum {
    MSE,
    L1,
    HUBER;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static LossType fromWire(String value) {
        return WireEnum.parse(LossType.class, value);
    }
}
