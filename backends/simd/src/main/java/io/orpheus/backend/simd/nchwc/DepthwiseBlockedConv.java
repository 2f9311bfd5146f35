package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Window2d;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (group = C = M) on NCHW16c. A block's 16 channels are filtered independently,
 * and they are exactly one pixel's vector, so each tap is one FMA of an input vector by the tap's
 * per-channel weight vector: no broadcasts, no reduction across lanes.
 *
 * <p>Padding is never copied: the work is memory-bound, and a padded copy of the input would almost
 * double its traffic. Instead each output row splits into the interior, whose windows lie inside the
 * input, and the border pixels, which test each tap. For 3x3 windows of column stride 1 or 2
 * (undilated; any row stride) the interior runs 4-pixel tiles that load each input vector of a kernel row once for all the pixels that
 * use it (6 loads for 12 FMAs at stride 1, 9 at stride 2); any other window goes pixel by pixel.
 *
 * <p>Work is split over images x channel blocks x chunks of output rows. Bias and residual go into
 * each vector before its store, the activation over each finished row while it is in L1.
 */
final class DepthwiseBlockedConv {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int B = NchwcOps.BLOCK;
    static final int TILE = 4;
    /** Parallel tasks per worker, so that uneven rows balance. */
    private static final int TASKS_PER_THREAD = 6;

    private DepthwiseBlockedConv() {
    }

    /** Operands of one run; x, y and residual are [N, C/16, H, W, 16] (residual and y of the output's size). */
    record Operands(float[] x, float[] y, float[] residual, float[] bias, BlockedWeights w, Activation activation,
                    Window2d win, int images) {
    }

    static void run(KernelContext ctx, Operands o) {
        Window2d win = o.win();
        int blocks = o.w().c() / B;
        int outH = win.outH();
        int units = o.images() * blocks;
        int rowsPerTask = Math.max(1, Math.min(outH,
                (int) ((long) units * outH / Math.max(1, (long) ctx.threads() * TASKS_PER_THREAD))));
        int chunks = (outH + rowsPerTask - 1) / rowsPerTask;
        Columns cols = Columns.of(win);
        boolean fast3x3 = win.kh() == 3 && win.kw() == 3 && win.dh() == 1 && win.dw() == 1 && win.sw() <= 2;
        ctx.parallelFor(units * chunks, task -> {
            int plane = task / chunks;
            int block = plane % blocks;
            int r0 = (task % chunks) * rowsPerTask;
            int r1 = Math.min(outH, r0 + rowsPerTask);
            for (int oh = r0; oh < r1; oh++) {
                row(o, cols, fast3x3, plane, block, oh);
            }
        });
    }

    /**
     * The output columns whose windows lie inside the input's width: {@code [lo, hi)}, empty (lo = hi)
     * when every window touches the padding.
     */
    private record Columns(int lo, int hi) {

        static Columns of(Window2d win) {
            int lo = Math.min(win.outW(), ceilDiv(win.padLeft(), win.sw()));
            int last = win.inW() - 1 + win.padLeft() - (win.kw() - 1) * win.dw();
            int hi = last < 0 ? 0 : Math.min(win.outW(), last / win.sw() + 1);
            return new Columns(lo, Math.max(lo, hi));
        }

        private static int ceilDiv(int a, int b) {
            return (a + b - 1) / b;
        }
    }

