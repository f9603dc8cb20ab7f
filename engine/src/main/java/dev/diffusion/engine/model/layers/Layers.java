package dev.diffusion.engine.model.layers;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Block;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.norm.BatchNorm;

/** Short factories for the standard layers the networks repeat, with PyTorch's arguments. */
public final class Layers {

    private Layers() {}

    /**
     * {@code nn.Conv2d(in, filters, kernel, stride, padding)} with a bias.
     *
     * @param filters output channels
     * @param kernel square kernel size
     * @param stride stride
     * @param padding zero padding on every side
     * @return a Conv2d block
     */
    public static Conv2d conv(int filters, int kernel, int stride, int padding) {
        return conv(filters, kernel, stride, padding, true);
    }

    /**
     * {@code nn.Conv2d(in, filters, kernel, stride, padding, bias=bias)}.
     *
     * @param filters output channels
     * @param kernel square kernel size
     * @param stride stride
     * @param padding zero padding on every side
     * @param bias whether to learn a bias
     * @return a Conv2d block
     */
    public static Conv2d conv(int filters, int kernel, int stride, int padding, boolean bias) {
        return Conv2d.builder()
                .setFilters(filters)
                .setKernelShape(new Shape(kernel, kernel))
                .optStride(new Shape(stride, stride))
                .optPadding(new Shape(padding, padding))
                .optBias(bias)
                .build();
    }

    /**
     * BatchNorm's momentum in DJL's convention, the share of the running statistics kept per batch: 0.9 is PyTorch's
     * default momentum 0.1 (the share replaced), as in {@code nn.BatchNorm2d}.
     */
    public static final float BATCH_NORM_MOMENTUM = 0.9f;

    /**
     * {@code nn.BatchNorm2d(C)} with PyTorch's defaults (momentum 0.1, ε 1e-5).
     *
     * @return the block
     */
    public static BatchNorm batchNorm() {
        return BatchNorm.builder().optMomentum(BATCH_NORM_MOMENTUM).optEpsilon(1e-5f).build();
    }

    /**
     * {@code nn.GroupNorm(groups, channels)}.
     *
     * @param groups number of groups
     * @return a GroupNorm block
     */
    public static GroupNorm groupNorm(int groups) {
        return GroupNorm.builder().setGroups(groups).build();
    }

    /**
     * A scalar constant as a tensor PyTorch allocates itself, to pass to an operation instead of a
     * Number: DJL 0.35.1 wraps a Number operand in a tensor over a Java buffer and frees it at once,
     * while autograd may keep that tensor for the backward pass (garbage gradients after a GC; see
     * {@code GradientsSurviveGarbageCollectionTest}).
     *
     * @param manager owner of the tensor
     * @param value the constant
     * @param dataType its type, usually that of the other operand
     * @return a 0-dimensional array
     */
    public static NDArray constant(NDManager manager, float value, DataType dataType) {
        return manager.full(new Shape(), value, dataType);
    }

    /**
     * {@code nn.SiLU()}, x·sigmoid(x).
     *
     * @return an activation block
     */
    public static Block silu() {
        // not Activation.swishBlock: DJL 0.35.1 computes it as x.mul(Number), and on PyTorch that
        // Number is freed while autograd keeps it for the backward pass (corrupted gradients)
        return new LambdaBlock(list -> {
            NDArray x = list.singletonOrThrow();
            return new NDList(x.mul(Activation.sigmoid(x)));
        }, "SiLU");
    }
}
