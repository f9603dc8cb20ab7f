package dev.diffusion.engine.model.layers;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Group normalization (Wu &amp; He 2018), the {@code torch.nn.GroupNorm} the PyTorch engine of DJL
 * lacks.
 *
 * <p>The channels are split into {@code groups} groups; each sample's group is normalised by its
 * own mean and biased variance, then an affine per-channel scale γ and shift β is applied:
 * {@code y = (x - E[x]) / sqrt(Var[x] + eps) * weight + bias}.
 *
 * <ul>
 *   <li>input: [N, C, *] with C divisible by {@code groups}
 *   <li>weight γ (PyTorch name {@code weight}): [C], initialised to ones
 *   <li>bias β (PyTorch name {@code bias}): [C], initialised to zeros
 *   <li>output: same shape as the input
 * </ul>
 */
public class GroupNorm extends AbstractBlock {

    private static final byte VERSION = 1;

    private final int groups;
    private final float epsilon;
    private final boolean affine;
    private long channels;

    private Parameter weight;
    private Parameter bias;

    protected GroupNorm(Builder builder) {
        super(VERSION);
        groups = builder.groups;
        epsilon = builder.epsilon;
        affine = builder.affine;
        if (affine) {
            weight =
                    addParameter(
                            Parameter.builder()
                                    .setName("weight")
                                    .setType(Parameter.Type.GAMMA)
                                    .build());
            bias =
                    addParameter(
                            Parameter.builder().setName("bias").setType(Parameter.Type.BETA).build());
        }
    }

    /**
     * Creates a builder.
     *
     * @return a new builder
     */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Normalises {@code input} over groups of channels.
     *
     * <p>The statistics of each [C/G·H·W] group row come from two reductions, {@code E[x]} and
     * {@code E[x²]} (a batched dot product); the normalisation and the affine map are then one per-channel scale and shift,
     * {@code y = x·a + b} with {@code a = γ / sqrt(Var[x] + eps)} and {@code b = β − E[x]·a}. For its
     * backward pass autograd keeps only the input (which the layer before keeps anyway) and [N, C]
     * statistics, where normalising first and scaling after would keep one more activation map per
     * normalisation.
     *
     * @param input [N, C, *]
     * @param groups number of groups, must divide C
     * @param gamma [C] scale, or {@code null} for none
     * @param beta [C] shift, or {@code null} for none
     * @param epsilon added to the variance
     * @return the normalised array, same shape as the input
     */
    public static NDArray groupNorm(
            NDArray input, int groups, NDArray gamma, NDArray beta, float epsilon) {
        Shape shape = input.getShape();
        long n = shape.get(0);
        long perGroup = shape.get(1) / groups;
        NDManager manager = input.getManager();
        NDArray rows = input.reshape(n * groups, 1, -1);
        long rowLength = rows.getShape().get(2);
        NDArray mean = rows.mean(new int[] {2}, true).reshape(n, groups, 1);
        // Σx² as a batched dot product of each row with itself: no squared copy of the activations.
        // Constants are native tensors, not Numbers (see Layers.constant).
        DataType type = input.getDataType();
        NDArray meanOfSquares = rows.matMul(rows.transpose(0, 2, 1))
                .div(Layers.constant(manager, rowLength, type))
                .reshape(n, groups, 1);
        // E[x²] - E[x]² can round below zero for a constant group
        NDArray variance = meanOfSquares.sub(mean.square())
                .maximum(Layers.constant(manager, 0f, type));
        NDArray std = variance.add(Layers.constant(manager, epsilon, type)).sqrt();
        NDArray scale = gamma == null
                ? manager.ones(new Shape(1, groups, perGroup), input.getDataType()).div(std)
                : gamma.reshape(1, groups, perGroup).div(std);
        NDArray shift = beta == null ? scale.mul(mean).neg() : beta.reshape(1, groups, perGroup).sub(scale.mul(mean));
        long[] perChannel = new long[shape.dimension()];
        Arrays.fill(perChannel, 1);
        perChannel[0] = n;
        perChannel[1] = shape.get(1);
        Shape broadcast = new Shape(perChannel);
        return input.mul(scale.reshape(broadcast)).add(shift.reshape(broadcast));
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.head();
        NDArray gamma = affine ? parameterStore.getValue(weight, input.getDevice(), training) : null;
        NDArray beta = affine ? parameterStore.getValue(bias, input.getDevice(), training) : null;
        return new NDList(groupNorm(input, groups, gamma, beta, epsilon));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        return new Shape[] {inputShapes[0]};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Shape input = inputShapes[0];
        if (input.dimension() < 2) {
            throw new IllegalArgumentException(
                    "GroupNorm expects input [N, C, *], got " + input);
        }
        channels = input.get(1);
        if (channels % groups != 0) {
            throw new IllegalArgumentException(
                    "GroupNorm: " + channels + " channels are not divisible into " + groups
                            + " groups");
        }
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        if (affine) {
            weight.setShape(new Shape(channels));
            bias.setShape(new Shape(channels));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(channels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException("Unsupported GroupNorm encoding version: " + loadVersion);
        }
        readInputShapes(is);
        channels = is.readLong();
    }

    /**
     * Number of groups.
     *
     * @return the group count
     */
    public int getGroups() {
        return groups;
    }

    /** Builder for {@link GroupNorm}: {@code setGroups} is required. */
    public static final class Builder {

        private int groups;
        private float epsilon = 1e-5f;
        private boolean affine = true;

        Builder() {}

        /**
         * Sets the number of groups the channels are split into.
         *
         * @param groups number of groups (&gt; 0)
         * @return this builder
         */
        public Builder setGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Sets the value added to the variance; PyTorch's default 1e-5.
         *
         * @param epsilon a small positive number
         * @return this builder
         */
        public Builder optEpsilon(float epsilon) {
            this.epsilon = epsilon;
            return this;
        }

        /**
         * Whether to learn a per-channel scale and shift (PyTorch's {@code affine}, default true).
         *
         * @param affine true for γ/β parameters
         * @return this builder
         */
        public Builder optAffine(boolean affine) {
            this.affine = affine;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new {@link GroupNorm}
         * @throws IllegalArgumentException if groups or epsilon is not positive
         */
        public GroupNorm build() {
            if (groups <= 0) {
                throw new IllegalArgumentException("GroupNorm groups must be > 0, got " + groups);
            }
            if (!(epsilon > 0)) {
                throw new IllegalArgumentException("GroupNorm epsilon must be > 0, got " + epsilon);
            }
            return new GroupNorm(this);
        }
    }
}
