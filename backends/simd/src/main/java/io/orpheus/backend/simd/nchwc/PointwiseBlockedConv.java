package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Window2d;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * 1x1 stride-1 unpadded convolution on NCHW16c, the pointwise layers of MobileNet-style networks and
 * ResNet's bottlenecks. Such a convolution maps each pixel alone, so a block's plane is read as one
 * run of pixels regardless of rows: all tiles but a plane's last few pixels are full, and consecutive
 * pixels lie 16 floats apart, a constant the
 * JIT folds into the addressing of all eight broadcasts instead of computing each index from a run-time
 * stride as {@link DirectBlockedConv} must.
 *
 * <p>The register tile is 8 pixels x 2 output blocks: 16 accumulators, two weight vectors and one
 * broadcast. Work is split as in {@link DirectBlockedConv}: with cacheable weights tasks split the pixels
 * and run every block pair over them, a span of tiles whose input fits L1 at a time; larger weights are
 * split by block pair across tasks.
 */
final class PointwiseBlockedConv {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int B = NchwcOps.BLOCK;
    static final int TILE = 8;
    /** Parallel tasks per worker, so that uneven chunks balance. */
    private static final int TASKS_PER_THREAD = 6;

    private PointwiseBlockedConv() {
    }

    /** Whether the window is 1x1, stride 1 and unpadded (the output is the input's plane, pixel by pixel). */
    static boolean applies(BlockedWeights w, Window2d win) {
        return !w.depthwise() && win.kh() == 1 && win.kw() == 1 && win.sh() == 1 && win.sw() == 1
                && win.outH() == win.inH() && win.outW() == win.inW();
    }

    /** A strided 1x1 unpadded window, which runs as a pointwise one over its gathered pixels. */
    static boolean appliesSubsampled(BlockedWeights w, Window2d win) {
        return !w.depthwise() && win.kh() == 1 && win.kw() == 1 && (win.sh() > 1 || win.sw() > 1)
                && win.padTop() == 0 && win.padLeft() == 0 && win.padBottom() == 0 && win.padRight() == 0;
    }

    static void run(KernelContext ctx, DirectBlockedConv.Operands o, DirectBlockedConv.TapCache tapCache) {
        int[] taps = tapCache.of(o);
        int plane = o.win().outPlane();
        int outBlocks = o.w().m() / B;
        int pairs = (outBlocks + 1) / 2;
        int pairsPerGroup = DirectBlockedConv.weightsCached(o.w()) ? pairs : 1;
        int groups = (pairs + pairsPerGroup - 1) / pairsPerGroup;
        int units = o.images() * groups;
        // the full tiles, then the plane's last pixels (fewer than a tile) as one more unit of work done
        // pixel by pixel: a tile shifted back to overlap would race with the task writing the tile before
        int tiles = (plane + TILE - 1) / TILE;
        int tilesPerTask = Math.max(1, Math.min(tiles,
                (int) ((long) units * tiles / Math.max(1, (long) ctx.threads() * TASKS_PER_THREAD))));
        int chunks = (tiles + tilesPerTask - 1) / tilesPerTask;
        ctx.parallelFor(units * chunks, task -> {
            int unit = task / chunks;
            int t0 = (task % chunks) * tilesPerTask;
            int t1 = Math.min(tiles, t0 + tilesPerTask);
            int n = unit / groups;
            int p0 = (unit % groups) * pairsPerGroup;
            int p1 = Math.min(pairs, p0 + pairsPerGroup);
            int span = tilesInL1(o);
            for (int s0 = t0; s0 < t1; s0 += span) {
                int s1 = Math.min(t1, s0 + span);
                for (int p = p0; p < p1; p++) {
                    for (int t = s0; t < s1; t++) {
                        tiles(o, taps, n, p, p + 1, t);
                    }
                }
            }
        });
    }

    /**
     * Input bytes of consecutive tiles that each block pair reads from L1 before the next pair takes
     * them: a tile running every pair wrote to all output blocks at once (16 streams a plane apart for
     * ResNet-50's 64 -> 256), and its 56x56 expansions ran 15-25% slower in the network.
     */
    private static final int L1_INPUT_BYTES = 24 * 1024;

    /** How many consecutive tiles' inputs fit {@link #L1_INPUT_BYTES} (at least one). */
    private static int tilesInL1(DirectBlockedConv.Operands o) {
        return Math.max(1, L1_INPUT_BYTES / (TILE * o.w().c() * Float.BYTES));
    }

