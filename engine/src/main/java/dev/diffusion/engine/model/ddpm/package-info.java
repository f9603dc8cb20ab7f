/**
 * The DDPM U-Net (Ho et al. 2020; Improved DDPM, Nichol &amp; Dhariwal 2021): time-conditioned
 * residual blocks, self-attention, down/up-sampling and the network assembling them, with child
 * names equal to the PyTorch attributes.
 */
package dev.diffusion.engine.model.ddpm;
