package dev.diffusion.engine.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * The two sinusoidal timestep encodings of the DDPM U-Net and the SimpleUnet ("Attention Is All You
 * Need" position encodings applied to the diffusion step). They differ in order and frequencies,
 * and each network keeps its own so PyTorch weights stay interchangeable.
 */
public final class SinusoidalEmbeddings {

    private SinusoidalEmbeddings() {}

    /**
     * Improved DDPM's {@code timestep_embedding} (Nichol &amp; Dhariwal 2021): {@code freqs =
     * exp(-ln(maxPeriod) · i / half)} for {@code i < half = dim/2}, output {@code [cos(t·freqs),
     * sin(t·freqs)]}, padded with one zero column when {@code dim} is odd.
     *
     * @param timesteps [N] (may be fractional)
     * @param dim output width
     * @param maxPeriod the longest period, 10000 in the paper
     * @return [N, dim]
     */
    public static NDArray timestepEmbedding(NDArray timesteps, int dim, double maxPeriod) {
        int half = dim / 2;
        NDManager manager = timesteps.getManager();
        // the float the double Number became: PyTorch computes float32 data with a 0-dim operand in
        // float32; the constant is native (see Layers.constant)
        NDArray freqs =
                manager.arange(0, half, 1, DataType.FLOAT32)
                        .mul(Layers.constant(manager, (float) (-Math.log(maxPeriod) / half), DataType.FLOAT32))
                        .exp();
        NDArray args = timesteps.toType(DataType.FLOAT32, false).reshape(-1, 1).mul(freqs.reshape(1, -1));
        NDArray embedding = args.cos().concat(args.sin(), 1);
        if (dim % 2 == 1) {
            embedding = embedding.concat(manager.zeros(new Shape(embedding.getShape().get(0), 1)), 1);
        }
        return embedding;
    }

    /**
     * {@code SinusoidalPositionEmbeddings} of the SimpleUnet in "Diffusion models from scratch in
     * PyTorch" (DeepFindr): {@code freqs = exp(-ln(10000) · i / (half - 1))}, output {@code
     * [sin(t·freqs), cos(t·freqs)]}.
     *
     * @param time [N]
     * @param dim output width, even and at least 4
     * @return [N, dim]
     */
    public static NDArray positionEmbedding(NDArray time, int dim) {
        int half = dim / 2;
        NDManager manager = time.getManager();
        NDArray freqs =
                manager.arange(0, half, 1, DataType.FLOAT32)
                        .mul(Layers.constant(manager, (float) (-Math.log(10000) / (half - 1)), DataType.FLOAT32))
                        .exp();
        NDArray args = time.toType(DataType.FLOAT32, false).reshape(-1, 1).mul(freqs.reshape(1, -1));
        return args.sin().concat(args.cos(), 1);
    }
}
