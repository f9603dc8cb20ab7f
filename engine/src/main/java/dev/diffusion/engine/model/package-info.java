/**
 * Noise-prediction networks ε_θ(x_t, t, c) as DJL blocks, and the factory that builds them from a
 * job's plain parameters ({@link dev.diffusion.engine.model.NoisePredictors}). Every network is a
 * {@link dev.diffusion.engine.model.NoisePredictor}: {@code NDList(x, t, context)} in, {@code
 * NDList(eps)} out. Sub-packages hold the architectures ({@code contextunet}, {@code ddpm}, {@code
 * simple}), the layers the PyTorch engine lacks ({@code layers}) and PyTorch weight files ({@code
 * weights}).
 */
package dev.diffusion.engine.model;
