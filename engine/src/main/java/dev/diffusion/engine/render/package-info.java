/**
 * Pictures of images in the engine's float NCHW [−1, 1] convention: PNG grids ({@link
 * dev.diffusion.engine.render.ImageGrid}, {@link dev.diffusion.engine.render.PngGridWriter}),
 * animated GIFs of the denoising process ({@link dev.diffusion.engine.render.GifWriter}) and the
 * forward-diffusion strip. Plain {@code java.awt.image} and {@code javax.imageio}, headless.
 */
package dev.diffusion.engine.render;
