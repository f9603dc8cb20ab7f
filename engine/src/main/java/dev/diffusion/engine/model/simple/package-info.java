/**
 * The SimpleUnet of the "Diffusion models from scratch in PyTorch" tutorial (DeepFindr): BatchNorm blocks with a
 * time MLP and transposed-conv up-sampling.
 */
package dev.diffusion.engine.model.simple;
