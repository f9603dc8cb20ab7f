package dev.diffusion.engine.model;

/** The noise-prediction networks the factory can build, each with a display name. */
public enum NetworkArchitecture {
    /** The ContextUnet of the DeepLearning.AI course "How Diffusion Models Work". */
    CONTEXT_UNET("context-unet"),
    /** The DDPM U-Net (Ho et al. 2020; Improved DDPM, Nichol &amp; Dhariwal 2021). */
    DDPM_UNET("ddpm-unet"),
    /** The SimpleUnet of the "Diffusion models from scratch in PyTorch" tutorial (DeepFindr). */
    SIMPLE_UNET("simple-unet");

    private final String id;

    NetworkArchitecture(String id) {
        this.id = id;
    }

    /**
     * The display name (also the name job specs use for it).
     *
     * @return e.g. {@code "context-unet"}
     */
    public String id() {
        return id;
    }
}
