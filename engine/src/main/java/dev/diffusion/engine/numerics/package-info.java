/**
 * Numerical self-check of the engine's kernels: convolution, transposed convolution, GroupNorm and linear
 * layers, forward and backward, computed by the PyTorch engine and compared with float64 host-side
 * references ({@link dev.diffusion.engine.numerics.ReferenceOps}) and one whole training step of the course's
 * network; the choice of kernel set (oneDNN, capped at AVX on CPUs where its wider kernels fail now and then, or
 * PyTorch's own) that passes it ({@link dev.diffusion.engine.numerics.EngineNumerics}); and the description
 * of the CPU it ran on. Some CPUs (seen on AMD EPYC virtual machines with AVX-512) make oneDNN's JIT
 * convolutions compute wrong numbers; this is how a worker finds out before it trains on them.
 */
package dev.diffusion.engine.numerics;
