package dev.diffusion.engine.model;

/** The noise-prediction networks the factory can build, each with a display name. */
public enum NetworkArchitecture {
    /** The course's ContextUnet (seed 003). */
    CONTEXT_UNET("context-unet"),
    /** The DDPM / Improved DDPM U-Net (seed 000). */
    DDPM_UNET("ddpm-unet"),
    /** The SimpleUnet of seed 004. */
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