    /**
     * Tile {@code t} of image n for the block pairs {@code [p0, p1)}: 8 pixels from pixel 8t, or the
     * fewer left at the plane's end: 4 in the blocked direct conv's small tile (a 14x14 plane ends in
     * 4 pixels), the rest pixel by pixel. {@code taps} are the input blocks' offsets.
     */
    private static void tiles(DirectBlockedConv.Operands o, int[] taps, int n, int p0, int p1, int t) {
        int plane = o.win().outPlane();
        int inBlocks = o.w().c() / B;
        int outBlocks = o.w().m() / B;
        int at = t * TILE;
        int width = Math.min(TILE, plane - at);
        int xp = n * inBlocks * o.x().blockStride() + at * B;
        int yImage = n * outBlocks * plane * B + at * B;
        for (int p = p0; p < p1; p++) {
            int ob0 = 2 * p;
            int ob1 = Math.min(ob0 + 1, outBlocks - 1);
            int y0 = yImage + ob0 * plane * B;
            int y1 = yImage + ob1 * plane * B;
            int w0 = ob0 * o.w().blockSize();
            int w1 = ob1 * o.w().blockSize();
            if (width < TILE) {
                int px = 0;
                if (width >= DirectBlockedConv.SMALL_TILE) {
                    DirectBlockedConv.smallTile(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                    px = DirectBlockedConv.SMALL_TILE;
                }
                for (; px < width; px++) {
                    pixel(o, xp + px * B, w0, w1, y0 + px * B, y1 + px * B, ob0 * B, ob1 * B, ob1 != ob0);
                }
            } else {
                tile(o, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
            }
        }
    }

    private static FloatVector biasOf(float[] bias, int channel) {
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, channel);
    }

    /** Eight consecutive pixels from input offset {@code xp} into y0 (block ob0) and y1 (block ob1). */
    private static void tile(DirectBlockedConv.Operands o, int xp, int w0, int w1, int y0, int y1, int c0, int c1,
                             boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        int blocks = o.w().c() / B;
        int blockStride = o.x().blockStride();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c1);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0, a60 = b0, a70 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1, a61 = b1, a71 = b1;
        int wo0 = w0;
        int wo1 = w1;
        for (int ib = 0; ib < blocks; ib++) {
            int xb = xp + ib * blockStride;
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo0);
                FloatVector v1 = FloatVector.fromArray(S, w, wo1);
                wo0 += B;
                wo1 += B;
                int q = xb + c;
                FloatVector s = FloatVector.broadcast(S, x[q]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                s = FloatVector.broadcast(S, x[q + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                s = FloatVector.broadcast(S, x[q + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                s = FloatVector.broadcast(S, x[q + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                s = FloatVector.broadcast(S, x[q + 4 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                s = FloatVector.broadcast(S, x[q + 5 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                s = FloatVector.broadcast(S, x[q + 6 * B]);
                a60 = v0.fma(s, a60);
                a61 = v1.fma(s, a61);
                s = FloatVector.broadcast(S, x[q + 7 * B]);
                a70 = v0.fma(s, a70);
                a71 = v1.fma(s, a71);
            }
        }
        float[] y = o.y();
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

    /** One pixel, for a plane's last pixels that do not fill a tile. */
    private static void pixel(DirectBlockedConv.Operands o, int xp, int w0, int w1, int y0, int y1, int c0, int c1,
                              boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        int blocks = o.w().c() / B;
        FloatVector a0 = biasOf(o.bias(), c0);
        FloatVector a1 = biasOf(o.bias(), c1);
        int wo0 = w0;
        int wo1 = w1;
        for (int ib = 0; ib < blocks; ib++) {
            int xb = xp + ib * o.x().blockStride();
            for (int c = 0; c < B; c++) {
                FloatVector s = FloatVector.broadcast(S, x[xb + c]);
                a0 = FloatVector.fromArray(S, w, wo0).fma(s, a0);
                a1 = FloatVector.fromArray(S, w, wo1).fma(s, a1);
                wo0 += B;
                wo1 += B;
            }
        }
        a0.intoArray(o.y(), y0);
        DirectBlockedConv.epilogue(o, y0, B);
        if (second) {
            a1.intoArray(o.y(), y1);
            DirectBlockedConv.epilogue(o, y1, B);
        }
    }
}
