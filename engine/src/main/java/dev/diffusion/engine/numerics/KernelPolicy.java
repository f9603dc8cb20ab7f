package dev.diffusion.engine.numerics;

/** Which kernel set the engine may use ({@code diffusion.engine.kernels}, {@code --kernels}). */
public enum KernelPolicy {
    /** oneDNN when it passes the self-check, else PyTorch's own kernels when those pass. */
    AUTO,
    /** oneDNN only: a failed self-check leaves the engine unusable. */
    ONEDNN,
    /** PyTorch's own kernels only (oneDNN switched off from the start). */
    NATIVE
}
