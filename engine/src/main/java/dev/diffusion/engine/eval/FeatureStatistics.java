package dev.diffusion.engine.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

/**
 * The mean and covariance of a set of feature vectors, in double precision on the host: the
 * Gaussian that the Fréchet distance compares (see {@link FrechetDistance}).
 *
 * <p>The covariance is the unbiased sample covariance (divided by n − 1), as in the reference
 * implementation of the Fréchet Inception Distance; it is computed from the centred vectors, not as
 * E[xxᵀ] − μμᵀ, which loses digits when the mean is large against the spread. Instances are
 * immutable; accessors return copies.
 */
public final class FeatureStatistics {

    private final double[] mean;
    private final DMatrixRMaj covariance;
    private final long count;

    private FeatureStatistics(double[] mean, DMatrixRMaj covariance, long count) {
        this.mean = mean;
        this.covariance = covariance;
        this.count = count;
    }

    /**
     * Statistics of feature vectors given as rows.
     *
     * @param rows n ≥ 2 vectors of equal length d ≥ 1
     * @return their mean and sample covariance
     * @throws IllegalArgumentException for fewer than two rows, ragged rows or a non-finite value
     */
    public static FeatureStatistics of(double[][] rows) {
        if (rows.length < 2) {
            throw new IllegalArgumentException("feature statistics need at least 2 vectors, got " + rows.length);
        }
        int d = rows[0].length;
        if (d < 1) {
            throw new IllegalArgumentException("feature vectors must not be empty");
        }
        double[] mean = new double[d];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != d) {
                throw new IllegalArgumentException(
                        "feature vector " + i + " has length " + rows[i].length + ", the first has " + d);
            }
            for (int j = 0; j < d; j++) {
                double v = rows[i][j];
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("feature " + j + " of vector " + i + " is " + v);
                }
                mean[j] += v;
            }
        }
        for (int j = 0; j < d; j++) {
            mean[j] /= rows.length;
        }
        DMatrixRMaj centred = new DMatrixRMaj(rows.length, d);
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < d; j++) {
                centred.unsafe_set(i, j, rows[i][j] - mean[j]);
            }
        }
        DMatrixRMaj covariance = new DMatrixRMaj(d, d);
        CommonOps_DDRM.multTransA(centred, centred, covariance);
        CommonOps_DDRM.scale(1.0 / (rows.length - 1), covariance);
        symmetrise(covariance);
        return new FeatureStatistics(mean, covariance, rows.length);
    }

    /**
     * Statistics given directly, e.g. of a Gaussian known in closed form.
     *
     * @param mean μ, length d ≥ 1
     * @param covariance Σ, d × d, symmetric
     * @param count how many vectors they summarise (informational)
     * @return the statistics
     * @throws IllegalArgumentException when the sizes differ, Σ is not symmetric or a value is not finite
     */
    public static FeatureStatistics of(double[] mean, double[][] covariance, long count) {
        int d = mean.length;
        if (d < 1 || covariance.length != d) {
            throw new IllegalArgumentException(
                    "a mean of length " + d + " needs a " + d + "x" + d + " covariance, got " + covariance.length + " rows");
        }
        DMatrixRMaj sigma = new DMatrixRMaj(d, d);
        for (int i = 0; i < d; i++) {
            if (covariance[i].length != d) {
                throw new IllegalArgumentException("covariance row " + i + " has length " + covariance[i].length);
            }
            for (int j = 0; j < d; j++) {
                double v = covariance[i][j];
                if (!Double.isFinite(v) || v != covariance[j][i]) {
                    throw new IllegalArgumentException("covariance must be finite and symmetric, entry ("
                            + i + ", " + j + ") is " + v + " and (" + j + ", " + i + ") is " + covariance[j][i]);
                }
                sigma.unsafe_set(i, j, v);
            }
            if (!Double.isFinite(mean[i])) {
                throw new IllegalArgumentException("mean " + i + " is " + mean[i]);
            }
        }
        return new FeatureStatistics(mean.clone(), sigma, count);
    }

    /** Replaces m by (m + mᵀ)/2, removing the asymmetry rounding leaves in products. */
    static void symmetrise(DMatrixRMaj m) {
        for (int i = 0; i < m.numRows; i++) {
            for (int j = i + 1; j < m.numCols; j++) {
                double v = 0.5 * (m.unsafe_get(i, j) + m.unsafe_get(j, i));
                m.unsafe_set(i, j, v);
                m.unsafe_set(j, i, v);
            }
        }
    }

    /** @return d, the length of the feature vectors */
    public int dimension() {
        return mean.length;
    }

    /** @return n, the number of vectors summarised */
    public long count() {
        return count;
    }

    /** @return a copy of the mean μ */
    public double[] mean() {
        return mean.clone();
    }

    /** @return a copy of the covariance Σ as rows */
    public double[][] covariance() {
        double[][] rows = new double[mean.length][mean.length];
        for (int i = 0; i < mean.length; i++) {
            for (int j = 0; j < mean.length; j++) {
                rows[i][j] = covariance.unsafe_get(i, j);
            }
        }
        return rows;
    }

    /** The covariance itself, for {@link FrechetDistance}; callers must not change it. */
    DMatrixRMaj covarianceMatrix() {
        return covariance;
    }

    /** The mean itself, for {@link FrechetDistance}; callers must not change it. */
    double[] meanVector() {
        return mean;
    }

    @Override
    public String toString() {
        return "FeatureStatistics[d=" + mean.length + ", n=" + count + "]";
    }
}
