package dev.diffusion.common.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

/**
 * File formats of a PyTorch state dict the platform imports and exports: {@code safetensors}
 * ({@code safetensors.torch.save_file(model.state_dict(), …)}) or {@code npz} ({@code numpy.savez}).
 */
public enum WeightsFormat implements WireEnum {
    SAFETENSORS,
    NPZ;

    @Override
    @JsonValue
    public String wireName() {
        return WireEnum.super.wireName();
    }

    /** Parses a wire name; see {@link WireEnum#parse}. */
    @JsonCreator
    public static WeightsFormat fromWire(String value) {
        return WireEnum.parse(WeightsFormat.class, value);
    }
}
