/**
 * Pictures of images in the engine's float NCHW [−1, 1] convention: PNG grids ({@link
 * dev.diffusion.engine.render.ImageGrid}, {@link dev.diffusion.engine.render.PngGridWriter}),
 * animated GIFs of the denoising process ({@link dev.diffusion.engine.render.GifWriter}), the
 * forward-diffusion strip, and charts of sample quality against sampling cost ({@link
 * dev.diffusion.engine.render.QualityChart}) and against the training step ({@link
 * dev.diffusion.engine.render.QualityCurveChart}). Plain {@code java.awt.image} and {@code javax.imageio}, headless.
 */
package dev.diffusion.engine.render;
