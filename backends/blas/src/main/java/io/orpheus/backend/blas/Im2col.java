package io.orpheus.backend.blas;

import java.util.Arrays;

/**
 * Unfolds one batch item and group of a convolution's input into the (C/group * kH * kW) x (outH * outW)
 * row-major matrix that the group's weights multiply; taps falling in the padding read 0.
 */
final class Im2col {

    private Im2col() {
    }

    static void unfold(ConvGeometry g, float[] x, int n, int group, float[] col) {
        int channels = g.inChannels() / g.groups();
        int inH = g.inH();
        int inW = g.inW();
        int outH = g.outH();
        int outW = g.outW();
        int plane = outH * outW;
        for (int c = 0; c < channels; c++) {
            int xBase = (n * g.inChannels() + group * channels + c) * inH * inW;
            for (int ki = 0; ki < g.kH(); ki++) {
                for (int kj = 0; kj < g.kW(); kj++) {
                    int rowBase = ((c * g.kH() + ki) * g.kW() + kj) * plane;
                    int colShift = kj * g.dilationW() - g.padLeft();
                    // output columns whose tap lies inside the row: 0 <= ox*stride + colShift < inW
                    int oxFrom = Math.min(outW, Math.max(0, ceilDiv(-colShift, g.strideW())));
                    int oxTo = Math.max(oxFrom, Math.min(outW, ceilDiv(inW - colShift, g.strideW())));
                    for (int oy = 0; oy < outH; oy++) {
                        int dst = rowBase + oy * outW;
                        int iy = oy * g.strideH() - g.padTop() + ki * g.dilationH();
                        if (iy < 0 || iy >= inH) {
                            Arrays.fill(col, dst, dst + outW, 0f);
                            continue;
                        }
                        int src = xBase + iy * inW + colShift;
                        Arrays.fill(col, dst, dst + oxFrom, 0f);
                        if (g.strideW() == 1) {
                            System.arraycopy(x, src + oxFrom, col, dst + oxFrom, oxTo - oxFrom);
                        } else {
                            for (int ox = oxFrom; ox < oxTo; ox++) {
                                col[dst + ox] = x[src + ox * g.strideW()];
                            }
                        }
                        Arrays.fill(col, dst + oxTo, dst + outW, 0f);
                    }
                }
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
