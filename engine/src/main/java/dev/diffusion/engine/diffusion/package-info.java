/**
 * Diffusion mathematics, independent of networks and job plumbing: the immutable host-side {@link
 * dev.diffusion.engine.diffusion.NoiseSchedule}, the forward process, the training loss, the
 * stateless DDPM/DDIM reverse samplers, classifier-free guidance and the {@link
 * dev.diffusion.engine.diffusion.SamplingLoop} that drives a noise-prediction network from noise
 * to images. Timesteps are 0-based; images are float32 NCHW in [−1, 1].
 */
package dev.diffusion.engine.diffusion;
