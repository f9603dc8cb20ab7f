package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/** The variance of a DDPM step: beta_t or the posterior variance (beta tilde). */
public enum DdpmVariance implements WireEnum {
    BETA,
    POSTERIOR;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static DdpmVariance fromWire(String value) {
        return WireEnum.parse(DdpmVariance.class, value);
    }
}
