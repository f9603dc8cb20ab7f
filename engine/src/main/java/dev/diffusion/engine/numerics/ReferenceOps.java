package dev.diffusion.engine.numerics;

/**
 * Float64 reference implementations of the layers the networks are built from, forward and backward,
 * written from their definitions (direct loops, no blocking, no threads) so that they share nothing
 * with the native kernels they check. Backward functions take the upstream gradient {@code gy} of a
 * loss and return the gradient of that loss with respect to one argument. Square kernels, equal
 * stride and padding on both axes, one group.
 */
public final class ReferenceOps {

    private ReferenceOps() {}

    /**
     * Output size of a convolution: {@code (size + 2p - k) / s + 1}.
     *
     * @param size input size
     * @param kernel kernel size
     * @param stride stride
     * @param padding padding
     * @return output size
     */
    public static int convOutputSize(int size, int kernel, int stride, int padding) {
        return (size + 2 * padding - kernel) / stride + 1;
    }

    /**
     * Cross-correlation as {@code torch.nn.functional.conv2d}.
     *
     * @param x [N, C, H, W]
     * @param w [O, C, k, k]
     * @param stride stride
     * @param padding zero padding
     * @return [N, O, H', W']
     */
    public static HostArray conv2d(HostArray x, HostArray w, int stride, int padding) {
        ConvGeometry g = ConvGeometry.of(x, w, stride, padding);
        HostArray y = HostArray.zeros(g.n, g.o, g.oh, g.ow);
        g.forEachTap((yi, xi, wi) -> y.data()[yi] += x.data()[xi] * w.data()[wi]);
        return y;
    }

    /**
     * Gradient of a convolution with respect to its input.
     *
     * @param gy [N, O, H', W']
     * @param x the input, for its shape
     * @param w [O, C, k, k]
     * @param stride stride
     * @param padding zero padding
     * @return [N, C, H, W]
     */
    public static HostArray conv2dInputGradient(HostArray gy, HostArray x, HostArray w, int stride, int padding) {
        ConvGeometry g = ConvGeometry.of(x, w, stride, padding);
        HostArray gx = HostArray.zeros(x.shape());
        g.forEachTap((yi, xi, wi) -> gx.data()[xi] += gy.data()[yi] * w.data()[wi]);
        return gx;
    }

    /**
     * Gradient of a convolution with respect to its weight.
     *
     * @param gy [N, O, H', W']
     * @param x [N, C, H, W]
     * @param w the weight, for its shape
     * @param stride stride
     * @param padding zero padding
     * @return [O, C, k, k]
     */
    public static HostArray conv2dWeightGradient(HostArray gy, HostArray x, HostArray w, int stride, int padding) {
        ConvGeometry g = ConvGeometry.of(x, w, stride, padding);
        HostArray gw = HostArray.zeros(w.shape());
        g.forEachTap((yi, xi, wi) -> gw.data()[wi] += gy.data()[yi] * x.data()[xi]);
        return gw;
    }

    /**
     * Transposed convolution as {@code torch.nn.functional.conv_transpose2d}: every input pixel adds
     * its value times the kernel to the output window it scatters to.
     *
     * @param x [N, C, H, W]
     * @param w [C, O, k, k] (PyTorch's layout)
     * @param stride stride
     * @param padding cropped from each side of the output
     * @return [N, O, (H-1)s - 2p + k, likewise]
     */
    public static HostArray convTranspose2d(HostArray x, HostArray w, int stride, int padding) {
        ConvGeometry g = ConvGeometry.transposed(x, w, stride, padding);
        HostArray y = HostArray.zeros(g.n, g.o, g.oh, g.ow);
        g.forEachTap((yi, xi, wi) -> y.data()[yi] += x.data()[xi] * w.data()[wi]);
        return y;
    }

    /**
     * Gradient of a transposed convolution with respect to its input.
     *
     * @param gy upstream gradient of the output
     * @param x the input, for its shape
     * @param w [C, O, k, k]
     * @param stride stride
     * @param padding padding
     * @return [N, C, H, W]
     */
    public static HostArray convTranspose2dInputGradient(
            HostArray gy, HostArray x, HostArray w, int stride, int padding) {
        ConvGeometry g = ConvGeometry.transposed(x, w, stride, padding);
        HostArray gx = HostArray.zeros(x.shape());
        g.forEachTap((yi, xi, wi) -> gx.data()[xi] += gy.data()[yi] * w.data()[wi]);
        return gx;
    }

    /**
     * Gradient of a transposed convolution with respect to its weight.
     *
     * @param gy upstream gradient of the output
     * @param x [N, C, H, W]
     * @param w the weight, for its shape
     * @param stride stride
     * @param padding padding
     * @return [C, O, k, k]
     */
    public static HostArray convTranspose2dWeightGradient(
            HostArray gy, HostArray x, HostArray w, int stride, int padding) {
        ConvGeometry g = ConvGeometry.transposed(x, w, stride, padding);
        HostArray gw = HostArray.zeros(w.shape());
        g.forEachTap((yi, xi, wi) -> gw.data()[wi] += gy.data()[yi] * x.data()[xi]);
        return gw;
    }

    /**
     * Fully connected layer {@code y = x wᵀ + b}.
     *
     * @param x [N, I]
     * @param w [O, I]
     * @param b [O]
     * @return [N, O]
     */
    public static HostArray linear(HostArray x, HostArray w, HostArray b) {
        int n = x.dim(0);
        int in = x.dim(1);
        int out = w.dim(0);
        HostArray y = HostArray.zeros(n, out);
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double sum = b.data()[o];
                for (int i = 0; i < in; i++) {
                    sum += x.data()[r * in + i] * w.data()[o * in + i];
                }
                y.data()[r * out + o] = sum;
            }
        }
        return y;
    }

    /**
     * Gradients of {@link #linear}: {@code gx = gy w}, {@code gw = gyᵀ x}, {@code gb = Σ_rows gy}.
     *
     * @param gy [N, O]
     * @param x [N, I]
     * @param w [O, I]
     * @return gx [N, I], gw [O, I], gb [O] in that order
     */
    public static HostArray[] linearGradients(HostArray gy, HostArray x, HostArray w) {
        int n = x.dim(0);
        int in = x.dim(1);
        int out = w.dim(0);
        HostArray gx = HostArray.zeros(n, in);
        HostArray gw = HostArray.zeros(out, in);
        HostArray gb = HostArray.zeros(out);
        for (int r = 0; r < n; r++) {
            for (int o = 0; o < out; o++) {
                double g = gy.data()[r * out + o];
                gb.data()[o] += g;
                for (int i = 0; i < in; i++) {
                    gx.data()[r * in + i] += g * w.data()[o * in + i];
                    gw.data()[o * in + i] += g * x.data()[r * in + i];
                }
            }
        }
        return new HostArray[] {gx, gw, gb};
    }
}
