package dev.diffusion.worker.numerics;

/**
 * The index triples of a convolution: output element {@code y[n,o,i,j]} takes input element
 * {@code x[n,c,i·s-p+a, j·s-p+b]} times weight {@code w[o,c,a,b]} whenever that input lies inside.
 */
final class ConvGeometry {

    /** Receives one (output, input, weight) flat index triple. */
    @FunctionalInterface
    interface Tap {
        void accept(int outputIndex, int inputIndex, int weightIndex);
    }

    final int n;
    final int c;
    final int h;
    final int w;
    final int o;
    final int k;
    final int stride;
    final int padding;
    final int oh;
    final int ow;

    private ConvGeometry(HostArray x, HostArray weight, int stride, int padding) {
        if (x.shape().length != 4 || weight.shape().length != 4 || weight.dim(1) != x.dim(1)
                || weight.dim(2) != weight.dim(3)) {
            throw new IllegalArgumentException("convolution wants x [N,C,H,W] and w [O,C,k,k]");
        }
        n = x.dim(0);
        c = x.dim(1);
        h = x.dim(2);
        w = x.dim(3);
        o = weight.dim(0);
        k = weight.dim(2);
        this.stride = stride;
        this.padding = padding;
        oh = ReferenceOps.convOutputSize(h, k, stride, padding);
        ow = ReferenceOps.convOutputSize(w, k, stride, padding);
    }

    static ConvGeometry of(HostArray x, HostArray weight, int stride, int padding) {
        return new ConvGeometry(x, weight, stride, padding);
    }

    void forEachTap(Tap tap) {
        for (int b = 0; b < n; b++) {
            for (int out = 0; out < o; out++) {
                for (int i = 0; i < oh; i++) {
                    for (int j = 0; j < ow; j++) {
                        int yi = ((b * o + out) * oh + i) * ow + j;
                        for (int ch = 0; ch < c; ch++) {
                            for (int a = 0; a < k; a++) {
                                int row = i * stride - padding + a;
                                if (row < 0 || row >= h) {
                                    continue;
                                }
                                for (int e = 0; e < k; e++) {
                                    int col = j * stride - padding + e;
                                    if (col >= 0 && col < w) {
                                        tap.accept(yi, ((b * c + ch) * h + row) * w + col, ((out * c + ch) * k + a) * k + e);
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
