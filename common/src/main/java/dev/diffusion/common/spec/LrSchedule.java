package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Learning-rate schedules over the training steps. */
public enum LrSchedule implements WireEnum {
    CONSTANT("constant"),
    LINEAR("linear"),
    COSINE("cosine");

    private final String wireName;

    LrSchedule(String wireName) {
        this.wireName = wireName;
    }

    @Override
    @JsonValue
    public String wireName() {
        return wireName;
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static LrSchedule fromWire(String value) {
        return WireEnum.parse(LrSchedule.class, value);
    }
}
