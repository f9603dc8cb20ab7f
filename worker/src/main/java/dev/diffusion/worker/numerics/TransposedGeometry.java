package dev.diffusion.worker.numerics;

/**
 * The index triples of a transposed convolution: input element {@code x[n,c,i,j]} adds itself times
 * {@code w[c,o,a,b]} to output element {@code y[n,o,i·s-p+a, j·s-p+b]} whenever that output lies inside.
 */
final class TransposedGeometry {

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

    private TransposedGeometry(HostArray x, HostArray weight, int stride, int padding) {
        if (x.shape().length != 4 || weight.shape().length != 4 || weight.dim(0) != x.dim(1)
                || weight.dim(2) != weight.dim(3)) {
            throw new IllegalArgumentException("transposed convolution wants x [N,C,H,W] and w [C,O,k,k]");
        }
        n = x.dim(0);
        c = x.dim(1);
        h = x.dim(2);
        w = x.dim(3);
        o = weight.dim(1);
        k = weight.dim(2);
        this.stride = stride;
        this.padding = padding;
        oh = (h - 1) * stride - 2 * padding + k;
        ow = (w - 1) * stride - 2 * padding + k;
    }

    static TransposedGeometry of(HostArray x, HostArray weight, int stride, int padding) {
        return new TransposedGeometry(x, weight, stride, padding);
    }

    void forEachTap(ConvGeometry.Tap tap) {
        for (int b = 0; b < n; b++) {
            for (int ch = 0; ch < c; ch++) {
                for (int i = 0; i < h; i++) {
                    for (int j = 0; j < w; j++) {
                        int xi = ((b * c + ch) * h + i) * w + j;
                        for (int out = 0; out < o; out++) {
                            for (int a = 0; a < k; a++) {
                                int row = i * stride - padding + a;
                                if (row < 0 || row >= oh) {
                                    continue;
                                }
                                for (int e = 0; e < k; e++) {
                                    int col = j * stride - padding + e;
                                    if (col >= 0 && col < ow) {
                                        tap.accept(((b * o + out) * oh + row) * ow + col, xi, ((ch * o + out) * k + a) * k + e);
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
