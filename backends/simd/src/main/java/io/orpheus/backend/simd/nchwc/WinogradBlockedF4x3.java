package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.HeapAlignment;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.AlignedFloats;
import io.orpheus.backend.simd.PackingGuard;
import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.conv.ConvWinogradF4x3;
import io.orpheus.backend.simd.conv.WinogradF4x3Transforms;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Winograd F(4x4, 3x3) on NCHW16c, for 3x3 stride-1 undilated dense convolutions: each 4x4 output tile
 * costs 36 multiplies per channel pair instead of 144. In this layout a vector is one pixel's 16
 * channels, so the transforms are whole-vector additions with no gathers, and the 36 products are
 * pointwise convolutions over a plane of tiles, run by {@link PointwiseBlockedConv}'s register tiles.
 *
 * <p>The work is split into bands of consecutive tiles of one image, each done start to end by one worker
 * in its own scratch, so that the band's transformed input and products stay in its cache: the input
 * transform (V = B^T d B, per input block and tile) writes V as 36 blocked planes [C/16][tiles][16],
 * the products (M = V U per transform position, U the weights transformed once) write 36 planes
 * [M/16][tiles][16], and the output transform (A^T m A) adds the bias, the residual and the activation
 * as it stores each 4x4 tile, clipped at the image's edges.
 */
final class WinogradBlockedF4x3 {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int B = NchwcOps.BLOCK;
    /** Transform positions: the 6x6 of F(4x4, 3x3). */
    static final int POSITIONS = 36;
    /** The products' register tile is 6 tiles wide. */
    private static final int BAND_MULTIPLE = 6;
    /** ... and four output blocks high: output-block groups are multiples of it. */
    private static final int QUAD = 4;
    /**
     * Bytes of a band's transformed input and products together, which should stay in L2 beside the weights
     * (64 -> 64 channels at 56x56: 0.55 ms with bands of 24 tiles; WRN's 32 -> 32 at 32x32 took 0.051 ms in
     * bands of 36 tiles, 0.077 in one band of 64).
     */
    static final int BAND_BYTES = 384 * 1024;
    /**
     * Transformed weights above this do not stay in L2 and stream in again for every band: such layers take
     * bands of up to {@link #LARGE_BAND_BYTES} (256 -> 256 channels at 14x14: 1.04 ms in three bands, 0.75 in one).
     */
    static final long CACHED_WEIGHT_BYTES = 1024 * 1024;
    static final int LARGE_BAND_BYTES = 4 * 1024 * 1024;
    /** Parallel tasks per worker, so that uneven bands balance. */
    private static final int TASKS_PER_THREAD = 2;
    /** Stage layout (floats): the first pass's 36 vectors, the 16 outputs, a 6x6 patch of an edge tile. */
    private static final int OUT = 36 * B;
    private static final int PATCH = 52 * B;
    private static final int STAGE = 88 * B;

    private WinogradBlockedF4x3() {
    }

    /**
     * The transformed weights of a layer, and each worker's operands for the products of its bands (36
     * records that only change with the band's length or when the thread's scratch grows).
     */
    static final class Weights {

        private final BlockedWeights[] positions;
        private final PackingGuard guard;
        private final ThreadLocal<Band[]> bands = ThreadLocal.withInitial(() -> new Band[2]);

        /** From 3x3 weights [M, C, 3, 3]. */
        Weights(float[] w, int m, int c) {
            float[] u = ConvWinogradF4x3.transformedWeights(w, m, c);
            positions = new BlockedWeights[POSITIONS];
            for (int xi = 0; xi < POSITIONS; xi++) {
                positions[xi] = BlockedWeights.pack(u, xi * m * c, m, c, 1, 1);
            }
            AlignedFloats[] packings = new AlignedFloats[POSITIONS];
            for (int xi = 0; xi < POSITIONS; xi++) {
                packings[xi] = positions[xi].packing();
            }
            guard = new PackingGuard(packings);
        }

        /** Takes the 36 packings for one run ({@link PackingGuard#acquire()}). */
        void acquire() {
            guard.acquire();
        }

        /** Ends {@link #acquire()}. */
        void release() {
            guard.release();
        }

        int c() {
            return positions[0].c();
        }

        int m() {
            return positions[0].m();
        }

