package dev.diffusion.api.model.persistence;

/** Where a model came from: trained on the platform, or imported from a PyTorch state dict. */
public enum ModelSource {
    TRAINING,
    IMPORT
}
