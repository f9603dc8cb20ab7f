/**
 * Generation from a trained model: loading a model file, building the sampler of a generation spec,
 * running the sampling loop and writing {@code grid.png} and {@code denoise.gif}; also the preview
 * grids drawn during training.
 */
package dev.diffusion.engine.sample;
