package dev.diffusion.common.spec;

import java.util.List;

/**
 * The noise-prediction network: architecture and size knobs.
 *
 * @param architecture       {@code context-unet} (default: the ContextUnet of the DeepLearning.AI
 *                           course "How Diffusion Models Work"), {@code ddpm-unet} or {@code simple-unet}
 * @param baseChannels       feature width: ContextUnet's {@code n_feat}, the U-Nets' first-level channels (default 64)
 * @param channelMultipliers per-level channel multipliers of the DDPM U-Net and SimpleUnet (default [1, 2, 2])
 * @param blocksPerLevel     residual blocks per level of the DDPM U-Net (default 2)
 * @param attentionResolutions feature-map sizes at which the DDPM U-Net adds self-attention (default none)
 * @param dropout            dropout in the DDPM U-Net residual blocks (default 0.1)
 * @param numClasses         number of classes for conditioning; 0 trains an unconditional model (default 10)
 * @param norm               normalisation in ContextUnet's residual blocks: {@code batch} (default, the course's
 *                           BatchNorm) or {@code group}; the other architectures always use GroupNorm
 */
public record ModelSpec(
        Architecture architecture,
        Integer baseChannels,
        List<Integer> channelMultipliers,
        Integer blocksPerLevel,
        List<Integer> attentionResolutions,
        Double dropout,
        Integer numClasses,
        NormType norm) {

    /**
     * The spec with every missing field set to its default. ContextUnet's residual blocks default to BatchNorm, as the
     * DeepLearning.AI course "How Diffusion Models Work" has them: with the rest of the defaults it trained better digits
     * and clothes than GroupNorm at equal steps and at least equal time (docs/quality.md, 2026-12-05 07:45).
     */
    public ModelSpec withDefaults() {
        Architecture a = architecture != null ? architecture : Architecture.CONTEXT_UNET;
        return new ModelSpec(
                a,
                baseChannels != null ? baseChannels : 64,
                channelMultipliers != null ? List.copyOf(channelMultipliers) : List.of(1, 2, 2),
                blocksPerLevel != null ? blocksPerLevel : 2,
                attentionResolutions != null ? List.copyOf(attentionResolutions) : List.of(),
                dropout != null ? dropout : 0.1,
                numClasses != null ? numClasses : 10,
                norm != null ? norm : a == Architecture.CONTEXT_UNET ? NormType.BATCH : NormType.GROUP);
    }

    /** All defaults. */
    public static ModelSpec defaults() {
        return new ModelSpec(null, null, null, null, null, null, null, null).withDefaults();
    }
}
