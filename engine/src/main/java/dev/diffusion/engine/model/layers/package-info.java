/**
 * Layers the networks share that DJL's PyTorch engine does not provide (GroupNorm, transposed
 * convolution) or that the diffusion U-Nets define (sinusoidal timestep embeddings), plus short factories
 * for standard layers with PyTorch arguments.
 */
package dev.diffusion.engine.model.layers;
