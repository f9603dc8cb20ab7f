package dev.diffusion.common.messaging;

/** What a job does; the wire name is the constant's name ({@code TRAINING}, {@code GENERATION}). */
public enum JobType {
    /** Trains a noise-prediction network and registers the resulting model. */
    TRAINING,
    /** Samples images from a registered model (PNG grid and denoising GIF). */
    GENERATION,
    /** Scores a registered model's samples (accuracy, Fréchet distance, speed) for one or more samplers. */
    EVALUATION,
    /** Validates a PyTorch state dict trained elsewhere and registers it as a model. */
    IMPORT
}