    /** One output row of one image's channel block ({@code plane} = image x blocks + block). */
    private static void row(Operands o, Columns cols, boolean fast3x3, int plane, int block, int oh) {
        Window2d win = o.win();
        int outW = win.outW();
        int xPlane = plane * win.inH() * win.inW() * B;
        int yRow = (plane * win.outH() + oh) * outW * B;
        int wBase = block * o.w().blockSize();
        int bias = block * B;
        int ih0 = oh * win.sh() - win.padTop();
        boolean rowInside = ih0 >= 0 && ih0 + (win.kh() - 1) * win.dh() < win.inH();
        if (!rowInside || !fast3x3) {
            int lo = rowInside ? cols.lo() : outW;
            int hi = rowInside ? cols.hi() : outW;
            for (int ow = 0; ow < lo; ow++) {
                checkedPixel(o, xPlane, wBase, bias, ih0, ow, yRow + ow * B);
            }
            for (int ow = lo; ow < hi; ow++) {
                interiorPixel(o, xPlane, wBase, bias, ih0, ow, yRow + ow * B);
            }
            for (int ow = hi; ow < outW; ow++) {
                checkedPixel(o, xPlane, wBase, bias, ih0, ow, yRow + ow * B);
            }
        } else {
            fastRow(o, cols, xPlane, wBase, bias, ih0, yRow);
        }
        // over the row just written, still in L1; on the array, so that no vector crosses a call
        o.activation().apply(o.y(), yRow, outW * B);
    }

    /** A row whose 3x3 windows lie within the input's height: border pixels, 4-pixel tiles, leftovers. */
    private static void fastRow(Operands o, Columns cols, int xPlane, int wBase, int bias, int ih0, int yRow) {
        Window2d win = o.win();
        int outW = win.outW();
        for (int ow = 0; ow < cols.lo(); ow++) {
            checkedPixel(o, xPlane, wBase, bias, ih0, ow, yRow + ow * B);
        }
        int ow = cols.lo();
        int rowStride = win.inW() * B;
        int xRow = xPlane + ih0 * rowStride;
        if (win.sw() == 1) {
            for (; ow + TILE <= cols.hi(); ow += TILE) {
                tile3x3Stride1(o, xRow + (ow - win.padLeft()) * B, rowStride, wBase, bias, yRow + ow * B);
            }
        } else {
            for (; ow + TILE <= cols.hi(); ow += TILE) {
                tile3x3Stride2(o, xRow + (ow * 2 - win.padLeft()) * B, rowStride, wBase, bias, yRow + ow * B);
            }
        }
        for (; ow < cols.hi(); ow++) {
            interiorPixel(o, xPlane, wBase, bias, ih0, ow, yRow + ow * B);
        }
        for (ow = cols.hi(); ow < outW; ow++) {
            checkedPixel(o, xPlane, wBase, bias, ih0, ow, yRow + ow * B);
        }
    }

    /** A pixel whose window may reach into the padding: taps outside the input are skipped. */
    private static void checkedPixel(Operands o, int xPlane, int wBase, int bias, int ih0, int ow, int yAt) {
        Window2d win = o.win();
        float[] x = o.x();
        float[] w = o.w().packed();
        int iw0 = ow * win.sw() - win.padLeft();
        FloatVector acc = bias(o, bias);
        for (int i = 0; i < win.kh(); i++) {
            int ih = ih0 + i * win.dh();
            if (ih < 0 || ih >= win.inH()) {
                continue;
            }
            for (int j = 0; j < win.kw(); j++) {
                int iw = iw0 + j * win.dw();
                if (iw >= 0 && iw < win.inW()) {
                    FloatVector v = FloatVector.fromArray(S, x, xPlane + (ih * win.inW() + iw) * B);
                    acc = v.fma(FloatVector.fromArray(S, w, wBase + (i * win.kw() + j) * B), acc);
                }
            }
        }
        store(o, acc, yAt);
    }

    /** A pixel whose window lies inside the input, any kernel, stride and dilation. */
    private static void interiorPixel(Operands o, int xPlane, int wBase, int bias, int ih0, int ow, int yAt) {
        Window2d win = o.win();
        float[] x = o.x();
        float[] w = o.w().packed();
        int rowStep = win.dh() * win.inW() * B;
        int colStep = win.dw() * B;
        int xr = xPlane + (ih0 * win.inW() + ow * win.sw() - win.padLeft()) * B;
        int wo = wBase;
        FloatVector acc = bias(o, bias);
        for (int i = 0; i < win.kh(); i++) {
            for (int j = 0; j < win.kw(); j++) {
                acc = FloatVector.fromArray(S, x, xr + j * colStep).fma(FloatVector.fromArray(S, w, wo), acc);
                wo += B;
            }
            xr += rowStep;
        }
        store(o, acc, yAt);
    }

