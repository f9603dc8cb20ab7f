package dev.diffusion.engine.eval;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class FrechetDistanceTest {

    @Test
    void identicalSetsAreAtDistanceZero() {
        double[][] features = correlatedRows(500, 128, 1);
        assertThat(FrechetDistance.between(features, features)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void identicalRankDeficientSetsAreAtDistanceZero() {
        // fewer vectors than dimensions, and dead (always-zero) units as a ReLU layer has them
        double[][] features = correlatedRows(40, 128, 2);
        for (double[] row : features) {
            for (int j = 0; j < 128; j += 5) {
                row[j] = 0;
            }
        }
        assertThat(FrechetDistance.between(features, features)).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void gaussiansWithDiagonalCovariancesMatchTheClosedForm() {
        double[] mu1 = {0.0, 1.0, -2.0, 3.5, 0.25};
        double[] mu2 = {1.0, 1.0, 0.0, 3.0, -0.75};
        double[] var1 = {1.0, 4.0, 0.25, 9.0, 2.0};
        double[] var2 = {4.0, 1.0, 0.25, 1.0, 0.5};
        // ‖μ₁ − μ₂‖² + Σ (√a − √b)²
        double expected = 0;
        for (int i = 0; i < mu1.length; i++) {
            expected += (mu1[i] - mu2[i]) * (mu1[i] - mu2[i]);
            expected += Math.pow(Math.sqrt(var1[i]) - Math.sqrt(var2[i]), 2);
        }
        double fd = FrechetDistance.between(gaussian(mu1, diagonal(var1)), gaussian(mu2, diagonal(var2)));
        assertThat(expected).isCloseTo(1 + 4 + 0.25 + 1 + 1 + 1 + 4 + 0.5, within(1e-12));
        assertThat(fd).isCloseTo(expected, within(1e-12));
    }

    @Test
    void oneDimensionalGaussiansDifferInMeanAndStandardDeviation() {
        double fd = FrechetDistance.between(
                gaussian(new double[] {2}, new double[][] {{9}}), gaussian(new double[] {-1}, new double[][] {{4}}));
        assertThat(fd).isCloseTo(3 * 3 + (3 - 2) * (3 - 2), within(1e-12));
    }

    @Test
    void aRotatedCovarianceAgainstTheIdentityMatchesTheClosedForm() {
        // Σ₁ = I: FD = ‖Δμ‖² + d + Tr Σ₂ − 2 Tr Σ₂^½, with Σ₂ = Q diag(s) Qᵀ, Tr Σ₂ = Σs, Tr Σ₂^½ = Σ√s
        int d = 6;
        double[] s = {0.5, 1.0, 2.0, 3.0, 5.0, 8.0};
        double[][] q = rotation(d, 7);
        double[][] sigma2 = new double[d][d];
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < d; j++) {
                for (int k = 0; k < d; k++) {
                    sigma2[i][j] += q[i][k] * s[k] * q[j][k];
                }
            }
        }
        for (int i = 0; i < d; i++) {
            for (int j = 0; j < i; j++) {
                sigma2[i][j] = sigma2[j][i];
            }
        }
        double expected = 0;
        double[] mu2 = new double[d];
        for (int k = 0; k < d; k++) {
            mu2[k] = 0.5 * k;
            expected += mu2[k] * mu2[k] + 1 + s[k] - 2 * Math.sqrt(s[k]);
        }
        double fd = FrechetDistance.between(gaussian(new double[d], diagonal(ones(d))), gaussian(mu2, sigma2));
        assertThat(fd).isCloseTo(expected, within(1e-10));
    }

    @Test
    void theDistanceIsSymmetric() {
        double[][] a = correlatedRows(300, 32, 3);
        double[][] b = correlatedRows(200, 32, 4);
        for (double[] row : b) {
            row[0] += 1.5;
        }
        double ab = FrechetDistance.between(a, b);
        double ba = FrechetDistance.between(b, a);
        assertThat(ab).isGreaterThan(1.0);
        assertThat(ba).isCloseTo(ab, within(1e-9 * ab));
    }

    @Test
    void statisticsAreTheMeanAndTheUnbiasedCovariance() {
        FeatureStatistics stats = FeatureStatistics.of(new double[][] {{1, 2}, {3, 6}, {5, 7}});
        assertThat(stats.mean()).containsExactly(3.0, 5.0);
        assertThat(stats.covariance()[0]).containsExactly(new double[] {4.0, 5.0}, within(1e-12));
        assertThat(stats.covariance()[1]).containsExactly(new double[] {5.0, 7.0}, within(1e-12));
        assertThat(stats.count()).isEqualTo(3);
    }

    @Test
    void mismatchedOrTooFewVectorsAreRejected() {
        assertThatThrownBy(() -> FrechetDistance.between(correlatedRows(10, 3, 1), correlatedRows(10, 4, 1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("dimensions differ");
        assertThatThrownBy(() -> FeatureStatistics.of(new double[][] {{1, 2}}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2");
        assertThatThrownBy(() -> FeatureStatistics.of(new double[][] {{1, 2}, {1}}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> FeatureStatistics.of(new double[][] {{1, Double.NaN}, {1, 2}}))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static FeatureStatistics gaussian(double[] mean, double[][] covariance) {
        return FeatureStatistics.of(mean, covariance, 0);
    }

    private static double[] ones(int d) {
        double[] values = new double[d];
        java.util.Arrays.fill(values, 1.0);
        return values;
    }

    private static double[][] diagonal(double[] values) {
        double[][] m = new double[values.length][values.length];
        for (int i = 0; i < values.length; i++) {
            m[i][i] = values[i];
        }
        return m;
    }

    /** An orthogonal matrix from Gram–Schmidt on seeded random columns. */
    private static double[][] rotation(int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] q = new double[d][d];
        for (int k = 0; k < d; k++) {
            double[] v = new double[d];
            for (int i = 0; i < d; i++) {
                v[i] = random.nextDouble(-1, 1);
            }
            for (int j = 0; j < k; j++) {
                double dot = 0;
                for (int i = 0; i < d; i++) {
                    dot += v[i] * q[i][j];
                }
                for (int i = 0; i < d; i++) {
                    v[i] -= dot * q[i][j];
                }
            }
            double norm = 0;
            for (double x : v) {
                norm += x * x;
            }
            for (int i = 0; i < d; i++) {
                q[i][k] = v[i] / Math.sqrt(norm);
            }
        }
        return q;
    }

    /** Rows of a seeded non-trivially correlated random vector: each feature mixes its neighbours. */
    private static double[][] correlatedRows(int n, int d, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[][] rows = new double[n][d];
        for (int i = 0; i < n; i++) {
            double previous = 0;
            for (int j = 0; j < d; j++) {
                double z = Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
                previous = 0.6 * previous + z + 0.1 * j;
                rows[i][j] = previous;
            }
        }
        return rows;
    }
}
