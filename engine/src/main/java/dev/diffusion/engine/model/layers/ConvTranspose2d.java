package dev.diffusion.engine.model.layers;

import ai.djl.MalformedModelException;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.Arrays;

/**
 * Two-dimensional transposed convolution, {@code torch.nn.ConvTranspose2d}, which the PyTorch
 * engine of DJL does not implement.
 *
 * <p>It is computed exactly, with autograd, as the gradient of a convolution: the input is dilated
 * by the stride (zero insertion), padded by {@code k-1-p} (plus {@code output_padding} at the end)
 * and convolved with stride 1 by the spatially flipped kernel whose in/out axes are swapped. When
 * the kernel equals the stride without padding (the up-sampling layers of the ContextUnet of the
 * DeepLearning.AI course "How Diffusion Models Work") the windows do not overlap and one matrix
 * product computes the same result without the zeros.
 *
 * <ul>
 *   <li>input: [N, C_in, H, W]
 *   <li>weight: [C_in, C_out / groups, kH, kW] (PyTorch layout)
 *   <li>bias: [C_out]
 *   <li>output: [N, C_out, (H-1)·s - 2p + kH + output_padding, likewise for W]
 * </ul>
 */
public class ConvTranspose2d extends AbstractBlock {

    private static final byte VERSION = 1;

    private final Shape kernel;
    private final Shape stride;
    private final Shape padding;
    private final Shape outputPadding;
    private final int filters;
    private final int groups;
    private long inChannels;

    private final Parameter weight;
    private Parameter bias;

