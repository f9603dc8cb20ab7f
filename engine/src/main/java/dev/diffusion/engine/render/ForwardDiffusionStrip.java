package dev.diffusion.engine.render;

import ai.djl.ndarray.types.Shape;
import dev.diffusion.engine.diffusion.ForwardProcess;
import dev.diffusion.engine.diffusion.GaussianNoise;
import dev.diffusion.engine.diffusion.NoiseSchedule;

import java.awt.image.BufferedImage;
import java.util.Arrays;

/**
 * The "forward diffusion" picture of "The Annotated Diffusion Model" and "Diffusion models from
 * scratch in PyTorch": one image noised to several timesteps, side by side in one row. All levels
 * share one noise draw ε (seeded), so the strip shows the same noise growing as √(1−ᾱ_t) rises; the
 * clean image can be shown first.
 */
public final class ForwardDiffusionStrip {

    private ForwardDiffusionStrip() {}

    /**
     * Evenly spaced timesteps from 0 to T−1 inclusive, as {@code range(0, T, T/num)} in "Diffusion
     * models from scratch in PyTorch" but ending at the noisiest step.
     *
     * @param trainingSteps T
     * @param count how many, in [2, T]
     * @return ascending timesteps round(i·(T−1)/(count−1))
     */
    public static int[] evenlySpaced(int trainingSteps, int count) {
        if (count < 2 || count > trainingSteps) {
            throw new IllegalArgumentException(
                    "count must be in [2, " + trainingSteps + "], got " + count);
        }
        int[] timesteps = new int[count];
        for (int i = 0; i < count; i++) {
            timesteps[i] = (int) Math.round(i * (trainingSteps - 1.0) / (count - 1));
        }
        return timesteps;
    }

    /**
     * Noises one image to each timestep.
     *
     * @param x0 the clean image, CHW in [−1, 1]
     * @param schedule the noise schedule
     * @param timesteps noise levels, each in [0, T−1]
     * @param seed seed of the shared noise ε
     * @param includeOriginal whether the clean image comes first
     * @return the images NCHW, N = timesteps (+1 with the original)
     */
    public static float[] noisyImages(
            float[] x0, NoiseSchedule schedule, int[] timesteps, long seed, boolean includeOriginal) {
        ForwardProcess forward = new ForwardProcess(schedule);
        float[] noise = new GaussianNoise(seed).next(x0.length);
        int first = includeOriginal ? 1 : 0;
        float[] images = new float[(timesteps.length + first) * x0.length];
        if (includeOriginal) {
            System.arraycopy(x0, 0, images, 0, x0.length);
        }
        for (int i = 0; i < timesteps.length; i++) {
            float[] noisy = forward.qSample(x0, timesteps[i], noise);
            System.arraycopy(noisy, 0, images, (first + i) * x0.length, x0.length);
        }
        return images;
    }

    /**
     * Renders the strip as one row.
     *
     * @param x0 the clean image, CHW in [−1, 1]
     * @param imageShape [C, H, W], C = 1 or 3
     * @param schedule the noise schedule
     * @param timesteps noise levels, each in [0, T−1]
     * @param seed seed of the shared noise ε
     * @param includeOriginal whether the clean image comes first
     * @param padding pixels between images (white)
     * @return the picture
     */
    public static BufferedImage render(
            float[] x0,
            Shape imageShape,
            NoiseSchedule schedule,
            int[] timesteps,
            long seed,
            boolean includeOriginal,
            int padding) {
        if (imageShape.dimension() != 3 || imageShape.size() != x0.length) {
            throw new IllegalArgumentException(
                    "image shape must be [C, H, W] matching " + x0.length + " values, got " + imageShape);
        }
        if (timesteps.length == 0) {
            throw new IllegalArgumentException("at least one timestep is needed");
        }
        float[] images = noisyImages(x0, schedule, timesteps, seed, includeOriginal);
        int count = timesteps.length + (includeOriginal ? 1 : 0);
        Shape shape = new Shape(count, imageShape.get(0), imageShape.get(1), imageShape.get(2));
        return ImageGrid.render(images, shape, new GridLayout(count, padding, 1f));
    }

    /**
     * Renders several strips, one row per image: the clean image, then the image at each noise
     * level. Row {@code r} draws its noise from {@code seed + r}.
     *
     * @param x0s the clean images, NCHW in [−1, 1], N ≥ 1
     * @param imageShape [C, H, W] of one image, C = 1 or 3
     * @param schedule the noise schedule
     * @param timesteps noise levels, each in [0, T−1]
     * @param seed seed of the first row's noise
     * @param padding pixels between images (white)
     * @return the picture, N rows of {@code timesteps.length + 1} images
     */
    public static BufferedImage renderRows(
            float[] x0s, Shape imageShape, NoiseSchedule schedule, int[] timesteps, long seed, int padding) {
        int pixels = Math.toIntExact(imageShape.size());
        if (imageShape.dimension() != 3 || x0s.length == 0 || x0s.length % pixels != 0) {
            throw new IllegalArgumentException(
                    "image shape must be [C, H, W] dividing " + x0s.length + " values, got " + imageShape);
        }
        if (timesteps.length == 0) {
            throw new IllegalArgumentException("at least one timestep is needed");
        }
        int rows = x0s.length / pixels;
        int columns = timesteps.length + 1;
        float[] images = new float[rows * columns * pixels];
        for (int r = 0; r < rows; r++) {
            float[] x0 = Arrays.copyOfRange(x0s, r * pixels, (r + 1) * pixels);
            float[] row = noisyImages(x0, schedule, timesteps, seed + r, true);
            System.arraycopy(row, 0, images, r * columns * pixels, row.length);
        }
        Shape shape = new Shape(rows * columns, imageShape.get(0), imageShape.get(1), imageShape.get(2));
        return ImageGrid.render(images, shape, new GridLayout(columns, padding, 1f));
    }
}
