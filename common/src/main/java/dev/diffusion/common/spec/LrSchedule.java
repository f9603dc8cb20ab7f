package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Learning-rate schedules over the training steps. */
public enum LrSchedule implements WireEnum {
    CONSTANT,
    LINEAR,
    COSINE;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static LrSchedule fromWire(String value) {
        return WireEnum.parse(LrSchedule.class, value);
    }
}
