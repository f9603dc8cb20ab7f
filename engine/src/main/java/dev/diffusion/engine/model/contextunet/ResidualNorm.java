package dev.diffusion.engine.model.contextunet;

import ai.djl.nn.Block;
import dev.diffusion.engine.model.layers.Layers;

/**
 * The normalisation inside {@link ResidualConvBlock}. Both have PyTorch parameters {@code weight}
 * and {@code bias} per channel, so the parameter count is the same; batch norm also keeps running
 * statistics ({@code running_mean}, {@code running_var}).
 */
public enum ResidualNorm {
    /** {@code nn.GroupNorm(groups, C)}: independent of the batch, the project's default. */
    GROUP_NORM,
    /** {@code nn.BatchNorm2d(C)} as in the DeepLearning.AI course code; PyTorch momentum 0.1. */
    BATCH_NORM;

    Block create(int groups) {
        if (this == GROUP_NORM) {
            return Layers.groupNorm(groups);
        }
        return Layers.batchNorm();
    }
}
