package dev.diffusion.engine.numerics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** The float64 references against closed forms, adjoint identities and finite differences. */
class ReferenceOpsTest {

    private final Random random = new Random(7);

    @Test
    void convolutionOfOnesCountsTheWindowCellsInsideTheImage() {
        HostArray x = new HostArray(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);
        HostArray w = new HostArray(new double[] {1, 1, 1, 1, 1, 1, 1, 1, 1}, 1, 1, 3, 3);

        assertThat(ReferenceOps.conv2d(x, w, 1, 1).data()).containsExactly(4, 6, 4, 6, 9, 6, 4, 6, 4);
        assertThat(ReferenceOps.conv2d(x, w, 2, 1).data()).containsExactly(4, 4, 4, 4);
    }

    @Test
    void transposedConvolutionScattersTheKernel() {
        HostArray x = new HostArray(new double[] {1, 2, 3, 4}, 1, 1, 2, 2);
        HostArray w = new HostArray(new double[] {1, 1, 1, 1}, 1, 1, 2, 2);

        assertThat(ReferenceOps.convTranspose2d(x, w, 1, 0).data()).containsExactly(1, 3, 2, 4, 10, 6, 3, 7, 4);
    }

    @Test
    void convolutionGradientsAreItsAdjoints() {
        HostArray x = HostArray.gaussian(random, 2, 3, 7, 7);
        HostArray w = HostArray.gaussian(random, 4, 3, 4, 4);
        HostArray gy = HostArray.gaussian(random, 2, 4, 3, 3);

        // <conv(x, w), gy> = <x, dx> = <w, dw> because the convolution is linear in each argument
        double loss = dot(ReferenceOps.conv2d(x, w, 2, 1), gy);
        assertThat(dot(x, ReferenceOps.conv2dInputGradient(gy, x, w, 2, 1))).isCloseTo(loss, within(1e-9));
        assertThat(dot(w, ReferenceOps.conv2dWeightGradient(gy, x, w, 2, 1))).isCloseTo(loss, within(1e-9));
    }

    @Test
    void transposedConvolutionIsTheAdjointOfTheConvolutionAndHasItsGradients() {
        HostArray x = HostArray.gaussian(random, 2, 3, 4, 4);
        HostArray w = HostArray.gaussian(random, 3, 5, 4, 4);
        HostArray gy = HostArray.gaussian(random, 2, 5, 8, 8);

        double loss = dot(ReferenceOps.convTranspose2d(x, w, 2, 1), gy);
        assertThat(dot(x, ReferenceOps.conv2d(gy, w, 2, 1))).isCloseTo(loss, within(1e-9));
        assertThat(dot(x, ReferenceOps.convTranspose2dInputGradient(gy, x, w, 2, 1))).isCloseTo(loss, within(1e-9));
        assertThat(dot(w, ReferenceOps.convTranspose2dWeightGradient(gy, x, w, 2, 1))).isCloseTo(loss, within(1e-9));
    }

    @Test
    void groupNormHasZeroMeanAndUnitVariancePerGroupAndFiniteDifferenceGradients() {
        HostArray x = HostArray.gaussian(random, 2, 4, 3, 3);
        HostArray gamma = HostArray.gaussian(random, 4);
        HostArray beta = HostArray.gaussian(random, 4);
        HostArray gy = HostArray.gaussian(random, 2, 4, 3, 3);
        HostArray ones = new HostArray(new double[] {1, 1, 1, 1}, 4);

        double[] plain = new ReferenceGroupNorm(x, 2, ones, 0).output(HostArray.zeros(4)).data();
        double mean = 0;
        double square = 0;
        for (int i = 0; i < 18; i++) {
            mean += plain[i] / 18;
            square += plain[i] * plain[i] / 18;
        }
        assertThat(mean).isCloseTo(0, within(1e-12));
        assertThat(square).isCloseTo(1, within(1e-12));

        HostArray[] gradients = new ReferenceGroupNorm(x, 2, gamma, 1e-5).gradients(gy);
        assertMatchesFiniteDifferences(x, gradients[0], v -> dot(new ReferenceGroupNorm(v, 2, gamma, 1e-5).output(beta), gy));
        assertMatchesFiniteDifferences(gamma, gradients[1], v -> dot(new ReferenceGroupNorm(x, 2, v, 1e-5).output(beta), gy));
        assertMatchesFiniteDifferences(beta, gradients[2], v -> dot(new ReferenceGroupNorm(x, 2, gamma, 1e-5).output(v), gy));
    }

    @Test
    void linearGradientsMatchFiniteDifferences() {
        HostArray x = HostArray.gaussian(random, 3, 5);
        HostArray w = HostArray.gaussian(random, 4, 5);
        HostArray b = HostArray.gaussian(random, 4);
        HostArray gy = HostArray.gaussian(random, 3, 4);

        HostArray[] gradients = ReferenceOps.linearGradients(gy, x, w);
        assertMatchesFiniteDifferences(x, gradients[0], v -> dot(ReferenceOps.linear(v, w, b), gy));
        assertMatchesFiniteDifferences(w, gradients[1], v -> dot(ReferenceOps.linear(x, v, b), gy));
        assertMatchesFiniteDifferences(b, gradients[2], v -> dot(ReferenceOps.linear(x, w, v), gy));
    }

    private static void assertMatchesFiniteDifferences(
            HostArray at, HostArray gradient, Function<HostArray, Double> loss) {
        double h = 1e-6;
        for (int i = 0; i < at.data().length; i++) {
            double[] plus = at.data().clone();
            double[] minus = at.data().clone();
            plus[i] += h;
            minus[i] -= h;
            double slope = (loss.apply(new HostArray(plus, at.shape())) - loss.apply(new HostArray(minus, at.shape())))
                    / (2 * h);
            assertThat(gradient.data()[i]).as("element %d", i).isCloseTo(slope, within(1e-6));
        }
    }

    private static double dot(HostArray a, HostArray b) {
        double sum = 0;
        for (int i = 0; i < a.data().length; i++) {
            sum += a.data()[i] * b.data()[i];
        }
        return sum;
    }
}
