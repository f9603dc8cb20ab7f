package dev.diffusion.engine.numerics;

/**
 * One comparison of the self-check.
 *
 * @param name what was computed, e.g. "conv2d 3x3 s1 p1 [4,64,14,14]->64 input gradient"
 * @param relativeError max |engine - reference| / max |reference| (infinite for NaN or Inf)
 * @param tolerance the largest error that passes
 * @param repeatable whether a second computation gave bit-identical values
 */
public record KernelCheck(String name, double relativeError, double tolerance, boolean repeatable) {

    /**
     * Whether the engine's values are close enough and repeatable.
     *
     * @return true when passed
     */
    public boolean passed() {
        return relativeError <= tolerance && repeatable;
    }

    /**
     * A one-line description.
     *
     * @return e.g. "conv2d ... input gradient: error 4.3 (limit 1e-4)" or "... not repeatable"
     */
    public String describe() {
        String error = String.format(java.util.Locale.ROOT, "%s: error %.3g (limit %.0e)", name, relativeError, tolerance);
        return repeatable ? error : error + ", not repeatable (two runs differ)";
    }

    /**
     * Compares engine values with float64 reference values.
     *
     * @param name what was computed
     * @param engine the engine's values
     * @param again the engine's values of a second, identical computation
     * @param reference the reference values
     * @param tolerance the largest relative error that passes
     * @return the check
     */
    static KernelCheck compare(String name, float[] engine, float[] again, HostArray reference, double tolerance) {
        double[] expected = reference.data();
        if (engine.length != expected.length) {
            return new KernelCheck(name + " (size " + engine.length + ", expected " + expected.length + ")",
                    Double.POSITIVE_INFINITY, tolerance, true);
        }
        double scale = Double.MIN_NORMAL;
        double error = 0;
        for (int i = 0; i < expected.length; i++) {
            scale = Math.max(scale, Math.abs(expected[i]));
            double difference = Math.abs(engine[i] - expected[i]);
            error = Double.isFinite(difference) ? Math.max(error, difference) : Double.POSITIVE_INFINITY;
        }
        return new KernelCheck(name, error / scale, tolerance, java.util.Arrays.equals(engine, again));
    }
}
