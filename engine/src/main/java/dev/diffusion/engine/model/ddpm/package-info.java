/**
 * The DDPM / Improved DDPM U-Net (seed 000): time-conditioned residual blocks, self-attention,
 * down/up-sampling and the network assembling them, with child names equal to the PyTorch
 * attributes.
 */
package dev.diffusion.engine.model.ddpm;
