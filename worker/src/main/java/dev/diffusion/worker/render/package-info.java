/**
 * Pictures of images in the engine's float NCHW [−1, 1] convention: PNG grids ({@link
 * dev.diffusion.worker.render.ImageGrid}, {@link dev.diffusion.worker.render.PngGridWriter}),
 * animated GIFs of the denoising process ({@link dev.diffusion.worker.render.GifWriter}) and the
 * forward-diffusion strip. Plain {@code java.awt.image} and {@code javax.imageio}, headless.
 */
package dev.diffusion.worker.render;
