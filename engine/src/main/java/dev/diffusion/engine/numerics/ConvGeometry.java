package dev.diffusion.engine.numerics;

/**
 * The index triples of a convolution or a transposed convolution. Convolution: output {@code y[n,o,i,j]}
 * takes input {@code x[n,c,i·s-p+a, j·s-p+b]} times weight {@code w[o,c,a,b]} whenever that input lies
 * inside. Transposed: input {@code x[n,c,i,j]} adds itself times {@code w[c,o,a,b]} to output
 * {@code y[n,o,i·s-p+a, j·s-p+b]} whenever that output lies inside. Either way the "small" side is
 * indexed by (i, j) and the "large" side by (i·s-p+a, j·s-p+b).
 */
final class ConvGeometry {

    /** Receives one (output, input, weight) flat index triple. */
    @FunctionalInterface
    interface Tap {
        void accept(int outputIndex, int inputIndex, int weightIndex);
    }

    private final boolean transposed;
    final int n;
    final int c;
    final int o;
    final int k;
    final int oh;
    final int ow;
    private final int h;
    private final int w;
    private final int stride;
    private final int padding;

    private ConvGeometry(HostArray x, HostArray weight, int stride, int padding, boolean transposed) {
        int inputChannelsAxis = transposed ? 0 : 1;
        if (x.shape().length != 4 || weight.shape().length != 4 || weight.dim(inputChannelsAxis) != x.dim(1)
                || weight.dim(2) != weight.dim(3)) {
            throw new IllegalArgumentException(transposed
                    ? "transposed convolution wants x [N,C,H,W] and w [C,O,k,k]"
                    : "convolution wants x [N,C,H,W] and w [O,C,k,k]");
        }
        this.transposed = transposed;
        n = x.dim(0);
        c = x.dim(1);
        h = x.dim(2);
        w = x.dim(3);
        o = weight.dim(1 - inputChannelsAxis);
        k = weight.dim(2);
        this.stride = stride;
        this.padding = padding;
        oh = transposed ? (h - 1) * stride - 2 * padding + k : ReferenceOps.convOutputSize(h, k, stride, padding);
        ow = transposed ? (w - 1) * stride - 2 * padding + k : ReferenceOps.convOutputSize(w, k, stride, padding);
    }

    static ConvGeometry of(HostArray x, HostArray weight, int stride, int padding) {
        return new ConvGeometry(x, weight, stride, padding, false);
    }

    static ConvGeometry transposed(HostArray x, HostArray weight, int stride, int padding) {
        return new ConvGeometry(x, weight, stride, padding, true);
    }

    void forEachTap(Tap tap) {
        // (small, large) spatial sizes: the output and input of a convolution, the reverse when transposed
        int smallH = transposed ? h : oh;
        int smallW = transposed ? w : ow;
        int largeH = transposed ? oh : h;
        int largeW = transposed ? ow : w;
        for (int b = 0; b < n; b++) {
            for (int out = 0; out < o; out++) {
                for (int ch = 0; ch < c; ch++) {
                    for (int i = 0; i < smallH; i++) {
                        for (int a = 0; a < k; a++) {
                            int row = i * stride - padding + a;
                            if (row < 0 || row >= largeH) {
                                continue;
                            }
                            for (int j = 0; j < smallW; j++) {
                                for (int e = 0; e < k; e++) {
                                    int col = j * stride - padding + e;
                                    if (col >= 0 && col < largeW) {
                                        emit(tap, b, out, ch, i, j, row, col, a, e);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    private void emit(Tap tap, int b, int out, int ch, int i, int j, int row, int col, int a, int e) {
        if (transposed) {
            tap.accept(((b * o + out) * oh + row) * ow + col, ((b * c + ch) * h + i) * w + j,
                    ((ch * o + out) * k + a) * k + e);
        } else {
            tap.accept(((b * o + out) * oh + i) * ow + j, ((b * c + ch) * h + row) * w + col,
                    ((out * c + ch) * k + a) * k + e);
        }
    }
}
