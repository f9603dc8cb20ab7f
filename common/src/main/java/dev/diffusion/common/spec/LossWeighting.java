package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** Per-timestep loss weighting: none, min-SNR-gamma (Hang et al. 2023) or P2 (Choi et al. 2022). */
public enum LossWeighting implements WireEnum {
    NONE,
    MIN_SNR,
    P2;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static LossWeighting fromWire(String value) {
        return WireEnum.parse(LossWeighting.class, value);
    }
}
