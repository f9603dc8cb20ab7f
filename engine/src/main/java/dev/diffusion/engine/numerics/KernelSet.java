package dev.diffusion.engine.numerics;

/** The kernel set convolutions run on. */
public enum KernelSet {
    /** oneDNN's JIT kernels, PyTorch's default on x86-64. */
    ONEDNN("oneDNN"),
    /** PyTorch's own im2col + GEMM convolutions, with oneDNN switched off. */
    PYTORCH_NATIVE("PyTorch native (oneDNN off)");

    private final String label;

    KernelSet(String label) {
        this.label = label;
    }

    /**
     * A human-readable name.
     *
     * @return e.g. "oneDNN"
     */
    public String label() {
        return label;
    }
}
