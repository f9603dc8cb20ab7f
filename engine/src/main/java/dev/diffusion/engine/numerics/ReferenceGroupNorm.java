package dev.diffusion.engine.numerics;

/**
 * Float64 Group Normalization (Wu and He, "Group Normalization", 2018), forward and backward, from
 * its definition: per sample and group, {@code x̂ = (x - μ) / sqrt(σ² + ε)} with the biased variance,
 * then {@code y = γ x̂ + β} per channel.
 */
public final class ReferenceGroupNorm {

    private final HostArray x;
    private final HostArray gamma;
    private final int groups;
    private final int groupSize;
    private final double[] normalised;
    private final double[] inverseStd;

    /**
     * Normalises {@code x}.
     *
     * @param x [N, C, H, W]
     * @param groups number of groups, divides C
     * @param gamma [C]
     * @param epsilon added to the variance
     */
    public ReferenceGroupNorm(HostArray x, int groups, HostArray gamma, double epsilon) {
        if (x.dim(1) % groups != 0) {
            throw new IllegalArgumentException(groups + " groups do not divide " + x.dim(1) + " channels");
        }
        this.x = x;
        this.gamma = gamma;
        this.groups = groups;
        this.groupSize = x.data().length / x.dim(0) / groups;
        this.normalised = new double[x.data().length];
        this.inverseStd = new double[x.dim(0) * groups];
        for (int block = 0; block < inverseStd.length; block++) {
            int start = block * groupSize;
            double mean = 0;
            for (int i = start; i < start + groupSize; i++) {
                mean += x.data()[i];
            }
            mean /= groupSize;
            double variance = 0;
            for (int i = start; i < start + groupSize; i++) {
                variance += (x.data()[i] - mean) * (x.data()[i] - mean);
            }
            inverseStd[block] = 1 / Math.sqrt(variance / groupSize + epsilon);
            for (int i = start; i < start + groupSize; i++) {
                normalised[i] = (x.data()[i] - mean) * inverseStd[block];
            }
        }
    }

    /**
     * The output {@code γ x̂ + β}.
     *
     * @param beta [C]
     * @return [N, C, H, W]
     */
    public HostArray output(HostArray beta) {
        HostArray y = HostArray.zeros(x.shape());
        for (int i = 0; i < normalised.length; i++) {
            int channel = channelOf(i);
            y.data()[i] = normalised[i] * gamma.data()[channel] + beta.data()[channel];
        }
        return y;
    }

    /**
     * Gradients for an upstream gradient: {@code gx = (d - mean(d) - x̂ mean(d x̂)) / σ} per group with
     * {@code d = γ gy}; {@code gγ = Σ gy x̂}; {@code gβ = Σ gy}.
     *
     * @param gy [N, C, H, W]
     * @return gx, gγ, gβ in that order
     */
    public HostArray[] gradients(HostArray gy) {
        HostArray gx = HostArray.zeros(x.shape());
        HostArray gGamma = HostArray.zeros(gamma.shape());
        HostArray gBeta = HostArray.zeros(gamma.shape());
        for (int block = 0; block < inverseStd.length; block++) {
            int start = block * groupSize;
            double meanD = 0;
            double meanDx = 0;
            for (int i = start; i < start + groupSize; i++) {
                int channel = channelOf(i);
                double d = gy.data()[i] * gamma.data()[channel];
                meanD += d;
                meanDx += d * normalised[i];
                gGamma.data()[channel] += gy.data()[i] * normalised[i];
                gBeta.data()[channel] += gy.data()[i];
            }
            meanD /= groupSize;
            meanDx /= groupSize;
            for (int i = start; i < start + groupSize; i++) {
                double d = gy.data()[i] * gamma.data()[channelOf(i)];
                gx.data()[i] = (d - meanD - normalised[i] * meanDx) * inverseStd[block];
            }
        }
        return new HostArray[] {gx, gGamma, gBeta};
    }

    private int channelOf(int flatIndex) {
        int spatial = x.dim(2) * x.dim(3);
        return (flatIndex / spatial) % x.dim(1);
    }

    /**
     * Number of groups.
     *
     * @return the groups
     */
    public int groups() {
        return groups;
    }
}
