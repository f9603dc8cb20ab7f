package dev.diffusion.engine.numerics;

import ai.djl.ndarray.types.Shape;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.core.Linear;
import dev.diffusion.engine.model.layers.ConvTranspose2d;
import dev.diffusion.engine.model.layers.GroupNorm;
import java.util.List;
import java.util.Random;

/**
 * The operations of the self-check, with the layer shapes the networks use: the ContextUnet of the
 * DeepLearning.AI course "How Diffusion Models Work", the DDPM U-Net of Ho et al. (2020) and the
 * SimpleUnet. Inputs are seeded, so every run checks the same numbers.
 */
final class OpChecks {

    private static final float GROUP_NORM_EPSILON = 1e-5f;

    private OpChecks() {}

    /**
     * The standard set: single layers against their references, then a whole training step ({@link NetworkCheck}).
     *
     * @param seed seed of the inputs
     * @return the checks
     */
    static List<SelfCheck> standard(long seed) {
        Random random = new Random(seed);
        return List.of(
                conv(random, 4, 1, 28, 32, 3, 1, 1), // first layer on gray 28x28 images
                conv(random, 4, 64, 14, 64, 3, 1, 1), // residual blocks
                conv(random, 4, 32, 16, 32, 3, 2, 1), // DDPM U-Net down-sampling
                conv(random, 4, 64, 8, 32, 1, 1, 0), // 1x1 shortcuts
                conv(random, 2, 5, 8, 3, 4, 2, 1), // strided 4x4, the adjoint of SimpleUnet's up-sampling
                convTranspose(random, 4, 64, 7, 32, 2, 2, 0), // ContextUnet UnetUp: windows do not overlap
                convTranspose(random, 4, 32, 1, 32, 7, 7, 0), // ContextUnet up0: 1x1 to 7x7
                convTranspose(random, 2, 16, 4, 8, 4, 2, 1), // SimpleUnet up-sampling: through a convolution
                groupNorm(random, 4, 64, 14, 8),
                linear(random, 16, 128, 256),
                new NetworkCheck(seed));
    }

    static OpCheck conv(Random random, int n, int c, int size, int o, int k, int stride, int padding) {
        HostArray x = HostArray.gaussian(random, n, c, size, size);
        HostArray w = HostArray.gaussian(random, o, c, k, k);
        int out = ReferenceOps.convOutputSize(size, k, stride, padding);
        HostArray gy = HostArray.gaussian(random, n, o, out, out);
        Shape strides = new Shape(stride, stride);
        Shape pads = new Shape(padding, padding);
        return new OpCheck(
                String.format("conv2d %dx%d s%d p%d [%d,%d,%d,%d]->%d", k, k, stride, padding, n, c, size, size, o),
                in -> Conv2d.conv2d(in.get(0), in.get(1), null, strides, pads, new Shape(1, 1), 1).head(),
                List.of(x, w), List.of("input", "weight"), gy,
                ReferenceOps.conv2d(x, w, stride, padding),
                List.of(ReferenceOps.conv2dInputGradient(gy, x, w, stride, padding),
                        ReferenceOps.conv2dWeightGradient(gy, x, w, stride, padding)));
    }

    static OpCheck convTranspose(Random random, int n, int c, int size, int o, int k, int stride, int padding) {
        HostArray x = HostArray.gaussian(random, n, c, size, size);
        HostArray w = HostArray.gaussian(random, c, o, k, k);
        int out = (size - 1) * stride - 2 * padding + k;
        HostArray gy = HostArray.gaussian(random, n, o, out, out);
        Shape strides = new Shape(stride, stride);
        Shape pads = new Shape(padding, padding);
        return new OpCheck(
                String.format("convTranspose2d %dx%d s%d p%d [%d,%d,%d,%d]->%d", k, k, stride, padding, n, c, size,
                        size, o),
                in -> ConvTranspose2d.convTranspose2d(in.get(0), in.get(1), null, strides, pads, new Shape(0, 0), 1),
                List.of(x, w), List.of("input", "weight"), gy,
                ReferenceOps.convTranspose2d(x, w, stride, padding),
                List.of(ReferenceOps.convTranspose2dInputGradient(gy, x, w, stride, padding),
                        ReferenceOps.convTranspose2dWeightGradient(gy, x, w, stride, padding)));
    }

    static OpCheck groupNorm(Random random, int n, int c, int size, int groups) {
        HostArray x = HostArray.gaussian(random, n, c, size, size);
        HostArray gamma = HostArray.gaussian(random, c);
        HostArray beta = HostArray.gaussian(random, c);
        HostArray gy = HostArray.gaussian(random, n, c, size, size);
        ReferenceGroupNorm reference = new ReferenceGroupNorm(x, groups, gamma, GROUP_NORM_EPSILON);
        HostArray[] gradients = reference.gradients(gy);
        return new OpCheck(
                String.format("groupNorm %d groups [%d,%d,%d,%d]", groups, n, c, size, size),
                in -> GroupNorm.groupNorm(in.get(0), groups, in.get(1), in.get(2), GROUP_NORM_EPSILON),
                List.of(x, gamma, beta), List.of("input", "gamma", "beta"), gy,
                reference.output(beta), List.of(gradients));
    }

    static OpCheck linear(Random random, int n, int in, int out) {
        HostArray x = HostArray.gaussian(random, n, in);
        HostArray w = HostArray.gaussian(random, out, in);
        HostArray b = HostArray.gaussian(random, out);
        HostArray gy = HostArray.gaussian(random, n, out);
        return new OpCheck(
                String.format("linear [%d,%d]->%d", n, in, out),
                arrays -> Linear.linear(arrays.get(0), arrays.get(1), arrays.get(2)).head(),
                List.of(x, w, b), List.of("input", "weight", "bias"), gy,
                ReferenceOps.linear(x, w, b), List.of(ReferenceOps.linearGradients(gy, x, w)));
    }
}