    /** Four adjacent pixels of a 3x3 stride-1 window inside the input; {@code xp} is the first one's top-left tap. */
    private static void tile3x3Stride1(Operands o, int xp, int rowStride, int wBase, int bias, int yAt) {
        float[] x = o.x();
        float[] w = o.w().packed();
        FloatVector a0 = bias(o, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int i = 0; i < 3; i++) {
            int xr = xp + i * rowStride;
            int wr = wBase + i * 3 * B;
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + B);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * B);
            FloatVector v = FloatVector.fromArray(S, x, xr);
            a0 = v.fma(w0, a0);
            v = FloatVector.fromArray(S, x, xr + B);
            a0 = v.fma(w1, a0);
            a1 = v.fma(w0, a1);
            v = FloatVector.fromArray(S, x, xr + 2 * B);
            a0 = v.fma(w2, a0);
            a1 = v.fma(w1, a1);
            a2 = v.fma(w0, a2);
            v = FloatVector.fromArray(S, x, xr + 3 * B);
            a1 = v.fma(w2, a1);
            a2 = v.fma(w1, a2);
            a3 = v.fma(w0, a3);
            v = FloatVector.fromArray(S, x, xr + 4 * B);
            a2 = v.fma(w2, a2);
            a3 = v.fma(w1, a3);
            v = FloatVector.fromArray(S, x, xr + 5 * B);
            a3 = v.fma(w2, a3);
        }
        store(o, a0, yAt);
        store(o, a1, yAt + B);
        store(o, a2, yAt + 2 * B);
        store(o, a3, yAt + 3 * B);
    }

    /** Four adjacent pixels of a 3x3 window of column stride 2 inside the input (any row stride). */
    private static void tile3x3Stride2(Operands o, int xp, int rowStride, int wBase, int bias, int yAt) {
        float[] x = o.x();
        float[] w = o.w().packed();
        FloatVector a0 = bias(o, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int i = 0; i < 3; i++) {
            int xr = xp + i * rowStride;
            int wr = wBase + i * 3 * B;
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + B);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * B);
            a0 = FloatVector.fromArray(S, x, xr).fma(w0, a0);
            a0 = FloatVector.fromArray(S, x, xr + B).fma(w1, a0);
            FloatVector v = FloatVector.fromArray(S, x, xr + 2 * B);
            a0 = v.fma(w2, a0);
            a1 = v.fma(w0, a1);
            a1 = FloatVector.fromArray(S, x, xr + 3 * B).fma(w1, a1);
            v = FloatVector.fromArray(S, x, xr + 4 * B);
            a1 = v.fma(w2, a1);
            a2 = v.fma(w0, a2);
            a2 = FloatVector.fromArray(S, x, xr + 5 * B).fma(w1, a2);
            v = FloatVector.fromArray(S, x, xr + 6 * B);
            a2 = v.fma(w2, a2);
            a3 = v.fma(w0, a3);
            a3 = FloatVector.fromArray(S, x, xr + 7 * B).fma(w1, a3);
            a3 = FloatVector.fromArray(S, x, xr + 8 * B).fma(w2, a3);
        }
        store(o, a0, yAt);
        store(o, a1, yAt + B);
        store(o, a2, yAt + 2 * B);
        store(o, a3, yAt + 3 * B);
    }

    /** The bias vector of the block whose first channel is {@code at}, or zeros. */
    private static FloatVector bias(Operands o, int at) {
        return o.bias() == null ? FloatVector.zero(S) : FloatVector.fromArray(S, o.bias(), at);
    }

    /** One output vector (the bias is already in it) plus the residual; the activation follows per row. */
    private static void store(Operands o, FloatVector acc, int yAt) {
        if (o.residual() != null) {
            acc.add(FloatVector.fromArray(S, o.residual(), yAt)).intoArray(o.y(), yAt);
        } else {
            acc.intoArray(o.y(), yAt);
        }
    }
}
