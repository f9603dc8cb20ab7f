package dev.diffusion.engine.diffusion;

import java.util.SplittableRandom;

/**
 * A seeded host-side source of standard normal samples.
 *
 * <p>Uniforms come from {@link SplittableRandom} and are turned into normals by the Box–Muller
 * transform written here, so a seed gives the same sequence on every JVM and thread count (unlike
 * an engine's RNG, whose stream depends on the backend and on the shape of each request). One
 * generator per image keeps an image independent of the batch it is sampled in.
 *
 * <p>Not thread-safe; use one instance per image.
 */
public final class GaussianNoise {

    private final SplittableRandom random;
    private double spare;
    private boolean hasSpare;

    /**
     * Creates a generator.
     *
     * @param seed the seed; equal seeds give equal sequences
     */
    public GaussianNoise(long seed) {
        this.random = new SplittableRandom(seed);
    }

    /**
     * Returns the next standard normal sample.
     *
     * @return a sample of N(0, 1)
     */
    public double nextGaussian() {
        if (hasSpare) {
            hasSpare = false;
            return spare;
        }
        double u1 = 1.0 - random.nextDouble(); // in (0, 1], so the log is finite
        double u2 = random.nextDouble();
        double radius = Math.sqrt(-2.0 * Math.log(u1));
        double angle = 2.0 * Math.PI * u2;
        spare = radius * Math.sin(angle);
        hasSpare = true;
        return radius * Math.cos(angle);
    }

    /**
     * Fills a region of an array with standard normal samples.
     *
     * @param target the array
     * @param offset first index to fill
     * @param length number of values
     */
    public void fill(float[] target, int offset, int length) {
        for (int i = offset; i < offset + length; i++) {
            target[i] = (float) nextGaussian();
        }
    }

    /**
     * Returns fresh standard normal samples.
     *
     * @param length number of values
     * @return a new array of samples
     */
    public float[] next(int length) {
        float[] values = new float[length];
        fill(values, 0, length);
        return values;
    }
}
