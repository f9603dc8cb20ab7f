package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Noise (beta) schedules: linear (DDPM), cosine (Improved DDPM), sigmoid. */
public enum ScheduleType implements WireEnum {
    LINEAR("linear"),
    COSINE("cosine"),
    SIGMOID("sigmoid");

    private final String wireName;

    ScheduleType(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static ScheduleType fromWire(String value) {
        return WireEnum.parse(ScheduleType.class, value);
    }
}