        /**
         * This thread's operands for a band of {@code tiles} tiles over its scratch {@code v} and {@code prod},
         * starting at {@code vBase} and {@code prodBase}.
         */
        Band band(float[] v, int vBase, float[] prod, int prodBase, int tiles) {
            Band[] cached = bands.get();
            for (Band b : cached) {
                if (b != null && b.tiles == tiles && b.over(v, vBase, prod, prodBase)) {
                    return b;
                }
            }
            Band b = new Band(v, vBase, prod, prodBase, tiles, positions);
            // a layer has two band lengths (tiles dealt out evenly differ by one at most): one slot each, and a slot
            // over another scratch array, or where the collector moved it, is stale
            cached[cached[0] == null || !cached[0].over(v, vBase, prod, prodBase) ? 0 : 1] = b;
            return b;
        }
    }

    /** The products of a band as 36 pointwise convolutions of a plane of {@code tiles} pixels. */
    static final class Band {

        final float[] v;
        final int vBase;
        final float[] prod;
        final int prodBase;
        final int tiles;
        final DirectBlockedConv.Operands[] products;
        final int[] taps;

        private Band(float[] v, int vBase, float[] prod, int prodBase, int tiles, BlockedWeights[] positions) {
            this.v = v;
            this.vBase = vBase;
            this.prod = prod;
            this.prodBase = prodBase;
            this.tiles = tiles;
            int c = positions[0].c();
            int m = positions[0].m();
            Window2d plane = new Window2d(1, tiles, 1, tiles, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0);
            products = new DirectBlockedConv.Operands[POSITIONS];
            for (int xi = 0; xi < POSITIONS; xi++) {
                BlockedInput in = new BlockedInput(v, vBase + xi * positionStride(c, tiles), tiles * B, tiles * B);
                int at = prodBase + xi * positionStride(m, tiles);
                products[xi] = new DirectBlockedConv.Operands(in, prod, at, null, 0, null, positions[xi],
                        Activation.IDENTITY, plane, 1);
            }
            taps = new int[c / B];
            for (int ib = 0; ib < taps.length; ib++) {
                taps[ib] = ib * tiles * B;
            }
        }

        boolean over(float[] v, int vBase, float[] prod, int prodBase) {
            return this.v == v && this.vBase == vBase && this.prod == prod && this.prodBase == prodBase;
        }
    }

    /**
     * Y = act(conv(X) + bias + Z) for the blocked input {@code x} (image 0 at {@code xOffset}, unpadded), into
     * {@code o}'s output and with its epilogue ({@code o.x()} and {@code o.w()} are not read).
     */
    static void run(KernelContext ctx, float[] x, int xOffset, DirectBlockedConv.Operands o, Weights u) {
        Window2d win = o.win();
        int tilesH = (win.outH() + 3) / 4;
        int tilesW = (win.outW() + 3) / 4;
        int tiles = tilesH * tilesW;
        int blocks = u.m() / B;
        int wantedGroups = outputGroups(u.c(), u.m(), ctx.threads());
        int perGroup = ((blocks + wantedGroups - 1) / wantedGroups + QUAD - 1) / QUAD * QUAD;
        int groups = (blocks + perGroup - 1) / perGroup;
        int bands = bandCount(u.c(), u.m(), tiles, o.images(), groups > 1 ? 1 : ctx.threads());
        ctx.parallelFor(o.images() * bands * groups, task -> {
            int g = task % groups;
            int b = task / groups % bands;
            int n = task / groups / bands;
            int ob0 = g * perGroup;
            band(x, xOffset, o, u, n, (int) ((long) b * tiles / bands), (int) ((long) (b + 1) * tiles / bands), tilesW,
                    ob0, Math.min(blocks, ob0 + perGroup));
        });
    }

    /**
     * Bands per image: as few as the byte budget allows or (with several workers) at least
     * {@link #TASKS_PER_THREAD} per worker, in a multiple of the workers' count; tiles are then dealt out
     * evenly, band b taking {@code [b * tiles / bands, (b + 1) * tiles / bands)}.
     */
    static int bandCount(int c, int m, int tiles, int images, int threads) {
        long perTile = (long) POSITIONS * (c + m) * Float.BYTES;
        long budget = weightBytes(c, m) > CACHED_WEIGHT_BYTES ? LARGE_BAND_BYTES : BAND_BYTES;
        int most = (int) Math.max(BAND_MULTIPLE, budget / perTile);
        int bands = (tiles + most - 1) / most;
        if (threads > 1) {
            int wanted = (threads * TASKS_PER_THREAD + images - 1) / images;
            bands = Math.max(bands, wanted);
            int perRound = Math.max(1, threads / Math.max(1, Math.min(threads, images)));
            bands = (bands + perRound - 1) / perRound * perRound;
        }
        // a band narrower than the register tile wastes most of it
        return Math.max(1, Math.min(bands, tiles / BAND_MULTIPLE));
    }

