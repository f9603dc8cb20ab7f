package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Noise (beta) schedules: linear (DDPM), cosine (Improved DDPM), sigmoid. */
public enum ScheduleType implements WireEnum {
    LINEAR,
    COSINE,
    SIGMOID;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static ScheduleType fromWire(String value) {
        return WireEnum.parse(ScheduleType.class, value);
    }
}
