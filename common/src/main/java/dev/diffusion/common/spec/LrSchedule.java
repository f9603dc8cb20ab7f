package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Learning-rate schedules over the training steps. */
public enum LrSchedule implements WireEnum {
    CONSTANT,
    LINEAR,
    COSINE,
    /**
     * Constant, then a linear decay to 0 over the last {@link OptimizerSpec#decayFraction()} of the steps
     * ("warmup-stable-decay": Hu et al. 2024, MiniCPM; Hägele et al. 2024).
     */
    WARMUP_STABLE_DECAY;

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