    /**
     * Floats from one transform position's plane of {@code channels} x {@code tiles} to the next, one vector
     * more than the plane: the transforms touch six positions at once, and planes a multiple of 4 KiB apart
     * fell into the same L1 sets (WRN's 32 -> 32 at 32x32 in bands of 32 tiles: 0.078 ms; of 36: 0.051).
     */
    private static int positionStride(int channels, int tiles) {
        return channels * tiles + B;
    }

    /**
     * Output-block groups, each a task of its own over the same bands: transformed weights above L2 would
     * stream from memory once per band and worker, so with several workers such layers split by output
     * blocks instead (each worker repeating the cheap input transform) and take bands by the byte budget
     * alone. 256 -> 256 channels at 14x14, two workers: 0.47 ms in two bands of every block.
     */
    static int outputGroups(int c, int m, int threads) {
        int quads = m / B / QUAD;
        if (threads <= 1 || quads < 2 || weightBytes(c, m) <= CACHED_WEIGHT_BYTES) {
            return 1;
        }
        return Math.min(threads, quads);
    }

    /** Bytes of a layer's transformed weights: 36 matrices [M, C]. */
    static long weightBytes(long c, long m) {
        return POSITIONS * c * m * Float.BYTES;
    }

    /** Tiles [t0, t1) of image n (row-major over the tile grid of {@code tilesW} columns), output blocks [ob0, ob1). */
    private static void band(float[] x, int xOffset, DirectBlockedConv.Operands o, Weights u, int n, int t0, int t1,
                             int tilesW, int ob0, int ob1) {
        int count = t1 - t0;
        int c = u.c();
        int m = u.m();
        float[] v = Scratch.get(Scratch.WINOGRAD_INPUT, POSITIONS * positionStride(c, count) + AlignedFloats.SLACK);
        float[] prod = Scratch.get(Scratch.WINOGRAD_PRODUCTS, POSITIONS * positionStride(m, count) + AlignedFloats.SLACK);
        float[] stage = Scratch.get(Scratch.STAGE, STAGE + AlignedFloats.SLACK);
        // every vector of the three on one cache line where the arrays lie now (they are this thread's alone): one
        // session toggled run by run, against all three 8 bytes off, WRN-40-2 took x0.970-0.973 the time at 1 and 2
        // threads, ResNet-50 x0.992 and ResNet-18 x0.988 at 1
        int vBase = HeapAlignment.floatsToBoundary(v);
        int prodBase = HeapAlignment.floatsToBoundary(prod);
        int stageBase = HeapAlignment.floatsToBoundary(stage);
        Band b = u.band(v, vBase, prod, prodBase, count);
        inputTransform(x, xOffset, o.win(), n, c, t0, count, tilesW, v, vBase, stage, stageBase);
        for (int xi = 0; xi < POSITIONS; xi++) {
            PointwiseBlockedConv.plane(b.products[xi], b.taps, ob0, ob1);
        }
        outputTransform(o, n, m, ob0, ob1, t0, count, tilesW, prod, prodBase, stage, stageBase);
    }

