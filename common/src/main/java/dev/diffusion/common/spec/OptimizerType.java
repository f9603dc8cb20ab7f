package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Optimizers: Adam and AdamW (decoupled weight decay). */
public enum OptimizerType implements WireEnum {
    ADAM,
    ADAMW;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static OptimizerType fromWire(String value) {
        return WireEnum.parse(OptimizerType.class, value);
    }
}