    protected ConvTranspose2d(Builder builder) {
        super(VERSION);
        kernel = builder.kernel;
        stride = builder.stride;
        padding = builder.padding;
        outputPadding = builder.outputPadding;
        filters = builder.filters;
        groups = builder.groups;
        weight =
                addParameter(
                        Parameter.builder().setName("weight").setType(Parameter.Type.WEIGHT).build());
        if (builder.bias) {
            bias =
                    addParameter(
                            Parameter.builder().setName("bias").setType(Parameter.Type.BIAS).build());
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
     * Applies a transposed convolution with PyTorch semantics.
     *
     * @param input [N, C_in, H, W]
     * @param weight [C_in, C_out/groups, kH, kW]
     * @param bias [C_out] or {@code null}
     * @param stride (sH, sW)
     * @param padding (pH, pW)
     * @param outputPadding (opH, opW), each smaller than the stride
     * @param groups number of groups
     * @return [N, C_out, H_out, W_out]
     */
    public static NDArray convTranspose2d(
            NDArray input,
            NDArray weight,
            NDArray bias,
            Shape stride,
            Shape padding,
            Shape outputPadding,
            int groups) {
        long[] kernel = weight.getShape().slice(2).getShape();
        long[] none = {0, 0};
        boolean nonOverlapping =
                groups == 1
                        && Arrays.equals(kernel, stride.getShape())
                        && Arrays.equals(padding.getShape(), none)
                        && Arrays.equals(outputPadding.getShape(), none);
        NDArray output =
                nonOverlapping
                        ? nonOverlapping(input, weight)
                        : viaConvolution(input, weight, stride, padding, outputPadding, groups);
        return bias == null ? output : output.add(bias.reshape(1, -1, 1, 1));
    }

    /** Each input pixel writes its own k×k output patch: out[n,o,i·k+a,j·k+b] = Σ_c x·w. */
    private static NDArray nonOverlapping(NDArray input, NDArray weight) {
        Shape in = input.getShape();
        Shape w = weight.getShape();
        long n = in.get(0);
        long c = in.get(1);
        long h = in.get(2);
        long wd = in.get(3);
        long out = w.get(1);
        long kh = w.get(2);
        long kw = w.get(3);
        NDArray rows = input.transpose(0, 2, 3, 1).reshape(n * h * wd, c);
        NDArray patches = rows.matMul(weight.reshape(c, out * kh * kw));
        return patches
                .reshape(n, h, wd, out, kh, kw)
                .transpose(0, 3, 1, 4, 2, 5)
                .reshape(n, out, h * kh, wd * kw);
    }

    private static NDArray viaConvolution(
            NDArray input,
            NDArray weight,
            Shape stride,
            Shape padding,
            Shape outputPadding,
            int groups) {
        Shape in = input.getShape();
        Shape w = weight.getShape();
        long sh = stride.get(0);
        long sw = stride.get(1);
        long kh = w.get(2);
        long kw = w.get(3);
        NDArray dilated = input;
        if (sh > 1 || sw > 1) {
            // (0, sw-1) on the last axis, (0, 0) on W, (0, sh-1) on the inserted axis after H
            dilated =
                    input.reshape(in.get(0), in.get(1), in.get(2), 1, in.get(3), 1)
                            .pad(new Shape(0, sw - 1, 0, 0, 0, sh - 1), 0)
                            .reshape(in.get(0), in.get(1), in.get(2) * sh, in.get(3) * sw);
        }
        // the dilated array already ends with s-1 zeros; negative padding crops
        long leadH = kh - 1 - padding.get(0);
        long leadW = kw - 1 - padding.get(1);
        long trailH = leadH + outputPadding.get(0) - (sh - 1);
        long trailW = leadW + outputPadding.get(1) - (sw - 1);
        NDArray padded = dilated.pad(new Shape(leadW, trailW, leadH, trailH), 0);
        return Conv2d.conv2d(
                        padded,
                        convolutionKernel(weight, groups),
                        null,
                        new Shape(1, 1),
                        new Shape(0, 0),
                        new Shape(1, 1),
                        groups)
                .head();
    }

    /** [C_in, C_out/g, kH, kW] to the flipped [C_out, C_in/g, kH, kW] of the equivalent conv. */
    private static NDArray convolutionKernel(NDArray weight, int groups) {
        Shape w = weight.getShape();
        long in = w.get(0);
        long outPerGroup = w.get(1);
        long kh = w.get(2);
        long kw = w.get(3);
        return weight.reshape(groups, in / groups, outPerGroup, kh, kw)
                .transpose(0, 2, 1, 3, 4)
                .reshape(groups * outPerGroup, in / groups, kh, kw)
                .flip(2, 3);
    }

    /**
     * The output size of one spatial axis, PyTorch's {@code (H-1)·s - 2p + k + output_padding}.
     *
     * @param size input size
     * @param kernel kernel size
     * @param stride stride
     * @param padding padding
     * @param outputPadding extra size at the end
     * @return the output size
     */
    public static long outputSize(long size, long kernel, long stride, long padding, long outputPadding) {
        return (size - 1) * stride - 2 * padding + kernel + outputPadding;
    }

    @Override
    protected NDList forwardInternal(
            ParameterStore parameterStore,
            NDList inputs,
            boolean training,
            PairList<String, Object> params) {
        NDArray input = inputs.head();
        NDArray w = parameterStore.getValue(weight, input.getDevice(), training);
        NDArray b = bias == null ? null : parameterStore.getValue(bias, input.getDevice(), training);
        return new NDList(convTranspose2d(input, w, b, stride, padding, outputPadding, groups));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        long h = outputSize(in.get(2), kernel.get(0), stride.get(0), padding.get(0), outputPadding.get(0));
        long w = outputSize(in.get(3), kernel.get(1), stride.get(1), padding.get(1), outputPadding.get(1));
        return new Shape[] {new Shape(in.get(0), filters, h, w)};
    }

    @Override
    protected void beforeInitialize(Shape... inputShapes) {
        super.beforeInitialize(inputShapes);
        Shape in = inputShapes[0];
        if (in.dimension() != 4) {
            throw new IllegalArgumentException("ConvTranspose2d expects input [N, C, H, W], got " + in);
        }
        inChannels = in.get(1);
        if (inChannels % groups != 0) {
            throw new IllegalArgumentException(
                    "ConvTranspose2d: " + inChannels + " input channels are not divisible by groups " + groups);
        }
        Shape out = getOutputShapes(inputShapes)[0];
        if (out.get(2) <= 0 || out.get(3) <= 0) {
            throw new IllegalArgumentException(
                    "ConvTranspose2d: input " + in + " gives an empty output " + out);
        }
    }

    @Override
    protected void prepare(Shape[] inputShapes) {
        weight.setShape(new Shape(inChannels, filters / groups, kernel.get(0), kernel.get(1)));
        if (bias != null) {
            bias.setShape(new Shape(filters));
        }
    }

    @Override
    protected void saveMetadata(DataOutputStream os) throws IOException {
        saveInputShapes(os);
        os.writeLong(inChannels);
    }

    @Override
    public void loadMetadata(byte loadVersion, DataInputStream is)
            throws IOException, MalformedModelException {
        if (loadVersion != VERSION) {
            throw new MalformedModelException(
                    "Unsupported ConvTranspose2d encoding version: " + loadVersion);
        }
        readInputShapes(is);
        inChannels = is.readLong();
    }

    /** Builder: {@code setKernelShape} and {@code setFilters} are required. */
    public static final class Builder {

        private Shape kernel;
        private Shape stride = new Shape(1, 1);
        private Shape padding = new Shape(0, 0);
        private Shape outputPadding = new Shape(0, 0);
        private int filters;
        private int groups = 1;
        private boolean bias = true;

        Builder() {}

        /**
         * Sets the kernel size (kH, kW).
         *
         * @param kernel the kernel shape
         * @return this builder
         */
        public Builder setKernelShape(Shape kernel) {
            this.kernel = kernel;
            return this;
        }

        /**
         * Sets the number of output channels.
         *
         * @param filters output channels
         * @return this builder
         */
        public Builder setFilters(int filters) {
            this.filters = filters;
            return this;
        }

        /**
         * Sets the stride (default 1, 1).
         *
         * @param stride (sH, sW)
         * @return this builder
         */
        public Builder optStride(Shape stride) {
            this.stride = stride;
            return this;
        }

        /**
         * Sets the padding removed from both ends of the output (default 0, 0).
         *
         * @param padding (pH, pW)
         * @return this builder
         */
        public Builder optPadding(Shape padding) {
            this.padding = padding;
            return this;
        }

        /**
         * Sets the extra size added to one end of the output (default 0, 0), smaller than the stride.
         *
         * @param outputPadding (opH, opW)
         * @return this builder
         */
        public Builder optOutputPadding(Shape outputPadding) {
            this.outputPadding = outputPadding;
            return this;
        }

        /**
         * Sets the number of groups (default 1).
         *
         * @param groups groups dividing both channel counts
         * @return this builder
         */
        public Builder optGroups(int groups) {
            this.groups = groups;
            return this;
        }

        /**
         * Whether to add a learned bias (default true).
         *
         * @param bias true for a bias
         * @return this builder
         */
        public Builder optBias(boolean bias) {
            this.bias = bias;
            return this;
        }

        /**
         * Builds the block.
         *
         * @return a new {@link ConvTranspose2d}
         * @throws IllegalArgumentException for a missing or inconsistent setting
         */
        public ConvTranspose2d build() {
            requirePair("kernel", kernel, 1);
            requirePair("stride", stride, 1);
            requirePair("padding", padding, 0);
            requirePair("outputPadding", outputPadding, 0);
            if (filters <= 0) {
                throw new IllegalArgumentException("ConvTranspose2d filters must be > 0, got " + filters);
            }
            if (groups <= 0 || filters % groups != 0) {
                throw new IllegalArgumentException(
                        "ConvTranspose2d groups must be > 0 and divide filters " + filters + ", got " + groups);
            }
            for (int axis = 0; axis < 2; axis++) {
                if (outputPadding.get(axis) >= stride.get(axis)) {
                    throw new IllegalArgumentException(
                            "ConvTranspose2d outputPadding " + outputPadding
                                    + " must be smaller than stride " + stride);
                }
            }
            return new ConvTranspose2d(this);
        }

        private static void requirePair(String field, Shape value, long minimum) {
            if (value == null || value.dimension() != 2) {
                throw new IllegalArgumentException(
                        "ConvTranspose2d " + field + " must have 2 dimensions, got " + value);
            }
            if (value.get(0) < minimum || value.get(1) < minimum) {
                throw new IllegalArgumentException(
                        "ConvTranspose2d " + field + " must be >= " + minimum + ", got " + value);
            }
        }
    }
}
