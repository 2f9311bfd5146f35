package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Window2d;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise convolution (group = C = M) on NCHW16c. A block's 16 channels are filtered independently,
 * and they are exactly one pixel's vector, so each tap is one FMA of an input vector by the tap's
 * per-channel weight vector: no broadcasts, no reduction across lanes.
 *
 * <p>Padding is never copied: with 9 FMAs per output vector the work is light, and a padded copy of the
 * input would almost double its memory traffic. Instead each output row splits into the interior
 * columns, whose windows lie inside the input's width, and the border pixels, which sum only their taps
 * inside the input. For 3x3 windows of column stride 1 or 2 (undilated; any row stride) the interior
 * runs tiles over the kernel rows inside the input, in the top and bottom rows too: 8 pixels then 4,
 * the last 4-pixel tile shifted back to end with the interior; rows of 7 to 28 pixels with one column of
 * padding run whole 7-pixel tiles that skip the padding's taps. A tile loads each input vector of a
 * kernel row once for all its pixels that use it (10 loads for 24 FMAs in an 8-pixel tile at stride 1,
 * 17 in one at stride 2). Any other window goes pixel by pixel.
 *
 * <p>Work is split over images x channel blocks x chunks of output rows. Bias, residual and Relu go into
 * each vector before its store; other activations run over each finished row while it is in L1.
 */
final class DepthwiseBlockedConv {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int B = NchwcOps.BLOCK;
    static final int TILE = 4;
    /*
     * Each accumulator takes 9 dependent FMAs, so 4 pixels leave the FMA units waiting on latency; 8
     * independent sums keep them busy at stride 1 (thread CPU time per output vector, whole layers: 16
     * channels at 56x56 5.5-6.2 ns with 4-pixel tiles, 4.2-5.0 ns with 8; 512 at 14x14 7.0-7.3 against
     * 5.9-6.8). At stride 2 an 8-pixel tile was slower (11.5 against 9 ns at 64 channels, 112x112) while
     * planes sat off cache-line boundaries; on aligned planes it is faster (17.3 -> 15.7 cycles).
     */
    static final int WIDE_TILE = 8;
    /** Pixels of the tiles that cover rows of up to 28 pixels whole, both ends included. */
    static final int EDGE_TILE = 7;
    /** Parallel tasks per worker, so that uneven rows balance. */
    private static final int TASKS_PER_THREAD = 6;

    private DepthwiseBlockedConv() {
    }

    /**
     * Operands of one run; x, y and residual are [N, C/16, H, W, 16] (residual and y of the output's size),
     * each starting at its offset in its array (slices: y a block of a Concat's output, for one).
     */
    record Operands(float[] x, int xOffset, float[] y, int yOffset, float[] residual, int residualOffset,
                    float[] bias, BlockedWeights w, Activation activation, Window2d win, int images) {

        /** The residual's index minus Y's for the same element. */
        int residualShift() {
            return residualOffset - yOffset;
        }

        /** Whether the stores apply the activation (Relu or none), so that no pass over the row follows. */
        boolean activationInStores() {
            Activation.Kind k = activation.kind();
            return k == Activation.Kind.RELU || k == Activation.Kind.IDENTITY;
        }

        /**
         * What the stores clamp from below: 0 for Relu (max(x, 0), -0 and NaN as Math.max), -inf otherwise,
         * which changes nothing. One form for both, so no branch merges vectors (which made C2 box them).
         */
        float floor() {
            return activation.kind() == Activation.Kind.RELU ? 0f : Float.NEGATIVE_INFINITY;
        }
    }

