package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * The normalisation inside ContextUnet's residual blocks: {@code group} (GroupNorm with 8 groups, independent of
 * the batch) or {@code batch} (BatchNorm2d, as in the DeepLearning.AI course "How Diffusion Models Work").
 */
public enum NormType implements WireEnum {
    GROUP,
    BATCH;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static NormType fromWire(String value) {
        return WireEnum.parse(NormType.class, value);
    }
}