    /** V = B^T d B of the band's tiles, every input block: rows of d first, then the columns into V's planes. */
    private static void inputTransform(float[] x, int xOffset, Window2d win, int n, int c, int t0, int count,
                                       int tilesW, float[] v, int vBase, float[] stage, int stageBase) {
        int inH = win.inH();
        int inW = win.inW();
        int blocks = c / B;
        int positionStride = positionStride(c, count);
        for (int cb = 0; cb < blocks; cb++) {
            int xBlock = xOffset + (n * blocks + cb) * inH * inW * B;
            for (int j = 0; j < count; j++) {
                int t = t0 + j;
                int ih0 = 4 * (t / tilesW) - win.padTop();
                int iw0 = 4 * (t % tilesW) - win.padLeft();
                float[] src;
                int srcOff;
                int rowStep;
                if (ih0 >= 0 && iw0 >= 0 && ih0 + 6 <= inH && iw0 + 6 <= inW) {
                    src = x;
                    srcOff = xBlock + (ih0 * inW + iw0) * B;
                    rowStep = inW * B;
                } else {
                    patch(x, xBlock, inH, inW, ih0, iw0, stage, stageBase + PATCH);
                    src = stage;
                    srcOff = stageBase + PATCH;
                    rowStep = 6 * B;
                }
                for (int r = 0; r < 6; r++) {
                    WinogradF4x3Transforms.input(src, srcOff + r * rowStep, B, stage, stageBase + r * 6 * B, B);
                }
                int vAt = vBase + cb * count * B + j * B;
                for (int k = 0; k < 6; k++) {
                    WinogradF4x3Transforms.input(stage, stageBase + k * B, 6 * B, v, vAt + k * positionStride,
                            6 * positionStride);
                }
            }
        }
    }

    /** The 6x6 pixels of an edge tile from (ih0, iw0) into the stage from {@code at}, zeros outside the input. */
    private static void patch(float[] x, int xBlock, int inH, int inW, int ih0, int iw0, float[] stage, int at) {
        for (int r = 0; r < 6; r++) {
            int ih = ih0 + r;
            for (int q = 0; q < 6; q++) {
                int iw = iw0 + q;
                int to = at + (r * 6 + q) * B;
                if (ih >= 0 && ih < inH && iw >= 0 && iw < inW) {
                    System.arraycopy(x, xBlock + (ih * inW + iw) * B, stage, to, B);
                } else {
                    Arrays.fill(stage, to, to + B, 0f);
                }
            }
        }
    }

    /**
     * Y tile = act(A^T m A + bias + Z) for every output block and tile of the band: A^T down the six
     * columns, then along the four rows, then each pixel inside the image through the epilogue into Y.
     */
    private static void outputTransform(DirectBlockedConv.Operands o, int n, int m, int ob0, int ob1, int t0,
                                        int count, int tilesW, float[] prod, int prodBase, float[] stage,
                                        int stageBase) {
        Window2d win = o.win();
        int outH = win.outH();
        int outW = win.outW();
        int blocks = m / B;
        int positionStride = positionStride(m, count);
        float[] y = o.y();
        float[] z = o.residual();
        int zShift = o.residualShift();
        float[] bias = o.bias();
        Activation act = o.activation();
        boolean relu = act.kind() == Activation.Kind.RELU;
        boolean other = !relu && !act.isIdentity();
        for (int ob = ob0; ob < ob1; ob++) {
            FloatVector biasV = bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, ob * B);
            int yBlock = o.yOffset() + (n * blocks + ob) * outH * outW * B;
            for (int j = 0; j < count; j++) {
                int t = t0 + j;
                int oh0 = 4 * (t / tilesW);
                int ow0 = 4 * (t % tilesW);
                int rows = Math.min(4, outH - oh0);
                int cols = Math.min(4, outW - ow0);
                int pAt = prodBase + ob * count * B + j * B;
                for (int k = 0; k < 6; k++) {
                    WinogradF4x3Transforms.output(prod, pAt + k * positionStride, 6 * positionStride, 0f, stage,
                            stageBase + k * B, 6 * B);
                }
                for (int i = 0; i < rows; i++) {
                    int rowOut = stageBase + OUT + i * 4 * B;
                    WinogradF4x3Transforms.output(stage, stageBase + i * 6 * B, B, 0f, stage, rowOut, B);
                    int row = yBlock + ((oh0 + i) * outW + ow0) * B;
                    for (int q = 0; q < cols; q++) {
                        int at = row + q * B;
                        FloatVector r = FloatVector.fromArray(S, stage, rowOut + q * B).add(biasV);
                        if (z != null) {
                            r = r.add(FloatVector.fromArray(S, z, at + zShift));
                        }
                        if (relu) {
                            r = r.blend(0f, r.compare(VectorOperators.LE, 0f));
                        }
                        r.intoArray(y, at);
                    }
                    if (other) {
                        act.apply(y, row, cols * B);
                    }
                }
            }
        }
    }
}