    static void run(KernelContext ctx, Operands o) {
        Window2d win = o.win();
        int blocks = o.w().c() / B;
        int outH = win.outH();
        int units = o.images() * blocks;
        Bands bands = Bands.of(outH, units, ctx.threads(), TASKS_PER_THREAD);
        Columns cols = Columns.of(win);
        boolean fast3x3 = win.kh() == 3 && win.kw() == 3 && win.dh() == 1 && win.dw() == 1 && win.sw() <= 2;
        // chunk-major tasks: each worker's contiguous share is a band of rows across all planes, the rows
        // the next layer's share reads (see the worker pool's shares)
        ctx.parallelFor(units * bands.count(), task -> {
            int plane = task % units;
            int block = plane % blocks;
            int r0 = bands.start(task / units);
            int r1 = bands.end(task / units);
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
            return new Columns(win.interiorColumnsFrom(), win.interiorColumnsTo());
        }
    }

    /** One output row of one image's channel block ({@code plane} = image x blocks + block). */
    private static void row(Operands o, Columns cols, boolean fast3x3, int plane, int block, int oh) {
        Window2d win = o.win();
        int outW = win.outW();
        int xPlane = o.xOffset() + plane * win.inH() * win.inW() * B;
        int yRow = o.yOffset() + (plane * win.outH() + oh) * outW * B;
        int wBase = o.w().start(block);
        int bias = block * B;
        int ih0 = oh * win.sh() - win.padTop();
        if (fast3x3) {
            // the top and bottom rows run the same tiles over the kernel rows that lie inside the input
            fastRow(o, cols, xPlane, wBase, bias, ih0, Math.max(0, -ih0), Math.min(3, win.inH() - ih0), yRow);
        } else if (scaleShift(win)) {
            scaleShiftRow(o, xPlane + oh * win.inW() * B, wBase, bias, yRow, outW);
        } else {
            boolean rowInside = ih0 >= 0 && ih0 + (win.kh() - 1) * win.dh() < win.inH();
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
        }
        /*
         * Relu (and none) is applied by the stores; other activations run over the row just written, still in
         * L1. The tiles write their stores out in straight-line code: through the store helper with the Relu
         * in it, the 8-pixel tile was no longer inlined whole and ran MobileNet-v1's first depthwise layer in
         * 0.16 ms; straight-line, 0.065 (0.09 with the pass over the row; ONNX Runtime 0.06).
         */
        if (!o.activationInStores()) {
            o.activation().apply(o.y(), yRow, outW * B);
        }
    }

    /**
     * Whether the window is 1x1, stride 1 and unpadded: a per-channel scale and shift (a BatchNormalization
     * the graph passes turned into a depthwise convolution, WRN's pre-activations), pixel by pixel.
     */
    private static boolean scaleShift(Window2d win) {
        return win.kh() == 1 && win.kw() == 1 && win.sh() == 1 && win.sw() == 1 && win.outW() == win.inW()
                && win.outH() == win.inH();
    }

    /**
     * One row of a {@link #scaleShift} window: one FMA per output vector. Through the general per-pixel path,
     * with its window bounds for every pixel, WRN's 32-channel 32x32 ones took 7.6-8.6 us against ONNX
     * Runtime's 4-5.
     */
    private static void scaleShiftRow(Operands o, int xRow, int wBase, int bias, int yRow, int outW) {
        float[] x = o.x();
        float[] y = o.y();
        FloatVector w = FloatVector.fromArray(S, o.w().packed(), wBase);
        FloatVector b = bias(o, bias);
        float lo = o.floor();
        float[] z = o.residual();
        if (z == null) {
            for (int ow = 0; ow < outW; ow++) {
                FloatVector v = FloatVector.fromArray(S, x, xRow + ow * B).fma(w, b);
                v.blend(lo, v.compare(VectorOperators.LE, lo)).intoArray(y, yRow + ow * B);
            }
        } else {
            int zs = o.residualShift();
            for (int ow = 0; ow < outW; ow++) {
                int at = yRow + ow * B;
                FloatVector v = FloatVector.fromArray(S, x, xRow + ow * B).fma(w, b)
                        .add(FloatVector.fromArray(S, z, at + zs));
                v.blend(lo, v.compare(VectorOperators.LE, lo)).intoArray(y, at);
            }
        }
    }

    /**
     * A row of 3x3 windows (undilated) whose kernel rows {@code [i0, i1)} lie inside the input: border
     * pixels, tiles, leftovers.
     */
    private static void fastRow(Operands o, Columns cols, int xPlane, int wBase, int bias, int ih0, int i0, int i1,
                                int yRow) {
        Window2d win = o.win();
        int outW = win.outW();
        int rowStride = win.inW() * B;
        int xRow = xPlane + ih0 * rowStride;
        int sw = win.sw();
        int padLeft = win.padLeft();
        /*
         * Stride 1 with one column of padding on each side (MobileNet's 3x3 layers): the border pixels
         * are the first pixel of a 4-pixel tile at each end of the row, which skips the padding's taps;
         * one pixel at a time was a 6-deep chain of FMAs, at 14 pixels a row as long as the rest of it.
         * Rows of 5 to 7 pixels are the two edge tiles alone, overlapping in the middle (those pixels are
         * written twice with the same values; the activation runs after the row): 1024 channels at 7x7
         * went from 11.2 to 6.0 ns per output vector.
         */
        boolean edges = sw == 1 && padLeft == 1 && cols.lo() == 1 && cols.hi() == outW - 1 && outW > TILE;
        if (edges && outW % EDGE_TILE == 0 && outW <= 4 * EDGE_TILE) {
            /*
             * Rows of 7, 14, 21 and 28 pixels (MobileNet's later layers) are whole 7-pixel tiles, the end
             * ones skipping the padding's taps: seven FMA chains where overlapping 4-pixel tiles had four,
             * and no pixel computed twice. 1t, per output vector: 512 channels at 14x14 6.2-6.6 -> 4.4-4.5
             * ns, 1024 at 7x7 6.8-8.0 -> 4.4-4.5 ns; 256 at 28x28 4.6-4.7 -> 3.6-5.3 ns (noisy); at 56
             * pixels the 8-pixel tiles were as fast.
             */
            for (int at = 0; at < outW; at += EDGE_TILE) {
                tile7x3x3Stride1(o, xRow + (at - 1) * B, rowStride, wBase, bias, i0, i1, yRow + at * B, at == 0,
                        at + EDGE_TILE == outW);
            }
            return;
        }
        if (sw == 2 && padLeft == 1 && win.inW() == 2 * outW && outW % EDGE_TILE == 0 && outW <= 4 * EDGE_TILE) {
            // the stride-2 layers of MobileNet-style networks: even input widths, whose last window ends inside
            for (int at = 0; at < outW; at += EDGE_TILE) {
                tile7x3x3Stride2(o, xRow + (2 * at - 1) * B, rowStride, wBase, bias, i0, i1, yRow + at * B, at == 0);
            }
            return;
        }
        int ow;
        int hi;
        if (edges) {
            tile3x3Stride1(o, xRow - B, rowStride, wBase, bias, i0, i1, yRow, true, false);
            ow = TILE;
            hi = outW - TILE;
        } else {
            for (ow = 0; ow < cols.lo(); ow++) {
                pixel3x3(o, xRow, rowStride, wBase, bias, ow * sw - padLeft, i0, i1, yRow + ow * B);
            }
            hi = cols.hi();
        }
        if (sw == 1) {
            for (; ow + WIDE_TILE <= hi; ow += WIDE_TILE) {
                wideTile3x3Stride1(o, xRow + (ow - padLeft) * B, rowStride, wBase, bias, i0, i1, yRow + ow * B);
            }
        } else {
            for (; ow + WIDE_TILE <= hi; ow += WIDE_TILE) {
                wideTile3x3Stride2(o, xRow + (ow * 2 - padLeft) * B, rowStride, wBase, bias, i0, i1, yRow + ow * B);
            }
        }
        /*
         * 4-pixel tiles, the last shifted back over pixels already written when fewer than 4 are left:
         * it writes them again with the same values (the activation runs after the row), where one pixel
         * at a time would be a single 9-deep chain of FMAs each.
         */
        while (ow < hi && hi - cols.lo() >= TILE) {
            int at = Math.min(ow, hi - TILE);
            if (sw == 1) {
                tile3x3Stride1(o, xRow + (at - padLeft) * B, rowStride, wBase, bias, i0, i1, yRow + at * B, false,
                        false);
            } else {
                tile3x3Stride2(o, xRow + (at * 2 - padLeft) * B, rowStride, wBase, bias, i0, i1, yRow + at * B);
            }
            ow = at + TILE;
        }
        if (edges) {
            int at = outW - TILE;
            tile3x3Stride1(o, xRow + (at - 1) * B, rowStride, wBase, bias, i0, i1, yRow + at * B, false, true);
            return;
        }
        for (; ow < outW; ow++) {
            pixel3x3(o, xRow, rowStride, wBase, bias, ow * sw - padLeft, i0, i1, yRow + ow * B);
        }
    }

    /**
     * One pixel of a 3x3 undilated window over kernel rows {@code [i0, i1)}: the leftovers between tiles
     * and the border pixels, whose columns outside the input are skipped; {@code xRow} is the window's
     * top row, {@code iw0} its left column.
     */
    private static void pixel3x3(Operands o, int xRow, int rowStride, int wBase, int bias, int iw0, int i0, int i1,
                                 int yAt) {
        float[] x = o.x();
        float[] w = o.w().packed();
        int j0 = Math.max(0, -iw0);
        int j1 = Math.min(3, o.win().inW() - iw0);
        FloatVector acc = bias(o, bias);
        for (int i = i0; i < i1; i++) {
            int xr = xRow + i * rowStride + iw0 * B;
            int wr = wBase + i * 3 * B;
            for (int j = j0; j < j1; j++) {
                acc = FloatVector.fromArray(S, x, xr + j * B).fma(FloatVector.fromArray(S, w, wr + j * B), acc);
            }
        }
        store(o, acc, yAt);
    }

    /** A pixel whose window may reach into the padding: only the taps inside the input are summed. */
    private static void checkedPixel(Operands o, int xPlane, int wBase, int bias, int ih0, int ow, int yAt) {
        Window2d win = o.win();
        float[] x = o.x();
        float[] w = o.w().packed();
        int iw0 = ow * win.sw() - win.padLeft();
        int i0 = Window2d.firstTapInside(ih0, win.dh());
        int i1 = Window2d.endTapInside(ih0, win.dh(), win.kh(), win.inH());
        int j0 = Window2d.firstTapInside(iw0, win.dw());
        int j1 = Window2d.endTapInside(iw0, win.dw(), win.kw(), win.inW());
        FloatVector acc = bias(o, bias);
        for (int i = i0; i < i1; i++) {
            int xr = xPlane + ((ih0 + i * win.dh()) * win.inW() + iw0) * B;
            int wr = wBase + i * win.kw() * B;
            for (int j = j0; j < j1; j++) {
                acc = FloatVector.fromArray(S, x, xr + j * win.dw() * B).fma(FloatVector.fromArray(S, w, wr + j * B), acc);
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

    /** Eight adjacent pixels of a 3x3 stride-1 window inside the input's width, over kernel rows {@code [i0, i1)}. */
    private static void wideTile3x3Stride1(Operands o, int xp, int rowStride, int wBase, int bias, int i0, int i1,
                                           int yAt) {
        float[] x = o.x();
        float[] w = o.w().packed();
        FloatVector a0 = bias(o, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int i = i0; i < i1; i++) {
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
            a4 = v.fma(w0, a4);
            v = FloatVector.fromArray(S, x, xr + 5 * B);
            a3 = v.fma(w2, a3);
            a4 = v.fma(w1, a4);
            a5 = v.fma(w0, a5);
            v = FloatVector.fromArray(S, x, xr + 6 * B);
            a4 = v.fma(w2, a4);
            a5 = v.fma(w1, a5);
            a6 = v.fma(w0, a6);
            v = FloatVector.fromArray(S, x, xr + 7 * B);
            a5 = v.fma(w2, a5);
            a6 = v.fma(w1, a6);
            a7 = v.fma(w0, a7);
            v = FloatVector.fromArray(S, x, xr + 8 * B);
            a6 = v.fma(w2, a6);
            a7 = v.fma(w1, a7);
            v = FloatVector.fromArray(S, x, xr + 9 * B);
            a7 = v.fma(w2, a7);
        }
        // the residual and Relu in straight-line code (see Operands#floor)
        float lo = o.floor();
        float[] z = o.residual();
        if (z != null) {
            int zs = o.residualShift();
            a0 = a0.add(FloatVector.fromArray(S, z, yAt + zs));
            a1 = a1.add(FloatVector.fromArray(S, z, yAt + B + zs));
            a2 = a2.add(FloatVector.fromArray(S, z, yAt + 2 * B + zs));
            a3 = a3.add(FloatVector.fromArray(S, z, yAt + 3 * B + zs));
            a4 = a4.add(FloatVector.fromArray(S, z, yAt + 4 * B + zs));
            a5 = a5.add(FloatVector.fromArray(S, z, yAt + 5 * B + zs));
            a6 = a6.add(FloatVector.fromArray(S, z, yAt + 6 * B + zs));
            a7 = a7.add(FloatVector.fromArray(S, z, yAt + 7 * B + zs));
        }
        float[] y = o.y();
        a0.blend(lo, a0.compare(VectorOperators.LE, lo)).intoArray(y, yAt);
        a1.blend(lo, a1.compare(VectorOperators.LE, lo)).intoArray(y, yAt + B);
        a2.blend(lo, a2.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 2 * B);
        a3.blend(lo, a3.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 3 * B);
        a4.blend(lo, a4.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 4 * B);
        a5.blend(lo, a5.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 5 * B);
        a6.blend(lo, a6.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 6 * B);
        a7.blend(lo, a7.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 7 * B);
    }

    /**
     * Eight adjacent pixels of a 3x3 window at column stride 2, inside the input's width, over kernel rows
     * {@code [i0, i1)}: eight FMA chains where the 4-pixel tile has four (MobileNet-v1's 64 channels at
     * 112x112 -> 56x56, alone: 17.3 -> 15.7 cycles per output vector).
     */
    private static void wideTile3x3Stride2(Operands o, int xp, int rowStride, int wBase, int bias, int i0, int i1,
                                           int yAt) {
        float[] x = o.x();
        float[] w = o.w().packed();
        FloatVector a0 = bias(o, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        FloatVector a7 = a0;
        for (int i = i0; i < i1; i++) {
            int xr = xp + i * rowStride;
            int wr = wBase + i * 3 * B;
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + B);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * B);
            FloatVector v = FloatVector.fromArray(S, x, xr);
            a0 = v.fma(w0, a0);
            v = FloatVector.fromArray(S, x, xr + B);
            a0 = v.fma(w1, a0);
            v = FloatVector.fromArray(S, x, xr + 2 * B);
            a0 = v.fma(w2, a0);
            a1 = v.fma(w0, a1);
            v = FloatVector.fromArray(S, x, xr + 3 * B);
            a1 = v.fma(w1, a1);
            v = FloatVector.fromArray(S, x, xr + 4 * B);
            a1 = v.fma(w2, a1);
            a2 = v.fma(w0, a2);
            v = FloatVector.fromArray(S, x, xr + 5 * B);
            a2 = v.fma(w1, a2);
            v = FloatVector.fromArray(S, x, xr + 6 * B);
            a2 = v.fma(w2, a2);
            a3 = v.fma(w0, a3);
            v = FloatVector.fromArray(S, x, xr + 7 * B);
            a3 = v.fma(w1, a3);
            v = FloatVector.fromArray(S, x, xr + 8 * B);
            a3 = v.fma(w2, a3);
            a4 = v.fma(w0, a4);
            v = FloatVector.fromArray(S, x, xr + 9 * B);
            a4 = v.fma(w1, a4);
            v = FloatVector.fromArray(S, x, xr + 10 * B);
            a4 = v.fma(w2, a4);
            a5 = v.fma(w0, a5);
            v = FloatVector.fromArray(S, x, xr + 11 * B);
            a5 = v.fma(w1, a5);
            v = FloatVector.fromArray(S, x, xr + 12 * B);
            a5 = v.fma(w2, a5);
            a6 = v.fma(w0, a6);
            v = FloatVector.fromArray(S, x, xr + 13 * B);
            a6 = v.fma(w1, a6);
            v = FloatVector.fromArray(S, x, xr + 14 * B);
            a6 = v.fma(w2, a6);
            a7 = v.fma(w0, a7);
            v = FloatVector.fromArray(S, x, xr + 15 * B);
            a7 = v.fma(w1, a7);
            v = FloatVector.fromArray(S, x, xr + 16 * B);
            a7 = v.fma(w2, a7);
        }
        // the residual and Relu in straight-line code (see Operands#floor)
        float lo = o.floor();
        float[] z = o.residual();
        if (z != null) {
            int zs = o.residualShift();
            a0 = a0.add(FloatVector.fromArray(S, z, yAt + zs));
            a1 = a1.add(FloatVector.fromArray(S, z, yAt + B + zs));
            a2 = a2.add(FloatVector.fromArray(S, z, yAt + 2 * B + zs));
            a3 = a3.add(FloatVector.fromArray(S, z, yAt + 3 * B + zs));
            a4 = a4.add(FloatVector.fromArray(S, z, yAt + 4 * B + zs));
            a5 = a5.add(FloatVector.fromArray(S, z, yAt + 5 * B + zs));
            a6 = a6.add(FloatVector.fromArray(S, z, yAt + 6 * B + zs));
            a7 = a7.add(FloatVector.fromArray(S, z, yAt + 7 * B + zs));
        }
        float[] y = o.y();
        a0.blend(lo, a0.compare(VectorOperators.LE, lo)).intoArray(y, yAt);
        a1.blend(lo, a1.compare(VectorOperators.LE, lo)).intoArray(y, yAt + B);
        a2.blend(lo, a2.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 2 * B);
        a3.blend(lo, a3.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 3 * B);
        a4.blend(lo, a4.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 4 * B);
        a5.blend(lo, a5.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 5 * B);
        a6.blend(lo, a6.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 6 * B);
        a7.blend(lo, a7.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 7 * B);
    }

    /**
     * Seven adjacent pixels of a 3x3 window at column stride 2, the row's first skipping the left padding's
     * column when {@code leftEdge}: rows of 7 to 28 pixels whole, no pixel alone at the border and none
     * computed twice (alone, per output vector: 512 channels 14x14 -> 7x7 24.1 -> 12.0 cycles, 256 at
     * 28x28 -> 14x14 19.0 -> 10.9, 128 at 56x56 -> 28x28 18.1 -> 13.9).
     */
    private static void tile7x3x3Stride2(Operands o, int xp, int rowStride, int wBase, int bias, int i0, int i1,
                                           int yAt, boolean leftEdge) {
        float[] x = o.x();
        float[] w = o.w().packed();
        FloatVector a0 = bias(o, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        for (int i = i0; i < i1; i++) {
            int xr = xp + i * rowStride;
            int wr = wBase + i * 3 * B;
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + B);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * B);
            if (!leftEdge) {
                a0 = FloatVector.fromArray(S, x, xr).fma(w0, a0);
            }
            FloatVector v = FloatVector.fromArray(S, x, xr + B);
            a0 = v.fma(w1, a0);
            v = FloatVector.fromArray(S, x, xr + 2 * B);
            a0 = v.fma(w2, a0);
            a1 = v.fma(w0, a1);
            v = FloatVector.fromArray(S, x, xr + 3 * B);
            a1 = v.fma(w1, a1);
            v = FloatVector.fromArray(S, x, xr + 4 * B);
            a1 = v.fma(w2, a1);
            a2 = v.fma(w0, a2);
            v = FloatVector.fromArray(S, x, xr + 5 * B);
            a2 = v.fma(w1, a2);
            v = FloatVector.fromArray(S, x, xr + 6 * B);
            a2 = v.fma(w2, a2);
            a3 = v.fma(w0, a3);
            v = FloatVector.fromArray(S, x, xr + 7 * B);
            a3 = v.fma(w1, a3);
            v = FloatVector.fromArray(S, x, xr + 8 * B);
            a3 = v.fma(w2, a3);
            a4 = v.fma(w0, a4);
            v = FloatVector.fromArray(S, x, xr + 9 * B);
            a4 = v.fma(w1, a4);
            v = FloatVector.fromArray(S, x, xr + 10 * B);
            a4 = v.fma(w2, a4);
            a5 = v.fma(w0, a5);
            v = FloatVector.fromArray(S, x, xr + 11 * B);
            a5 = v.fma(w1, a5);
            v = FloatVector.fromArray(S, x, xr + 12 * B);
            a5 = v.fma(w2, a5);
            a6 = v.fma(w0, a6);
            v = FloatVector.fromArray(S, x, xr + 13 * B);
            a6 = v.fma(w1, a6);
            v = FloatVector.fromArray(S, x, xr + 14 * B);
            a6 = v.fma(w2, a6);
        }
        // the residual and Relu in straight-line code (see Operands#floor)
        float lo = o.floor();
        float[] z = o.residual();
        if (z != null) {
            int zs = o.residualShift();
            a0 = a0.add(FloatVector.fromArray(S, z, yAt + zs));
            a1 = a1.add(FloatVector.fromArray(S, z, yAt + B + zs));
            a2 = a2.add(FloatVector.fromArray(S, z, yAt + 2 * B + zs));
            a3 = a3.add(FloatVector.fromArray(S, z, yAt + 3 * B + zs));
            a4 = a4.add(FloatVector.fromArray(S, z, yAt + 4 * B + zs));
            a5 = a5.add(FloatVector.fromArray(S, z, yAt + 5 * B + zs));
            a6 = a6.add(FloatVector.fromArray(S, z, yAt + 6 * B + zs));
        }
        float[] y = o.y();
        a0.blend(lo, a0.compare(VectorOperators.LE, lo)).intoArray(y, yAt);
        a1.blend(lo, a1.compare(VectorOperators.LE, lo)).intoArray(y, yAt + B);
        a2.blend(lo, a2.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 2 * B);
        a3.blend(lo, a3.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 3 * B);
        a4.blend(lo, a4.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 4 * B);
        a5.blend(lo, a5.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 5 * B);
        a6.blend(lo, a6.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 6 * B);
    }

    /** Seven adjacent pixels of a 3x3 stride-1 window; as {@link #tile3x3Stride1}, the row's end taps skipped. */
    private static void tile7x3x3Stride1(Operands o, int xp, int rowStride, int wBase, int bias, int i0, int i1,
                                         int yAt, boolean leftEdge, boolean rightEdge) {
        float[] x = o.x();
        float[] w = o.w().packed();
        FloatVector a0 = bias(o, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        FloatVector a4 = a0;
        FloatVector a5 = a0;
        FloatVector a6 = a0;
        for (int i = i0; i < i1; i++) {
            int xr = xp + i * rowStride;
            int wr = wBase + i * 3 * B;
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + B);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * B);
            if (!leftEdge) {
                a0 = FloatVector.fromArray(S, x, xr).fma(w0, a0);
            }
            FloatVector v = FloatVector.fromArray(S, x, xr + B);
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
            a4 = v.fma(w0, a4);
            v = FloatVector.fromArray(S, x, xr + 5 * B);
            a3 = v.fma(w2, a3);
            a4 = v.fma(w1, a4);
            a5 = v.fma(w0, a5);
            v = FloatVector.fromArray(S, x, xr + 6 * B);
            a4 = v.fma(w2, a4);
            a5 = v.fma(w1, a5);
            a6 = v.fma(w0, a6);
            v = FloatVector.fromArray(S, x, xr + 7 * B);
            a5 = v.fma(w2, a5);
            a6 = v.fma(w1, a6);
            if (!rightEdge) {
                a6 = FloatVector.fromArray(S, x, xr + 8 * B).fma(w2, a6);
            }
        }
        // the residual and Relu in straight-line code (see Operands#floor)
        float lo = o.floor();
        float[] z = o.residual();
        if (z != null) {
            int zs = o.residualShift();
            a0 = a0.add(FloatVector.fromArray(S, z, yAt + zs));
            a1 = a1.add(FloatVector.fromArray(S, z, yAt + B + zs));
            a2 = a2.add(FloatVector.fromArray(S, z, yAt + 2 * B + zs));
            a3 = a3.add(FloatVector.fromArray(S, z, yAt + 3 * B + zs));
            a4 = a4.add(FloatVector.fromArray(S, z, yAt + 4 * B + zs));
            a5 = a5.add(FloatVector.fromArray(S, z, yAt + 5 * B + zs));
            a6 = a6.add(FloatVector.fromArray(S, z, yAt + 6 * B + zs));
        }
        float[] y = o.y();
        a0.blend(lo, a0.compare(VectorOperators.LE, lo)).intoArray(y, yAt);
        a1.blend(lo, a1.compare(VectorOperators.LE, lo)).intoArray(y, yAt + B);
        a2.blend(lo, a2.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 2 * B);
        a3.blend(lo, a3.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 3 * B);
        a4.blend(lo, a4.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 4 * B);
        a5.blend(lo, a5.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 5 * B);
        a6.blend(lo, a6.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 6 * B);
    }

    /**
     * Four adjacent pixels of a 3x3 stride-1 window; {@code xp} is the first one's top-left tap. At the
     * row's left edge the first pixel's left column is padding, at the right edge the last pixel's right
     * column: those taps are skipped (never loaded).
     */
    private static void tile3x3Stride1(Operands o, int xp, int rowStride, int wBase, int bias, int i0, int i1,
                                       int yAt, boolean leftEdge, boolean rightEdge) {
        float[] x = o.x();
        float[] w = o.w().packed();
        FloatVector a0 = bias(o, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int i = i0; i < i1; i++) {
            int xr = xp + i * rowStride;
            int wr = wBase + i * 3 * B;
            FloatVector w0 = FloatVector.fromArray(S, w, wr);
            FloatVector w1 = FloatVector.fromArray(S, w, wr + B);
            FloatVector w2 = FloatVector.fromArray(S, w, wr + 2 * B);
            if (!leftEdge) {
                a0 = FloatVector.fromArray(S, x, xr).fma(w0, a0);
            }
            FloatVector v = FloatVector.fromArray(S, x, xr + B);
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
            if (!rightEdge) {
                a3 = FloatVector.fromArray(S, x, xr + 5 * B).fma(w2, a3);
            }
        }
        // the residual and Relu in straight-line code (see Operands#floor)
        float lo = o.floor();
        float[] z = o.residual();
        if (z != null) {
            int zs = o.residualShift();
            a0 = a0.add(FloatVector.fromArray(S, z, yAt + zs));
            a1 = a1.add(FloatVector.fromArray(S, z, yAt + B + zs));
            a2 = a2.add(FloatVector.fromArray(S, z, yAt + 2 * B + zs));
            a3 = a3.add(FloatVector.fromArray(S, z, yAt + 3 * B + zs));
        }
        float[] y = o.y();
        a0.blend(lo, a0.compare(VectorOperators.LE, lo)).intoArray(y, yAt);
        a1.blend(lo, a1.compare(VectorOperators.LE, lo)).intoArray(y, yAt + B);
        a2.blend(lo, a2.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 2 * B);
        a3.blend(lo, a3.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 3 * B);
    }

    /** Four adjacent pixels of a 3x3 window of column stride 2 inside the input (any row stride). */
    private static void tile3x3Stride2(Operands o, int xp, int rowStride, int wBase, int bias, int i0, int i1,
                                       int yAt) {
        float[] x = o.x();
        float[] w = o.w().packed();
        FloatVector a0 = bias(o, bias);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int i = i0; i < i1; i++) {
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
        // the residual and Relu in straight-line code (see Operands#floor)
        float lo = o.floor();
        float[] z = o.residual();
        if (z != null) {
            int zs = o.residualShift();
            a0 = a0.add(FloatVector.fromArray(S, z, yAt + zs));
            a1 = a1.add(FloatVector.fromArray(S, z, yAt + B + zs));
            a2 = a2.add(FloatVector.fromArray(S, z, yAt + 2 * B + zs));
            a3 = a3.add(FloatVector.fromArray(S, z, yAt + 3 * B + zs));
        }
        float[] y = o.y();
        a0.blend(lo, a0.compare(VectorOperators.LE, lo)).intoArray(y, yAt);
        a1.blend(lo, a1.compare(VectorOperators.LE, lo)).intoArray(y, yAt + B);
        a2.blend(lo, a2.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 2 * B);
        a3.blend(lo, a3.compare(VectorOperators.LE, lo)).intoArray(y, yAt + 3 * B);
    }

    /** The bias vector of the block whose first channel is {@code at}, or zeros. */
    private static FloatVector bias(Operands o, int at) {
        return o.bias() == null ? FloatVector.zero(S) : FloatVector.fromArray(S, o.bias(), at);
    }

    /**
     * One output vector (the bias is already in it) plus the residual, through Relu when that is the
     * activation (see {@link Operands#floor}); other activations follow per row.
     */
    private static void store(Operands o, FloatVector acc, int yAt) {
        float lo = o.floor();
        if (o.residual() != null) {
            FloatVector r = acc.add(FloatVector.fromArray(S, o.residual(), yAt + o.residualShift()));
            r.blend(lo, r.compare(VectorOperators.LE, lo)).intoArray(o.y(), yAt);
        } else {
            acc.blend(lo, acc.compare(VectorOperators.LE, lo)).intoArray(o.y(), yAt);
        }
    }
}
