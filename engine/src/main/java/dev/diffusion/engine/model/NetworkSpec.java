package dev.diffusion.engine.model;

import dev.diffusion.engine.model.contextunet.ResidualNorm;

import java.util.List;

/**
 * Plain parameters from which {@link NoisePredictors} builds a network. Knobs an architecture does
 * not have are ignored by it (see {@link NoisePredictors#create(NetworkSpec)}).
 *
 * @param architecture the network to build
 * @param channels image channels C
 * @param imageSize S of the S×S images
 * @param baseChannels n_feat (ContextUnet), model_channels (DDPM U-Net) or the first channel count
 *     (SimpleUnet)
 * @param channelMultipliers per-level multipliers of baseChannels; empty for the architecture's
 *     default
 * @param blocksPerLevel residual blocks per level (DDPM U-Net)
 * @param attentionResolutions feature-map sizes with self-attention (DDPM U-Net)
 * @param dropout dropout rate (DDPM U-Net)
 * @param numClasses width K of the one-hot context, 0 for unconditional
 * @param timesteps number of diffusion steps T
 * @param residualNorm the normalisation of ContextUnet's residual blocks (null: GroupNorm); the other
 *     architectures always use GroupNorm
 */
public record NetworkSpec(
        NetworkArchitecture architecture,
        int channels,
        int imageSize,
        int baseChannels,
        List<Integer> channelMultipliers,
        int blocksPerLevel,
        List<Integer> attentionResolutions,
        float dropout,
        int numClasses,
        int timesteps,
        ResidualNorm residualNorm) {

    /** Copies the lists; {@code null} lists become empty, a {@code null} norm GroupNorm. */
    public NetworkSpec {
        residualNorm = residualNorm == null ? ResidualNorm.GROUP_NORM : residualNorm;
        java.util.Objects.requireNonNull(architecture, "architecture");
        channelMultipliers = channelMultipliers == null ? List.of() : List.copyOf(channelMultipliers);
        attentionResolutions = attentionResolutions == null ? List.of() : List.copyOf(attentionResolutions);
    }

    /**
     * The ContextUnet configuration of the DeepLearning.AI course "How Diffusion Models Work".
     *
     * @param channels image channels
     * @param imageSize image size, divisible by 4
     * @param features n_feat
     * @param numClasses n_cfeat
     * @param timesteps T
     * @return a spec
     */
    public static NetworkSpec contextUnet(int channels, int imageSize, int features, int numClasses, int timesteps) {
        return new NetworkSpec(
                NetworkArchitecture.CONTEXT_UNET, channels, imageSize, features, List.of(), 0, List.of(), 0f,
                numClasses, timesteps, ResidualNorm.GROUP_NORM);
    }
}
