package dev.diffusion.engine.eval;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * The Fréchet distance between two Gaussians fitted to feature vectors, the measure behind the
 * Fréchet Inception Distance of Heusel et al. 2017, "GANs Trained by a Two Time-Scale Update Rule
 * Converge to a Local Nash Equilibrium":
 *
 * <pre>
 *   FD = ‖μ₁ − μ₂‖² + Tr(Σ₁ + Σ₂ − 2 (Σ₁^½ Σ₂ Σ₁^½)^½)
 * </pre>
 *
 * It is the squared 2-Wasserstein distance between N(μ₁, Σ₁) and N(μ₂, Σ₂): 0 for equal
 * statistics, symmetric, and growing both with a shift of the mean and with a change of spread.
 * Here the features are the evaluator's own penultimate layer rather than Inception-v3's, so values
 * compare runs scored by the same evaluator only.
 *
 * <p>Both square roots are taken of symmetric positive semi-definite matrices through a symmetric
 * eigendecomposition (EJML), clipping eigenvalues that rounding made slightly negative to 0: first
 * Σ₁^½ = V diag(√λ) Vᵀ, then the trace of the root of M = Σ₁^½ Σ₂ Σ₁^½ is Σ √λᵢ(M). The symmetric
 * form avoids the complex intermediate results of a general matrix square root of Σ₁Σ₂. All in
 * double precision; rounding can leave a tiny negative total, which is reported as 0.
 */
public final class FrechetDistance {

    private FrechetDistance() {}

    /**
     * The Fréchet distance between two sets of statistics.
     *
     * @param a the first, e.g. of generated images
     * @param b the second, e.g. of real held-out images
     * @return FD ≥ 0
     * @throws IllegalArgumentException when the dimensions differ
     * @throws ArithmeticException when an eigendecomposition fails
     */
    public static double between(FeatureStatistics a, FeatureStatistics b) {
        if (a.dimension() != b.dimension()) {
            throw new IllegalArgumentException(
                    "feature dimensions differ: " + a.dimension() + " and " + b.dimension());
        }
        double[] mu1 = a.meanVector();
        double[] mu2 = b.meanVector();
        double meanTerm = 0;
        for (int i = 0; i < mu1.length; i++) {
            double diff = mu1[i] - mu2[i];
            meanTerm += diff * diff;
        }
        DMatrixRMaj sigma1 = a.covarianceMatrix();
        DMatrixRMaj sigma2 = b.covarianceMatrix();
        DMatrixRMaj root1 = symmetricSquareRoot(sigma1);
        DMatrixRMaj temp = new DMatrixRMaj(mu1.length, mu1.length);
        DMatrixRMaj middle = new DMatrixRMaj(mu1.length, mu1.length);
        CommonOps_DDRM.mult(root1, sigma2, temp);
        CommonOps_DDRM.mult(temp, root1, middle);
        double traceOfRoot = 0;
        for (double lambda : symmetricEigenvalues(middle)) {
            traceOfRoot += Math.sqrt(Math.max(lambda, 0));
        }
        double fd = meanTerm + CommonOps_DDRM.trace(sigma1) + CommonOps_DDRM.trace(sigma2) - 2 * traceOfRoot;
        return Math.max(fd, 0);
    }

    /**
     * The Fréchet distance between the Gaussians of two sets of feature vectors.
     *
     * @param a n ≥ 2 rows of length d
     * @param b m ≥ 2 rows of length d
     * @return FD ≥ 0
     */
    public static double between(double[][] a, double[][] b) {
        return between(FeatureStatistics.of(a), FeatureStatistics.of(b));
    }

    /** V diag(√max(λ, 0)) Vᵀ of a symmetric matrix. */
    static DMatrixRMaj symmetricSquareRoot(DMatrixRMaj symmetric) {
        int d = symmetric.numRows;
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(symmetric);
        DMatrixRMaj root = new DMatrixRMaj(d, d);
        for (int k = 0; k < d; k++) {
            double scale = Math.sqrt(Math.max(eig.getEigenvalue(k).real, 0));
            if (scale == 0) {
                continue;
            }
            DMatrixRMaj v = eig.getEigenVector(k);
            for (int i = 0; i < d; i++) {
                double vi = v.get(i) * scale;
                for (int j = 0; j < d; j++) {
                    root.unsafe_set(i, j, root.unsafe_get(i, j) + vi * v.get(j));
                }
            }
        }
        FeatureStatistics.symmetrise(root);
        return root;
    }

    private static double[] symmetricEigenvalues(DMatrixRMaj symmetric) {
        FeatureStatistics.symmetrise(symmetric);
        EigenDecomposition_F64<DMatrixRMaj> eig = decompose(symmetric);
        double[] values = new double[symmetric.numRows];
        for (int k = 0; k < values.length; k++) {
            values[k] = eig.getEigenvalue(k).real;
        }
        return values;
    }

    private static EigenDecomposition_F64<DMatrixRMaj> decompose(DMatrixRMaj symmetric) {
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(symmetric.numRows, true, true);
        if (!eig.decompose(eig.inputModified() ? symmetric.copy() : symmetric)) {
            throw new ArithmeticException(
                    "the symmetric eigendecomposition of a " + symmetric.numRows + "x" + symmetric.numCols
                            + " covariance did not converge");
        }
        return eig;
    }
}
