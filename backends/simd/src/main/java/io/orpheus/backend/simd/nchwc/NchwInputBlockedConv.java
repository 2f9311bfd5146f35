package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Window2d;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution from a plain NCHW input of any channel count to NCHW16c output (BlockedConv with
 * nchw_input): a network's stem, whose 3 input channels cannot be blocked, writes the blocked layout
 * itself instead of leaving it to a reorder after an im2col convolution. The input is read as 16c
 * blocks of one channel: its planes, padded by {@link BlockedInput} with one float per pixel, and the
 * weights packed by {@link BlockedWeights#packForNchwInput} as {@code [M/16][C][kh][kw][16]}.
 *
 * <p>The register tile is 8 output pixels along a row x 2 output blocks (16 accumulators). Per input
 * channel and tap, the 8 pixels' input scalars, {@code stride} floats apart, are broadcast and
 * multiplied into the two blocks' weight vectors. A row's last pixels take a tile shifted back to
 * overlap the one before; rows narrower than a tile, and dilated columns, go pixel by pixel. Work is split as in
 * {@link DirectBlockedConv}.
 */
final class NchwInputBlockedConv {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int B = NchwcOps.BLOCK;
    static final int TILE = 8;
    /** Pixels of the quad tile (4 output blocks). */
    static final int QUAD_TILE = 6;
    /** Parallel tasks per worker, so that uneven rows balance. */
    private static final int TASKS_PER_THREAD = 6;

    private NchwInputBlockedConv() {
    }

    /** {@code o.x()} is the NCHW input as {@link BlockedInput} pads it with one lane per pixel. */
    static void run(KernelContext ctx, DirectBlockedConv.Operands o, DirectBlockedConv.TapCache tapCache) {
        int[] taps = tapCache.of(o);
        Window2d win = o.win();
        int outBlocks = o.w().m() / B;
        int pairs = (outBlocks + 1) / 2;
        int pairsPerGroup = DirectBlockedConv.weightsCached(o.w()) ? pairs : 1;
        int groups = (pairs + pairsPerGroup - 1) / pairsPerGroup;
        int outH = win.outH();
        int units = o.images() * groups;
        Bands bands = Bands.of(outH, units, ctx.threads(), TASKS_PER_THREAD);
        int chunks = bands.count();
        ctx.parallelFor(units * chunks, task -> {
            int unit = task / chunks;
            int r0 = bands.start(task % chunks);
            int r1 = bands.end(task % chunks);
            int n = unit / groups;
            int p0 = (unit % groups) * pairsPerGroup;
            int p1 = Math.min(pairs, p0 + pairsPerGroup);
            int xImage = o.x().offset() + n * o.w().c() * o.x().blockStride();
            for (int oh = r0; oh < r1; oh++) {
                row(o, taps, xImage, n, p0, p1, oh);
            }
        });
    }

    /** One output row of the block pairs {@code [p0, p1)} (the last block twice when the count is odd). */
    static void row(DirectBlockedConv.Operands o, int[] taps, int xImage, int n, int p0, int p1, int oh) {
        Window2d win = o.win();
        int outW = win.outW();
        int outPlane = win.outH() * outW * B;
        int outBlocks = o.w().m() / B;
        int xRow = xImage + oh * win.sh() * o.x().rowStride();
        int yRow = o.yOffset() + (n * outBlocks * win.outH() + oh) * outW * B;
        boolean byPixel = outW < TILE || win.dw() != 1;
        int pairsFrom = p0;
        if (!byPixel && win.sw() == 2) {
            // pairs of block pairs whose four blocks all exist run the quad tile; the rest, pair tiles
            int quadsTo = p0;
            while (quadsTo + 1 < p1 && 2 * quadsTo + 3 < outBlocks) {
                quadsTo += 2;
            }
            if (quadsTo > p0) {
                quadRow(o, taps, xRow, yRow, outPlane, p0, quadsTo);
                pairsFrom = quadsTo;
            }
        }
        int tiles = byPixel ? outW : (outW + TILE - 1) / TILE;
        for (int t = 0; t < tiles && pairsFrom < p1; t++) {
            int at = byPixel ? t : Math.min(t * TILE, outW - TILE);
            int xp = xRow + at * win.sw();
            for (int p = pairsFrom; p < p1; p++) {
                int ob0 = 2 * p;
                int ob1 = Math.min(ob0 + 1, outBlocks - 1);
                int y0 = yRow + ob0 * outPlane + at * B;
                int y1 = yRow + ob1 * outPlane + at * B;
                int w0 = o.w().start(ob0);
                int w1 = o.w().start(ob1);
                if (byPixel) {
                    pixel(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                } else if (win.sw() == 2) {
                    tileStride2(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                } else {
                    tile(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                }
            }
        }
    }

    /** The quad tiles of one output row at column stride 2, for the block pairs {@code [p0, p1)} (an even count). */
    private static void quadRow(DirectBlockedConv.Operands o, int[] taps, int xRow, int yRow, int outPlane, int p0,
                                int p1) {
        int outW = o.win().outW();
        int blockSize = o.w().blockSize();
        int tiles = (outW + QUAD_TILE - 1) / QUAD_TILE;
        for (int t = 0; t < tiles; t++) {
            int at = Math.min(t * QUAD_TILE, outW - QUAD_TILE);
            for (int p = p0; p < p1; p += 2) {
                int ob = 2 * p;
                quadTileStride2(o, taps, xRow + at * 2, o.w().start(ob), blockSize, yRow + ob * outPlane + at * B,
                        outPlane, ob * B);
            }
        }
    }

    /**
     * {@link #tileStride2} over 6 pixels x 4 output blocks (24 accumulators): each broadcast input scalar
     * feeds four FMAs instead of two. ResNet's 7x7 stem (64 outputs, four blocks) is the case.
     */
    private static void quadTileStride2(DirectBlockedConv.Operands o, int[] taps, int xp, int w0, int blockSize,
                                        int y0, int outPlane, int c0) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c0 + B);
        FloatVector b2 = biasOf(o.bias(), c0 + 2 * B);
        FloatVector b3 = biasOf(o.bias(), c0 + 3 * B);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1;
        FloatVector a02 = b2, a12 = b2, a22 = b2, a32 = b2, a42 = b2, a52 = b2;
        FloatVector a03 = b3, a13 = b3, a23 = b3, a33 = b3, a43 = b3, a53 = b3;
        int wo = w0;
        for (int t = 0; t < taps.length; t++) {
            FloatVector v0 = FloatVector.fromArray(S, w, wo);
            FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
            FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
            FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
            wo += B;
            int q = xp + taps[t];
            FloatVector s = FloatVector.broadcast(S, x[q]);
            a00 = v0.fma(s, a00);
            a01 = v1.fma(s, a01);
            a02 = v2.fma(s, a02);
            a03 = v3.fma(s, a03);
            s = FloatVector.broadcast(S, x[q + 2]);
            a10 = v0.fma(s, a10);
            a11 = v1.fma(s, a11);
            a12 = v2.fma(s, a12);
            a13 = v3.fma(s, a13);
            s = FloatVector.broadcast(S, x[q + 4]);
            a20 = v0.fma(s, a20);
            a21 = v1.fma(s, a21);
            a22 = v2.fma(s, a22);
            a23 = v3.fma(s, a23);
            s = FloatVector.broadcast(S, x[q + 6]);
            a30 = v0.fma(s, a30);
            a31 = v1.fma(s, a31);
            a32 = v2.fma(s, a32);
            a33 = v3.fma(s, a33);
            s = FloatVector.broadcast(S, x[q + 8]);
            a40 = v0.fma(s, a40);
            a41 = v1.fma(s, a41);
            a42 = v2.fma(s, a42);
            a43 = v3.fma(s, a43);
            s = FloatVector.broadcast(S, x[q + 10]);
            a50 = v0.fma(s, a50);
            a51 = v1.fma(s, a51);
            a52 = v2.fma(s, a52);
            a53 = v3.fma(s, a53);
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        if (DirectBlockedConv.fusesRelu(o)) {
            // Relu on the accumulators before their only store (straight-line: see DirectBlockedConv.fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            a40.blend(0f, a40.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 4 * B);
            a50.blend(0f, a50.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 5 * B);
            a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
            a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
            a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
            a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
            a41.blend(0f, a41.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 4 * B);
            a51.blend(0f, a51.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 5 * B);
            a02.blend(0f, a02.compare(VectorOperators.LE, 0f)).intoArray(y, y2);
            a12.blend(0f, a12.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + B);
            a22.blend(0f, a22.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 2 * B);
            a32.blend(0f, a32.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 3 * B);
            a42.blend(0f, a42.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 4 * B);
            a52.blend(0f, a52.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 5 * B);
            a03.blend(0f, a03.compare(VectorOperators.LE, 0f)).intoArray(y, y3);
            a13.blend(0f, a13.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + B);
            a23.blend(0f, a23.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 2 * B);
            a33.blend(0f, a33.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 3 * B);
            a43.blend(0f, a43.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 4 * B);
            a53.blend(0f, a53.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 5 * B);
            return;
        }
        a00.intoArray(y, y0);
        a10.intoArray(y, y0 + B);
        a20.intoArray(y, y0 + 2 * B);
        a30.intoArray(y, y0 + 3 * B);
        a40.intoArray(y, y0 + 4 * B);
        a50.intoArray(y, y0 + 5 * B);
        a01.intoArray(y, y1);
        a11.intoArray(y, y1 + B);
        a21.intoArray(y, y1 + 2 * B);
        a31.intoArray(y, y1 + 3 * B);
        a41.intoArray(y, y1 + 4 * B);
        a51.intoArray(y, y1 + 5 * B);
        a02.intoArray(y, y2);
        a12.intoArray(y, y2 + B);
        a22.intoArray(y, y2 + 2 * B);
        a32.intoArray(y, y2 + 3 * B);
        a42.intoArray(y, y2 + 4 * B);
        a52.intoArray(y, y2 + 5 * B);
        a03.intoArray(y, y3);
        a13.intoArray(y, y3 + B);
        a23.intoArray(y, y3 + 2 * B);
        a33.intoArray(y, y3 + 3 * B);
        a43.intoArray(y, y3 + 4 * B);
        a53.intoArray(y, y3 + 5 * B);
        DirectBlockedConv.epilogue(o, y0, QUAD_TILE * B);
        DirectBlockedConv.epilogue(o, y1, QUAD_TILE * B);
        DirectBlockedConv.epilogue(o, y2, QUAD_TILE * B);
        DirectBlockedConv.epilogue(o, y3, QUAD_TILE * B);
    }

    private static FloatVector biasOf(float[] bias, int channel) {
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, channel);
    }

    /**
     * Eight pixels from input offset {@code xp} (their first tap in channel 0) into y0 and y1, at column
     * dilation 1 (dilated columns go pixel by pixel).
     */
    private static void tile(DirectBlockedConv.Operands o, int[] taps, int xp, int w0, int w1, int y0, int y1, int c0,
                             int c1, boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        Window2d win = o.win();
        int sx = win.sw();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c1);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0, a60 = b0, a70 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1, a61 = b1, a71 = b1;
        int wo0 = w0;
        int wo1 = w1;
        for (int t = 0; t < taps.length; t++) {
            FloatVector v0 = FloatVector.fromArray(S, w, wo0);
            FloatVector v1 = FloatVector.fromArray(S, w, wo1);
            wo0 += B;
            wo1 += B;
            int q = xp + taps[t];
            FloatVector s = FloatVector.broadcast(S, x[q]);
            a00 = v0.fma(s, a00);
            a01 = v1.fma(s, a01);
            s = FloatVector.broadcast(S, x[q + sx]);
            a10 = v0.fma(s, a10);
            a11 = v1.fma(s, a11);
            s = FloatVector.broadcast(S, x[q + 2 * sx]);
            a20 = v0.fma(s, a20);
            a21 = v1.fma(s, a21);
            s = FloatVector.broadcast(S, x[q + 3 * sx]);
            a30 = v0.fma(s, a30);
            a31 = v1.fma(s, a31);
            s = FloatVector.broadcast(S, x[q + 4 * sx]);
            a40 = v0.fma(s, a40);
            a41 = v1.fma(s, a41);
            s = FloatVector.broadcast(S, x[q + 5 * sx]);
            a50 = v0.fma(s, a50);
            a51 = v1.fma(s, a51);
            s = FloatVector.broadcast(S, x[q + 6 * sx]);
            a60 = v0.fma(s, a60);
            a61 = v1.fma(s, a61);
            s = FloatVector.broadcast(S, x[q + 7 * sx]);
            a70 = v0.fma(s, a70);
            a71 = v1.fma(s, a71);
        }
        float[] y = o.y();
        if (DirectBlockedConv.fusesRelu(o)) {
            // Relu on the accumulators before their only store (straight-line: see DirectBlockedConv.fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            a40.blend(0f, a40.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 4 * B);
            a50.blend(0f, a50.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 5 * B);
            a60.blend(0f, a60.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 6 * B);
            a70.blend(0f, a70.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 7 * B);
            if (second) {
                a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
                a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
                a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
                a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
                a41.blend(0f, a41.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 4 * B);
                a51.blend(0f, a51.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 5 * B);
                a61.blend(0f, a61.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 6 * B);
                a71.blend(0f, a71.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 7 * B);
            }
            return;
        }
        a00.intoArray(y, y0);
        a10.intoArray(y, y0 + B);
        a20.intoArray(y, y0 + 2 * B);
        a30.intoArray(y, y0 + 3 * B);
        a40.intoArray(y, y0 + 4 * B);
        a50.intoArray(y, y0 + 5 * B);
        a60.intoArray(y, y0 + 6 * B);
        a70.intoArray(y, y0 + 7 * B);
        DirectBlockedConv.epilogue(o, y0, TILE * B);
        if (second) {
            a01.intoArray(y, y1);
            a11.intoArray(y, y1 + B);
            a21.intoArray(y, y1 + 2 * B);
            a31.intoArray(y, y1 + 3 * B);
            a41.intoArray(y, y1 + 4 * B);
            a51.intoArray(y, y1 + 5 * B);
            a61.intoArray(y, y1 + 6 * B);
            a71.intoArray(y, y1 + 7 * B);
            DirectBlockedConv.epilogue(o, y1, TILE * B);
        }
    }

    /**
     * {@link #tile} at column stride 2, the stems' (7x7 and 3x3): with the stride a constant the JIT
     * folds it into the eight broadcasts' addresses (as a run-time value ResNet's 7x7 stem took 1.84
     * ms against 1.53, a 3x3 stem of 64 outputs 0.64 against 0.56, thread CPU time, same run).
     */
    private static void tileStride2(DirectBlockedConv.Operands o, int[] taps, int xp, int w0, int w1, int y0, int y1,
                                    int c0, int c1, boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c1);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0, a60 = b0, a70 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1, a61 = b1, a71 = b1;
        int wo0 = w0;
        int wo1 = w1;
        for (int t = 0; t < taps.length; t++) {
            FloatVector v0 = FloatVector.fromArray(S, w, wo0);
            FloatVector v1 = FloatVector.fromArray(S, w, wo1);
            wo0 += B;
            wo1 += B;
            int q = xp + taps[t];
            FloatVector s = FloatVector.broadcast(S, x[q]);
            a00 = v0.fma(s, a00);
            a01 = v1.fma(s, a01);
            s = FloatVector.broadcast(S, x[q + 2]);
            a10 = v0.fma(s, a10);
            a11 = v1.fma(s, a11);
            s = FloatVector.broadcast(S, x[q + 4]);
            a20 = v0.fma(s, a20);
            a21 = v1.fma(s, a21);
            s = FloatVector.broadcast(S, x[q + 6]);
            a30 = v0.fma(s, a30);
            a31 = v1.fma(s, a31);
            s = FloatVector.broadcast(S, x[q + 8]);
            a40 = v0.fma(s, a40);
            a41 = v1.fma(s, a41);
            s = FloatVector.broadcast(S, x[q + 10]);
            a50 = v0.fma(s, a50);
            a51 = v1.fma(s, a51);
            s = FloatVector.broadcast(S, x[q + 12]);
            a60 = v0.fma(s, a60);
            a61 = v1.fma(s, a61);
            s = FloatVector.broadcast(S, x[q + 14]);
            a70 = v0.fma(s, a70);
            a71 = v1.fma(s, a71);
        }
        float[] y = o.y();
        if (DirectBlockedConv.fusesRelu(o)) {
            // Relu on the accumulators before their only store (straight-line: see DirectBlockedConv.fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            a40.blend(0f, a40.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 4 * B);
            a50.blend(0f, a50.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 5 * B);
            a60.blend(0f, a60.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 6 * B);
            a70.blend(0f, a70.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 7 * B);
            if (second) {
                a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
                a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
                a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
                a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
                a41.blend(0f, a41.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 4 * B);
                a51.blend(0f, a51.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 5 * B);
                a61.blend(0f, a61.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 6 * B);
                a71.blend(0f, a71.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 7 * B);
            }
            return;
        }
        a00.intoArray(y, y0);
        a10.intoArray(y, y0 + B);
        a20.intoArray(y, y0 + 2 * B);
        a30.intoArray(y, y0 + 3 * B);
        a40.intoArray(y, y0 + 4 * B);
        a50.intoArray(y, y0 + 5 * B);
        a60.intoArray(y, y0 + 6 * B);
        a70.intoArray(y, y0 + 7 * B);
        DirectBlockedConv.epilogue(o, y0, TILE * B);
        if (second) {
            a01.intoArray(y, y1);
            a11.intoArray(y, y1 + B);
            a21.intoArray(y, y1 + 2 * B);
            a31.intoArray(y, y1 + 3 * B);
            a41.intoArray(y, y1 + 4 * B);
            a51.intoArray(y, y1 + 5 * B);
            a61.intoArray(y, y1 + 6 * B);
            a71.intoArray(y, y1 + 7 * B);
            DirectBlockedConv.epilogue(o, y1, TILE * B);
        }
    }

    /** One pixel, for rows narrower than a tile. */
    private static void pixel(DirectBlockedConv.Operands o, int[] taps, int xp, int w0, int w1, int y0, int y1, int c0,
                              int c1, boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector a0 = biasOf(o.bias(), c0);
        FloatVector a1 = biasOf(o.bias(), c1);
        for (int t = 0; t < taps.length; t++) {
            FloatVector s = FloatVector.broadcast(S, x[xp + taps[t]]);
            a0 = FloatVector.fromArray(S, w, w0 + t * B).fma(s, a0);
            a1 = FloatVector.fromArray(S, w, w1 + t * B).fma(s, a1);
        }
        a0.intoArray(o.y(), y0);
        DirectBlockedConv.epilogue(o, y0, B);
        if (second) {
            a1.intoArray(o.y(), y1);
            DirectBlockedConv.epilogue(o, y1, B);
        }
    }
}
