package dev.diffusion.engine.train;

import java.util.Arrays;

/**
 * A small, fast random generator whose whole state is four longs, so it can be saved in a
 * checkpoint and restored exactly (java.util.Random and SplittableRandom keep their state private).
 *
 * <p>Algorithm: xoshiro256** by Blackman and Vigna (2018), seeded through SplitMix64 as its authors
 * recommend. Gaussian values use the Box–Muller transform without a cached second value, so the
 * state really is only the four words.
 */
public final class SeededRandom {

    private static final double DOUBLE_UNIT = 0x1.0p-53;

    private final long[] s = new long[4];

    /**
     * Creates a generator from a seed; equal seeds give equal streams.
     *
     * @param seed any long
     */
    public SeededRandom(long seed) {
        long x = seed;
        for (int i = 0; i < 4; i++) {
            x += 0x9E3779B97F4A7C15L;
            s[i] = mix64(x);
        }
    }

    private SeededRandom(long[] state) {
        if (state.length != 4) {
            throw new IllegalArgumentException("random state must have 4 words, got " + state.length);
        }
        if (state[0] == 0 && state[1] == 0 && state[2] == 0 && state[3] == 0) {
            throw new IllegalArgumentException("random state must not be all zero");
        }
        System.arraycopy(state, 0, s, 0, 4);
    }

    /**
     * Restores a generator from a state previously returned by {@link #state()}.
     *
     * @param state four words
     * @return a generator continuing the saved stream
     */
    public static SeededRandom fromState(long[] state) {
        return new SeededRandom(state.clone());
    }

    /**
     * Returns a copy of the full state.
     *
     * @return four words
     */
    public long[] state() {
        return s.clone();
    }

    /**
     * Derives an independent generator (for example one per purpose) from the next output.
     *
     * @return a new generator
     */
    public SeededRandom split() {
        return new SeededRandom(nextLong());
    }

    /**
     * Returns the next 64 random bits.
     *
     * @return a long
     */
    public long nextLong() {
        long result = Long.rotateLeft(s[1] * 5, 7) * 9;
        long t = s[1] << 17;
        s[2] ^= s[0];
        s[3] ^= s[1];
        s[1] ^= s[2];
        s[0] ^= s[3];
        s[2] ^= t;
        s[3] = Long.rotateLeft(s[3], 45);
        return result;
    }

    /**
     * Returns a uniform double in [0, 1).
     *
     * @return a double
     */
    public double nextDouble() {
        return (nextLong() >>> 11) * DOUBLE_UNIT;
    }

    /**
     * Returns a uniform int in [0, bound) without modulo bias (Lemire's method with rejection).
     *
     * @param bound exclusive upper bound, positive
     * @return an int
     */
    public int nextInt(int bound) {
        if (bound <= 0) {
            throw new IllegalArgumentException("bound must be positive, got " + bound);
        }
        long threshold = (1L << 32) % bound;
        while (true) {
            long r = nextLong() >>> 32;
            long m = r * bound;
            if ((m & 0xFFFFFFFFL) >= threshold) {
                return (int) (m >>> 32);
            }
        }
    }

    /**
     * Returns true with the given probability.
     *
     * @param probability in [0, 1]
     * @return a boolean
     */
    public boolean nextBoolean(double probability) {
        return nextDouble() < probability;
    }

    /**
     * Fills an array with standard normal values (Box–Muller, both values of each pair used).
     *
     * @param out the array to fill
     */
    public void fillGaussian(float[] out) {
        int i = 0;
        while (i < out.length) {
            double u1 = 1.0 - nextDouble(); // (0, 1], so log is finite
            double u2 = nextDouble();
            double r = Math.sqrt(-2.0 * Math.log(u1));
            double theta = 2.0 * Math.PI * u2;
            out[i++] = (float) (r * Math.cos(theta));
            if (i < out.length) {
                out[i++] = (float) (r * Math.sin(theta));
            }
        }
    }

    /**
     * Returns a new array of standard normal values.
     *
     * @param n length
     * @return the values
     */
    public float[] gaussian(int n) {
        float[] out = new float[n];
        fillGaussian(out);
        return out;
    }

    private static long mix64(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    @Override
    public String toString() {
        return "SeededRandom" + Arrays.toString(s);
    }
}
