package dev.diffusion.engine.diffusion;

import ai.djl.ndarray.types.Shape;

/**
 * A host copy of the whole batch at one moment of sampling, e.g. one frame of the denoising GIF.
 *
 * @param stepsCompleted how many reverse steps had run (0 = the initial noise)
 * @param timestep the noise level of the samples: the timestep the next step evaluates, or −1 once
 *     the samples are clean
 * @param pixels the samples, NCHW, not clipped
 * @param shape [N, C, H, W]
 */
public record SamplingFrame(int stepsCompleted, int timestep, float[] pixels, Shape shape) {}
