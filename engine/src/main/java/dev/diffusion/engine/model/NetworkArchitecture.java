package dev.diffusion.engine.model;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * The noise-prediction networks the factory can build, with their job-spec names (the same wire
 * names as the job spec's architecture field).
 */
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
     * The name used in job specs.
     *
     * @return e.g. {@code "context-unet"}
     */
    public String id() {
        return id;
    }

    /**
     * Parses a job-spec name, case-insensitively.
     *
     * @param id e.g. {@code "ddpm-unet"}
     * @return the architecture
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static NetworkArchitecture fromId(String id) {
        for (NetworkArchitecture a : values()) {
            if (a.id.equals(id == null ? null : id.trim().toLowerCase(Locale.ROOT))) {
                return a;
            }
        }
        throw new IllegalArgumentException(
                "Unknown architecture '" + id + "'; expected one of "
                        + Arrays.stream(values()).map(NetworkArchitecture::id).collect(Collectors.joining(", ")));
    }
}
