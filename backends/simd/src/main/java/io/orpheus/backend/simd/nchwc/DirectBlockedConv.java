package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.Window2d;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Direct convolution on NCHW16c. The register tile is 7 output pixels along a row times two
 * output-channel blocks: 14 accumulators of 16 lanes, two weight vectors and one broadcast input
 * (about 17 live vector registers, below the ~24 at which the JIT starts to spill). Per input channel
 * and tap, each of the 7 input scalars is broadcast and multiplied into both weight vectors. The
 * reduction runs over input blocks, kernel rows, kernel columns and the 16 channels of a block, which
 * is the packed weights' order, so each block's weights stream linearly; the first three levels are one
 * loop over the offsets {@link #taps} lists.
 *
 * <p>Rows whose width 8 divides and 7 does not, at column stride 1, take 8-pixel tiles ({@link #WIDE_TILE}, see
 * {@link #wideTiles}). Seven divides the widths of ResNet-style networks at 224 (56, 28, 14, 7); other widths end with
 * a 4-pixel tile (or, for 5 or 6 pixels left, a 7-pixel one) shifted left to overlap the tile before
 * it, recomputing a few pixels but never reading past the row; rows narrower than 4 go pixel by pixel. An odd last channel block runs the pair
 * kernel with its own weights twice and keeps one result: simple, and rare in practice.
 *
 * <p>At column stride 1, rows of {@link #QUAD_ROW} pixels or more (and narrower ones, see {@link #quadRows})
 * run pairs of block pairs as quad tiles ({@link #quadRow}): 6 pixels x 4 output blocks, each broadcast
 * feeding four FMAs.
 *
 * <p>1x1 stride-1 unpadded convolutions go to {@link PointwiseBlockedConv}, which tiles whole planes.
 *
 * <p>Work order: when all the weights fit in L2 (see {@link #CACHED_WEIGHT_BYTES}) each tile runs
 * every block pair while its input is in L1, and tasks split the image's rows; larger weights are
 * split by block pair (or pair of pairs, for quad tiles) across tasks, so that each task's weights stay
 * cached while its rows stream.
 */
final class DirectBlockedConv {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int B = NchwcOps.BLOCK;
    static final int TILE = 7;
    /**
     * The tile for column stride 1 when it divides the row: 8 x 2 blocks, 16 accumulators (19 live
     * registers). CIFAR-sized networks have rows of 32, 16 and 8, where 7-pixel tiles plus an
     * overlapping 4-pixel one computed 11 pixels for each 8.
     */
    static final int WIDE_TILE = 8;
    /** The tile for a row's last few pixels: 4 x 2 blocks, 8 accumulators. */
    static final int SMALL_TILE = 4;
    /**
     * Weights up to this size are walked whole for each tile (all output blocks reuse the tile's input
     * from L1, the weights stay in L2); larger ones are split by output-block pair across tasks.
     */
    private static final long CACHED_WEIGHT_BYTES = 512 * 1024;
    /** Parallel tasks per worker, so that uneven rows balance. */
    private static final int TASKS_PER_THREAD = 6;

    private DirectBlockedConv() {
    }

    /**
     * Operands of one run. Y and the residual Z may be slices of longer arrays (Y a block of a Concat's
     * output, inputs as the caller handed them): {@code yOffset} and {@code residualOffset} are where
     * their image 0 starts. Z is laid out as Y, so the epilogue reads it {@link #residualShift} from Y's index.
     */
    record Operands(BlockedInput x, float[] y, int yOffset, float[] residual, int residualOffset, float[] bias,
                    BlockedWeights w, Activation activation, Window2d win, int images) {

        /** Z's index minus Y's for the same element. */
        int residualShift() {
            return residualOffset - yOffset;
        }

        /** These operands reading {@code input} instead. */
        Operands reading(BlockedInput input) {
            return new Operands(input, y, yOffset, residual, residualOffset, bias, w, activation, win, images);
        }
    }

    /**
     * Whether the tiles apply the epilogue to their accumulators before the store: Relu without a residual.
     * A separate pass over each stored tile (a call per block, reading and writing it again) cost ResNet-18's
     * 7x7 stem a sixth of its time. The tiles write it out as straight-line compare-and-blend stores: a
     * helper method there was not inlined (C2: "callee uses too much stack") and every vector crossing it
     * was boxed.
     */
    static boolean fusesRelu(Operands o) {
        return o.residual() == null && o.activation().kind() == Activation.Kind.RELU;
    }

    /** Whether all the weights stay cached while each tile runs every output block over them. */
    static boolean weightsCached(BlockedWeights w) {
        return (long) w.size() * Float.BYTES <= CACHED_WEIGHT_BYTES;
    }

    static void run(KernelContext ctx, Operands o, TapCache tapCache) {
        Window2d win = o.win();
        int outBlocks = o.w().m() / B;
        int pairs = (outBlocks + 1) / 2;
        // weights above the cache budget split by block pair, or by pairs of pairs where rows run quad tiles
        // (128 -> 128 channels at 28x28, one thread: 187 -> 196 GFLOP/s)
        int pairsPerGroup = weightsCached(o.w()) ? pairs : quadRows(win) ? 2 : 1;
        int groups = (pairs + pairsPerGroup - 1) / pairsPerGroup;
        int outH = win.outH();
        int units = o.images() * groups;
        Bands bands = Bands.of(outH, units, ctx.threads(), TASKS_PER_THREAD);
        int chunks = bands.count();
        int[] taps = tapCache.of(o);
        ctx.parallelFor(units * chunks, task -> {
            int unit = task / chunks;
            int r0 = bands.start(task % chunks);
            int r1 = bands.end(task % chunks);
            int n = unit / groups;
            int p0 = (unit % groups) * pairsPerGroup;
            int p1 = Math.min(pairs, p0 + pairsPerGroup);
            int xImage = o.x().offset() + n * (o.w().c() / B) * o.x().blockStride();
            for (int oh = r0; oh < r1; oh++) {
                row(o, taps, xImage, n, p0, p1, oh);
            }
        });
    }

    /**
     * Whether each task pads the input rows it reads itself ({@link #runPaddingPerTask}): a padded
     * window with cacheable weights, whose tasks split rows.
     */
    static boolean padsPerTask(BlockedWeights w, Window2d win) {
        return weightsCached(w)
                && (win.padTop() | win.padLeft() | win.padBottom() | win.padRight()) != 0;
    }

    /**
     * As {@link #run} for {@link #padsPerTask} cases, from the unpadded input {@code x} ({@code o.x()} is
     * not read): each task copies the padded rows its output rows read, all input blocks, into its own
     * thread's scratch, then runs them. A padded copy of the whole input shared by all tasks, made in a
     * parallel pass of its own, cost 5-8 us at 2 threads against 2 us on one (ResNet-sized 3x3 layers of
     * 32x32x32, 64x16x16 and 128x8x8): the cores wrote rows the other had just read, as the pool's tasks
     * for the copy and for the convolution fell to different cores. On one thread a band in L2 also beats
     * a padded copy of the whole input written out and read back: ResNet-18's 7x7 stem (3 -> 64 at
     * 224x224) went from 1.64 to 1.49 ms. Rows shared by two tasks' windows are copied by both.
     */
    static void runPaddingPerTask(KernelContext ctx, float[] x, int xOffset, Operands o, TapCache tapCache) {
        runPaddingPerTask(ctx, x, xOffset, o, tapCache, B, DirectBlockedConv::row);
    }

    /** One output row of an image's block pairs {@code [p0, p1)}, its input image at {@code xImage}. */
    @FunctionalInterface
    interface RowKernel {
        void row(Operands o, int[] taps, int xImage, int n, int p0, int p1, int oh);
    }

    /**
     * {@link #runPaddingPerTask(KernelContext, float[], int, Operands, TapCache)} for any row kernel, over an
     * input of {@code lanes} floats per pixel (16 blocked, 1 for a plain NCHW input), its image 0 at
     * {@code xOffset} of {@code x}.
     */
    static void runPaddingPerTask(KernelContext ctx, float[] x, int xOffset, Operands o, TapCache tapCache,
                                  int lanes, RowKernel kernel) {
        Window2d win = o.win();
        int planes = o.w().c() / lanes;
        int pairs = (o.w().m() / B + 1) / 2;
        int outH = win.outH();
        int images = o.images();
        Bands bands = Bands.of(outH, images, ctx.threads(), TASKS_PER_THREAD);
        int chunks = bands.count();
        int h = win.inH();
        int w = win.inW();
        int pl = win.padLeft();
        int pt = win.padTop();
        int rowStride = (pl + w + win.padRight()) * lanes;
        int span = (win.kh() - 1) * win.dh() + 1;
        int bandRows = (bands.longest() - 1) * win.sh() + span;
        int bandStride = bandRows * rowStride;
        int[] taps = tapCache.of(o.reading(new BlockedInput(null, 0, rowStride, bandStride)));
        ctx.parallelFor(images * chunks, task -> {
            int n = task / chunks;
            int r0 = bands.start(task % chunks);
            int r1 = bands.end(task % chunks);
            int q0 = r0 * win.sh();
            int q1 = (r1 - 1) * win.sh() + span;
            float[] band = Scratch.get(Scratch.BAND, planes * bandStride);
            for (int plane = 0; plane < planes; plane++) {
                int src = xOffset + (n * planes + plane) * h * w * lanes;
                for (int q = q0; q < q1; q++) {
                    int row = plane * bandStride + (q - q0) * rowStride;
                    int r = q - pt;
                    if (r < 0 || r >= h) {
                        Arrays.fill(band, row, row + rowStride, 0f);
                    } else {
                        Arrays.fill(band, row, row + pl * lanes, 0f);
                        System.arraycopy(x, src + r * w * lanes, band, row + pl * lanes, w * lanes);
                        Arrays.fill(band, row + (pl + w) * lanes, row + rowStride, 0f);
                    }
                }
            }
            Operands banded = o.reading(new BlockedInput(band, 0, rowStride, bandStride));
            for (int oh = r0; oh < r1; oh++) {
                kernel.row(banded, taps, -q0 * rowStride, n, 0, pairs, oh);
            }
        });
    }

    /**
     * A kernel's last {@link #taps} list: it changes only with the input's strides, so runs do not
     * allocate it again.
     */
    static final class TapCache {

        private record Taps(int rowStride, int blockStride, int[] offsets) {
        }

        private final int lanes;
        private volatile Taps last;

        /** For an input of {@code lanes} floats per pixel: 16 blocked, 1 for a plain NCHW input. */
        TapCache(int lanes) {
            this.lanes = lanes;
        }

        int[] of(Operands o) {
            Taps t = last;
            if (t == null || t.rowStride() != o.x().rowStride() || t.blockStride() != o.x().blockStride()) {
                t = new Taps(o.x().rowStride(), o.x().blockStride(), taps(o, lanes));
                last = t;
            }
            return t.offsets();
        }
    }

    /**
     * The input offset of each (input block or channel, kernel row, kernel column) from a pixel's first
     * tap, in the packed weights' order, for an input of {@code lanes} floats per pixel: the kernels walk
     * this one list instead of three nested loops, across whose levels the JIT moved the accumulators
     * through the stack (seen in the compiled code).
     */
    private static int[] taps(Operands o, int lanes) {
        Window2d win = o.win();
        int blocks = o.w().c() / lanes;
        int[] taps = new int[blocks * win.kh() * win.kw()];
        int t = 0;
        for (int ib = 0; ib < blocks; ib++) {
            for (int i = 0; i < win.kh(); i++) {
                for (int j = 0; j < win.kw(); j++) {
                    taps[t++] = ib * o.x().blockStride() + i * win.dh() * o.x().rowStride() + j * win.dw() * lanes;
                }
            }
        }
        return taps;
    }

    /**
     * One output row of the block pairs {@code [p0, p1)}; pair p is blocks 2p and 2p + 1 (the last
     * block twice when the count is odd). The pairs are the innermost loop, so that each tile's input
     * is read from L1 by all of them.
     */
    private static void row(Operands o, int[] taps, int xImage, int n, int p0, int p1, int oh) {
        Window2d win = o.win();
        int outW = win.outW();
        int outPlane = win.outH() * outW * B;
        int outBlocks = o.w().m() / B;
        int xRow = xImage + oh * win.sh() * o.x().rowStride();
        int yRow = o.yOffset() + (n * outBlocks * win.outH() + oh) * outW * B;
        int full = outW / TILE;
        int rest = outW - full * TILE;
        // full 7-pixel tiles, then the rest as one tile ending at the row's end (4 pixels when that
        // covers it, else 7); rows of 4 to 6 pixels take two overlapping 4-pixel tiles
        boolean wide = wideTiles(win);
        int count;
        if (wide) {
            count = outW / WIDE_TILE;
        } else if (outW < SMALL_TILE) {
            count = outW;
        } else if (outW < TILE) {
            count = outW > SMALL_TILE ? 2 : 1;
        } else {
            count = full + (rest > 0 ? 1 : 0);
        }
        int pairsFrom = p0;
        if (quadRows(win)) {
            int quadsTo = p0;
            while (quadsTo + 1 < p1 && 2 * quadsTo + 3 < outBlocks) {
                quadsTo += 2;
            }
            if (quadsTo > p0) {
                quadRow(o, taps, xRow, yRow, outPlane, p0, quadsTo);
                pairsFrom = quadsTo;
            }
        }
        for (int t = 0; t < count && pairsFrom < p1; t++) {
            int width;
            int at;
            if (wide) {
                width = WIDE_TILE;
                at = t * WIDE_TILE;
            } else if (outW < SMALL_TILE) {
                width = 1;
                at = t;
            } else if (outW < TILE) {
                width = SMALL_TILE;
                at = t == 0 ? 0 : outW - SMALL_TILE;
            } else if (t < full) {
                width = TILE;
                at = t * TILE;
            } else {
                width = rest <= SMALL_TILE ? SMALL_TILE : TILE;
                at = outW - width;
            }
            int xp = xRow + at * win.sw() * B;
            for (int p = pairsFrom; p < p1; p++) {
                int ob0 = 2 * p;
                int ob1 = Math.min(ob0 + 1, outBlocks - 1);
                int y0 = yRow + ob0 * outPlane + at * B;
                int y1 = yRow + ob1 * outPlane + at * B;
                int w0 = o.w().start(ob0);
                int w1 = o.w().start(ob1);
                switch (width) {
                    case TILE -> {
                        if (win.sw() == 1) {
                            tileUnitStride(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                        } else if (win.sw() == 2) {
                            tileStride2(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                        } else {
                            tile(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                        }
                    }
                    case WIDE_TILE -> wideTileUnitStride(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                    case SMALL_TILE -> smallTile(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                    default -> pixel(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                }
            }
        }
    }

    /**
     * The quad tiles of one output row at column stride 1, for the block pairs {@code [p0, p1)} (an even
     * count): 6-pixel tiles, then the row's last pixels in a 4- or 2-pixel tile ending at the row's end
     * (5 left take a 6-pixel one), recomputing at most one pixel.
     */
    private static void quadRow(Operands o, int[] taps, int xRow, int yRow, int outPlane, int p0, int p1) {
        int outW = o.win().outW();
        int blockSize = o.w().blockSize();
        int full = outW / QUAD_TILE;
        int rest = outW - full * QUAD_TILE;
        int count = full + (rest > 0 ? 1 : 0);
        boolean stride2 = o.win().sw() == 2;
        // separate tile methods for the residual, not a branch in one: a residual first met after C2 compiled
        // a tile without it sent the tile back to slow code (seen on WRN's strided shortcuts, 0.5 ms for 0.01)
        boolean residualRelu = o.residual() != null && o.activation().kind() == Activation.Kind.RELU;
        for (int t = 0; t < count; t++) {
            int width = t < full ? QUAD_TILE : rest <= 2 ? 2 : rest <= 4 ? 4 : QUAD_TILE;
            int at = t < full ? t * QUAD_TILE : outW - width;
            int xp = xRow + at * o.win().sw() * B;
            for (int p = p0; p < p1; p += 2) {
                int ob = 2 * p;
                int w0 = o.w().start(ob);
                int y0 = yRow + ob * outPlane + at * B;
                if (stride2) {
                    switch (width) {
                        case QUAD_TILE -> quadTile6Stride2(o, taps, xp, w0, blockSize, y0, outPlane, ob * B);
                        case 4 -> quadTile4Stride2(o, taps, xp, w0, blockSize, y0, outPlane, ob * B);
                        default -> quadTile2Stride2(o, taps, xp, w0, blockSize, y0, outPlane, ob * B);
                    }
                } else if (residualRelu) {
                    switch (width) {
                        case QUAD_TILE -> quadTile6ResidualRelu(o, taps, xp, w0, blockSize, y0, outPlane, ob * B);
                        case 4 -> quadTile4ResidualRelu(o, taps, xp, w0, blockSize, y0, outPlane, ob * B);
                        default -> quadTile2ResidualRelu(o, taps, xp, w0, blockSize, y0, outPlane, ob * B);
                    }
                } else {
                    switch (width) {
                        case QUAD_TILE -> quadTile6(o, taps, xp, w0, blockSize, y0, outPlane, ob * B);
                        case 4 -> quadTile4(o, taps, xp, w0, blockSize, y0, outPlane, ob * B);
                        default -> quadTile2(o, taps, xp, w0, blockSize, y0, outPlane, ob * B);
                    }
                }
            }
        }
    }

    /**
     * Whether a row runs in 8-pixel tiles: at column stride 1 where 8 divides it and 7 does not. Where
     * both divide (ResNet's 56), 7-pixel tiles measured faster in the network: 8-pixel tiles ran
     * ResNet-50's 56x56 3x3 layers in 2.3-2.4 ms against 1.2 ms, the 28 and 14 ones 15-20% slower.
     */
    static boolean wideTiles(Window2d win) {
        return win.sw() == 1 && win.outW() % WIDE_TILE == 0 && win.outW() % TILE != 0;
    }

    private static FloatVector biasOf(float[] bias, int channel) {
        return bias == null ? FloatVector.zero(S) : FloatVector.fromArray(S, bias, channel);
    }

    /** Seven pixels from input offset {@code xp} (their first tap) into y0 (block ob0) and y1 (block ob1). */
    private static void tile(Operands o, int[] taps, int xp, int w0, int w1, int y0, int y1, int c0, int c1,
                             boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        int sx = o.win().sw() * B;
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c1);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0, a60 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1, a61 = b1;
        int wo0 = w0;
        int wo1 = w1;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo0);
                FloatVector v1 = FloatVector.fromArray(S, w, wo1);
                wo0 += B;
                wo1 += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                s = FloatVector.broadcast(S, x[p + sx]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                s = FloatVector.broadcast(S, x[p + 2 * sx]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                s = FloatVector.broadcast(S, x[p + 3 * sx]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                s = FloatVector.broadcast(S, x[p + 4 * sx]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                s = FloatVector.broadcast(S, x[p + 5 * sx]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                s = FloatVector.broadcast(S, x[p + 6 * sx]);
                a60 = v0.fma(s, a60);
                a61 = v1.fma(s, a61);
            }
        }
        float[] y = o.y();
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            a40.blend(0f, a40.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 4 * B);
            a50.blend(0f, a50.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 5 * B);
            a60.blend(0f, a60.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 6 * B);
            if (second) {
                a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
                a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
                a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
                a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
                a41.blend(0f, a41.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 4 * B);
                a51.blend(0f, a51.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 5 * B);
                a61.blend(0f, a61.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 6 * B);
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
        epilogue(o, y0, TILE * B);
        if (second) {
            a01.intoArray(y, y1);
            a11.intoArray(y, y1 + B);
            a21.intoArray(y, y1 + 2 * B);
            a31.intoArray(y, y1 + 3 * B);
            a41.intoArray(y, y1 + 4 * B);
            a51.intoArray(y, y1 + 5 * B);
            a61.intoArray(y, y1 + 6 * B);
            epilogue(o, y1, TILE * B);
        }
    }

    /**
     * {@link #tile} at column stride 2 (ResNet's and Inception's downsampling 3x3 layers, WRN's): with
     * the stride a constant the JIT folds it into the seven broadcasts' addresses, as the NCHW-input
     * stem's tile does.
     */
    private static void tileStride2(Operands o, int[] taps, int xp, int w0, int w1, int y0, int y1, int c0,
                                    int c1, boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c1);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0, a60 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1, a61 = b1;
        int wo0 = w0;
        int wo1 = w1;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo0);
                FloatVector v1 = FloatVector.fromArray(S, w, wo1);
                wo0 += B;
                wo1 += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                s = FloatVector.broadcast(S, x[p + 4 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                s = FloatVector.broadcast(S, x[p + 6 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                s = FloatVector.broadcast(S, x[p + 8 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                s = FloatVector.broadcast(S, x[p + 10 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                s = FloatVector.broadcast(S, x[p + 12 * B]);
                a60 = v0.fma(s, a60);
                a61 = v1.fma(s, a61);
            }
        }
        float[] y = o.y();
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            a40.blend(0f, a40.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 4 * B);
            a50.blend(0f, a50.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 5 * B);
            a60.blend(0f, a60.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 6 * B);
            if (second) {
                a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
                a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
                a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
                a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
                a41.blend(0f, a41.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 4 * B);
                a51.blend(0f, a51.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 5 * B);
                a61.blend(0f, a61.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 6 * B);
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
        epilogue(o, y0, TILE * B);
        if (second) {
            a01.intoArray(y, y1);
            a11.intoArray(y, y1 + B);
            a21.intoArray(y, y1 + 2 * B);
            a31.intoArray(y, y1 + 3 * B);
            a41.intoArray(y, y1 + 4 * B);
            a51.intoArray(y, y1 + 5 * B);
            a61.intoArray(y, y1 + 6 * B);
            epilogue(o, y1, TILE * B);
        }
    }

    /**
     * {@link #tile} for column stride 1: the seven pixels' inputs lie 16 floats apart, a constant the JIT
     * folds into the broadcasts' addresses (a run-time stride costs an index computation each, which
     * measured 10 to 30% slower on ResNet's 3x3 stride-1 layers).
     */
    private static void tileUnitStride(Operands o, int[] taps, int xp, int w0, int w1, int y0, int y1, int c0, int c1,
                                       boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c1);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0, a60 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1, a61 = b1;
        int wo0 = w0;
        int wo1 = w1;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo0);
                FloatVector v1 = FloatVector.fromArray(S, w, wo1);
                wo0 += B;
                wo1 += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                s = FloatVector.broadcast(S, x[p + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                s = FloatVector.broadcast(S, x[p + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                s = FloatVector.broadcast(S, x[p + 4 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                s = FloatVector.broadcast(S, x[p + 5 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                s = FloatVector.broadcast(S, x[p + 6 * B]);
                a60 = v0.fma(s, a60);
                a61 = v1.fma(s, a61);
            }
        }
        float[] y = o.y();
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            a40.blend(0f, a40.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 4 * B);
            a50.blend(0f, a50.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 5 * B);
            a60.blend(0f, a60.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 6 * B);
            if (second) {
                a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
                a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
                a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
                a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
                a41.blend(0f, a41.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 4 * B);
                a51.blend(0f, a51.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 5 * B);
                a61.blend(0f, a61.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 6 * B);
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
        epilogue(o, y0, TILE * B);
        if (second) {
            a01.intoArray(y, y1);
            a11.intoArray(y, y1 + B);
            a21.intoArray(y, y1 + 2 * B);
            a31.intoArray(y, y1 + 3 * B);
            a41.intoArray(y, y1 + 4 * B);
            a51.intoArray(y, y1 + 5 * B);
            a61.intoArray(y, y1 + 6 * B);
            epilogue(o, y1, TILE * B);
        }
    }

    /** Pixels of the quad tiles' widest tile (4 output blocks). */
    static final int QUAD_TILE = 6;
    /**
     * The narrowest row (column stride 1) that runs quad tiles whatever its width. 64 -> 64 channels, 3x3,
     * one thread: 56x56 180 -> 189 GFLOP/s, 28x28 179 -> 191; at 14x14 equal (176 / 174), at 7x7 slower
     * (155 / 144). Narrower rows down to {@link #NARROW_QUAD_ROW}: see {@link #quadRows}.
     */
    static final int QUAD_ROW = 24;
    /** The narrowest row that runs quad tiles where 8-pixel tiles do not cover it exactly. */
    static final int NARROW_QUAD_ROW = 15;

    /**
     * Whether the rows run pairs of block pairs as quad tiles: rows of {@link #QUAD_ROW} or more at column
     * stride 1 or 2; at stride 1 also rows of 15 to 23 pixels but 16 (which 8-pixel tiles cover exactly), at
     * stride 2 rows of 8 or more that 7 does not divide. Inception-v3's
     * 17-pixel rows (its 1x7 and 7x1 layers, 128 to 192 channels) went from 7-pixel pair tiles to quad tiles:
     * 1.18 ms less over those layers at one thread, 6.1 -> 5.0 ms.
     */
    static boolean quadRows(Window2d win) {
        int w = win.outW();
        return switch (win.sw()) {
            case 1 -> w >= QUAD_ROW || w >= NARROW_QUAD_ROW && !wideTiles(win);
            // 7-pixel pair tiles cover 7 and 14 exactly; an 8-pixel row took a 7-pixel and a 4-pixel tile (11
            // pixels computed), where quad tiles of 6 and 2 compute 8
            case 2 -> w >= QUAD_ROW || w >= 8 && w % TILE != 0;
            default -> false;
        };
    }

    /** {@link #quadTile6} at column stride 2: the pixels' inputs 32 floats apart. */
    private static void quadTile6Stride2(Operands o, int[] taps, int xp, int w0, int blockSize, int y0, int outPlane,
                                         int c0) {
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
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
                wo += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
                s = FloatVector.broadcast(S, x[p + 4 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                a22 = v2.fma(s, a22);
                a23 = v3.fma(s, a23);
                s = FloatVector.broadcast(S, x[p + 6 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                a32 = v2.fma(s, a32);
                a33 = v3.fma(s, a33);
                s = FloatVector.broadcast(S, x[p + 8 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                a42 = v2.fma(s, a42);
                a43 = v3.fma(s, a43);
                s = FloatVector.broadcast(S, x[p + 10 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                a52 = v2.fma(s, a52);
                a53 = v3.fma(s, a53);
            }
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
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
        epilogue(o, y0, 6 * B);
        epilogue(o, y1, 6 * B);
        epilogue(o, y2, 6 * B);
        epilogue(o, y3, 6 * B);
    }

    /** {@link #quadTile4} at column stride 2: the pixels' inputs 32 floats apart. */
    private static void quadTile4Stride2(Operands o, int[] taps, int xp, int w0, int blockSize, int y0, int outPlane,
                                         int c0) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c0 + B);
        FloatVector b2 = biasOf(o.bias(), c0 + 2 * B);
        FloatVector b3 = biasOf(o.bias(), c0 + 3 * B);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1;
        FloatVector a02 = b2, a12 = b2, a22 = b2, a32 = b2;
        FloatVector a03 = b3, a13 = b3, a23 = b3, a33 = b3;
        int wo = w0;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
                wo += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
                s = FloatVector.broadcast(S, x[p + 4 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                a22 = v2.fma(s, a22);
                a23 = v3.fma(s, a23);
                s = FloatVector.broadcast(S, x[p + 6 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                a32 = v2.fma(s, a32);
                a33 = v3.fma(s, a33);
            }
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
            a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
            a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
            a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
            a02.blend(0f, a02.compare(VectorOperators.LE, 0f)).intoArray(y, y2);
            a12.blend(0f, a12.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + B);
            a22.blend(0f, a22.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 2 * B);
            a32.blend(0f, a32.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 3 * B);
            a03.blend(0f, a03.compare(VectorOperators.LE, 0f)).intoArray(y, y3);
            a13.blend(0f, a13.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + B);
            a23.blend(0f, a23.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 2 * B);
            a33.blend(0f, a33.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 3 * B);
            return;
        }
        a00.intoArray(y, y0);
        a10.intoArray(y, y0 + B);
        a20.intoArray(y, y0 + 2 * B);
        a30.intoArray(y, y0 + 3 * B);
        a01.intoArray(y, y1);
        a11.intoArray(y, y1 + B);
        a21.intoArray(y, y1 + 2 * B);
        a31.intoArray(y, y1 + 3 * B);
        a02.intoArray(y, y2);
        a12.intoArray(y, y2 + B);
        a22.intoArray(y, y2 + 2 * B);
        a32.intoArray(y, y2 + 3 * B);
        a03.intoArray(y, y3);
        a13.intoArray(y, y3 + B);
        a23.intoArray(y, y3 + 2 * B);
        a33.intoArray(y, y3 + 3 * B);
        epilogue(o, y0, 4 * B);
        epilogue(o, y1, 4 * B);
        epilogue(o, y2, 4 * B);
        epilogue(o, y3, 4 * B);
    }

    /** {@link #quadTile2} at column stride 2: the pixels' inputs 32 floats apart. */
    private static void quadTile2Stride2(Operands o, int[] taps, int xp, int w0, int blockSize, int y0, int outPlane,
                                         int c0) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c0 + B);
        FloatVector b2 = biasOf(o.bias(), c0 + 2 * B);
        FloatVector b3 = biasOf(o.bias(), c0 + 3 * B);
        FloatVector a00 = b0, a10 = b0;
        FloatVector a01 = b1, a11 = b1;
        FloatVector a02 = b2, a12 = b2;
        FloatVector a03 = b3, a13 = b3;
        int wo = w0;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
                wo += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
            }
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
            a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
            a02.blend(0f, a02.compare(VectorOperators.LE, 0f)).intoArray(y, y2);
            a12.blend(0f, a12.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + B);
            a03.blend(0f, a03.compare(VectorOperators.LE, 0f)).intoArray(y, y3);
            a13.blend(0f, a13.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + B);
            return;
        }
        a00.intoArray(y, y0);
        a10.intoArray(y, y0 + B);
        a01.intoArray(y, y1);
        a11.intoArray(y, y1 + B);
        a02.intoArray(y, y2);
        a12.intoArray(y, y2 + B);
        a03.intoArray(y, y3);
        a13.intoArray(y, y3 + B);
        epilogue(o, y0, 2 * B);
        epilogue(o, y1, 2 * B);
        epilogue(o, y2, 2 * B);
        epilogue(o, y3, 2 * B);
    }

    /** {@link #quadTile6} followed by the residual and Relu, both on the accumulators (ResNet's block outputs). */
    private static void quadTile6ResidualRelu(Operands o, int[] taps, int xp, int w0, int blockSize, int y0,
                                              int outPlane, int c0) {
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
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
                wo += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[p + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                a22 = v2.fma(s, a22);
                a23 = v3.fma(s, a23);
                s = FloatVector.broadcast(S, x[p + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                a32 = v2.fma(s, a32);
                a33 = v3.fma(s, a33);
                s = FloatVector.broadcast(S, x[p + 4 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                a42 = v2.fma(s, a42);
                a43 = v3.fma(s, a43);
                s = FloatVector.broadcast(S, x[p + 5 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                a52 = v2.fma(s, a52);
                a53 = v3.fma(s, a53);
            }
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        float[] z = o.residual();
        int zs = o.residualShift();
        a00 = a00.add(FloatVector.fromArray(S, z, y0 + zs));
        a10 = a10.add(FloatVector.fromArray(S, z, y0 + B + zs));
        a20 = a20.add(FloatVector.fromArray(S, z, y0 + 2 * B + zs));
        a30 = a30.add(FloatVector.fromArray(S, z, y0 + 3 * B + zs));
        a40 = a40.add(FloatVector.fromArray(S, z, y0 + 4 * B + zs));
        a50 = a50.add(FloatVector.fromArray(S, z, y0 + 5 * B + zs));
        a01 = a01.add(FloatVector.fromArray(S, z, y1 + zs));
        a11 = a11.add(FloatVector.fromArray(S, z, y1 + B + zs));
        a21 = a21.add(FloatVector.fromArray(S, z, y1 + 2 * B + zs));
        a31 = a31.add(FloatVector.fromArray(S, z, y1 + 3 * B + zs));
        a41 = a41.add(FloatVector.fromArray(S, z, y1 + 4 * B + zs));
        a51 = a51.add(FloatVector.fromArray(S, z, y1 + 5 * B + zs));
        a02 = a02.add(FloatVector.fromArray(S, z, y2 + zs));
        a12 = a12.add(FloatVector.fromArray(S, z, y2 + B + zs));
        a22 = a22.add(FloatVector.fromArray(S, z, y2 + 2 * B + zs));
        a32 = a32.add(FloatVector.fromArray(S, z, y2 + 3 * B + zs));
        a42 = a42.add(FloatVector.fromArray(S, z, y2 + 4 * B + zs));
        a52 = a52.add(FloatVector.fromArray(S, z, y2 + 5 * B + zs));
        a03 = a03.add(FloatVector.fromArray(S, z, y3 + zs));
        a13 = a13.add(FloatVector.fromArray(S, z, y3 + B + zs));
        a23 = a23.add(FloatVector.fromArray(S, z, y3 + 2 * B + zs));
        a33 = a33.add(FloatVector.fromArray(S, z, y3 + 3 * B + zs));
        a43 = a43.add(FloatVector.fromArray(S, z, y3 + 4 * B + zs));
        a53 = a53.add(FloatVector.fromArray(S, z, y3 + 5 * B + zs));
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
    }

    /** {@link #quadTile4} followed by the residual and Relu, both on the accumulators (ResNet's block outputs). */
    private static void quadTile4ResidualRelu(Operands o, int[] taps, int xp, int w0, int blockSize, int y0,
                                              int outPlane, int c0) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c0 + B);
        FloatVector b2 = biasOf(o.bias(), c0 + 2 * B);
        FloatVector b3 = biasOf(o.bias(), c0 + 3 * B);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1;
        FloatVector a02 = b2, a12 = b2, a22 = b2, a32 = b2;
        FloatVector a03 = b3, a13 = b3, a23 = b3, a33 = b3;
        int wo = w0;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
                wo += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[p + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                a22 = v2.fma(s, a22);
                a23 = v3.fma(s, a23);
                s = FloatVector.broadcast(S, x[p + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                a32 = v2.fma(s, a32);
                a33 = v3.fma(s, a33);
            }
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        float[] z = o.residual();
        int zs = o.residualShift();
        a00 = a00.add(FloatVector.fromArray(S, z, y0 + zs));
        a10 = a10.add(FloatVector.fromArray(S, z, y0 + B + zs));
        a20 = a20.add(FloatVector.fromArray(S, z, y0 + 2 * B + zs));
        a30 = a30.add(FloatVector.fromArray(S, z, y0 + 3 * B + zs));
        a01 = a01.add(FloatVector.fromArray(S, z, y1 + zs));
        a11 = a11.add(FloatVector.fromArray(S, z, y1 + B + zs));
        a21 = a21.add(FloatVector.fromArray(S, z, y1 + 2 * B + zs));
        a31 = a31.add(FloatVector.fromArray(S, z, y1 + 3 * B + zs));
        a02 = a02.add(FloatVector.fromArray(S, z, y2 + zs));
        a12 = a12.add(FloatVector.fromArray(S, z, y2 + B + zs));
        a22 = a22.add(FloatVector.fromArray(S, z, y2 + 2 * B + zs));
        a32 = a32.add(FloatVector.fromArray(S, z, y2 + 3 * B + zs));
        a03 = a03.add(FloatVector.fromArray(S, z, y3 + zs));
        a13 = a13.add(FloatVector.fromArray(S, z, y3 + B + zs));
        a23 = a23.add(FloatVector.fromArray(S, z, y3 + 2 * B + zs));
        a33 = a33.add(FloatVector.fromArray(S, z, y3 + 3 * B + zs));
        a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
        a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
        a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
        a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
        a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
        a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
        a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
        a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
        a02.blend(0f, a02.compare(VectorOperators.LE, 0f)).intoArray(y, y2);
        a12.blend(0f, a12.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + B);
        a22.blend(0f, a22.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 2 * B);
        a32.blend(0f, a32.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 3 * B);
        a03.blend(0f, a03.compare(VectorOperators.LE, 0f)).intoArray(y, y3);
        a13.blend(0f, a13.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + B);
        a23.blend(0f, a23.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 2 * B);
        a33.blend(0f, a33.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 3 * B);
    }

    /** {@link #quadTile2} followed by the residual and Relu, both on the accumulators (ResNet's block outputs). */
    private static void quadTile2ResidualRelu(Operands o, int[] taps, int xp, int w0, int blockSize, int y0,
                                              int outPlane, int c0) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c0 + B);
        FloatVector b2 = biasOf(o.bias(), c0 + 2 * B);
        FloatVector b3 = biasOf(o.bias(), c0 + 3 * B);
        FloatVector a00 = b0, a10 = b0;
        FloatVector a01 = b1, a11 = b1;
        FloatVector a02 = b2, a12 = b2;
        FloatVector a03 = b3, a13 = b3;
        int wo = w0;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
                wo += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[p + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
            }
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        float[] z = o.residual();
        int zs = o.residualShift();
        a00 = a00.add(FloatVector.fromArray(S, z, y0 + zs));
        a10 = a10.add(FloatVector.fromArray(S, z, y0 + B + zs));
        a01 = a01.add(FloatVector.fromArray(S, z, y1 + zs));
        a11 = a11.add(FloatVector.fromArray(S, z, y1 + B + zs));
        a02 = a02.add(FloatVector.fromArray(S, z, y2 + zs));
        a12 = a12.add(FloatVector.fromArray(S, z, y2 + B + zs));
        a03 = a03.add(FloatVector.fromArray(S, z, y3 + zs));
        a13 = a13.add(FloatVector.fromArray(S, z, y3 + B + zs));
        a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
        a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
        a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
        a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
        a02.blend(0f, a02.compare(VectorOperators.LE, 0f)).intoArray(y, y2);
        a12.blend(0f, a12.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + B);
        a03.blend(0f, a03.compare(VectorOperators.LE, 0f)).intoArray(y, y3);
        a13.blend(0f, a13.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + B);
    }

    /**
     * {@link #tileUnitStride} over six pixels and four output blocks (24 accumulators, as ONNX Runtime's
     * NCHWc kernel): each broadcast input scalar feeds four FMAs instead of two. Seven pixels (28
     * accumulators) spilled: 64 -> 64 channels at 56x56 ran at 156-162 GFLOP/s against 185 for pairs.
     */
    private static void quadTile6(Operands o, int[] taps, int xp, int w0, int blockSize, int y0, int outPlane,
                                  int c0) {
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
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
                wo += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[p + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                a22 = v2.fma(s, a22);
                a23 = v3.fma(s, a23);
                s = FloatVector.broadcast(S, x[p + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                a32 = v2.fma(s, a32);
                a33 = v3.fma(s, a33);
                s = FloatVector.broadcast(S, x[p + 4 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                a42 = v2.fma(s, a42);
                a43 = v3.fma(s, a43);
                s = FloatVector.broadcast(S, x[p + 5 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                a52 = v2.fma(s, a52);
                a53 = v3.fma(s, a53);
            }
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
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
        epilogue(o, y0, 6 * B);
        epilogue(o, y1, 6 * B);
        epilogue(o, y2, 6 * B);
        epilogue(o, y3, 6 * B);
    }

    /** {@link #quadTile6} over four pixels: a row's last three or four. */
    private static void quadTile4(Operands o, int[] taps, int xp, int w0, int blockSize, int y0, int outPlane,
                                  int c0) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c0 + B);
        FloatVector b2 = biasOf(o.bias(), c0 + 2 * B);
        FloatVector b3 = biasOf(o.bias(), c0 + 3 * B);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1;
        FloatVector a02 = b2, a12 = b2, a22 = b2, a32 = b2;
        FloatVector a03 = b3, a13 = b3, a23 = b3, a33 = b3;
        int wo = w0;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
                wo += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[p + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                a22 = v2.fma(s, a22);
                a23 = v3.fma(s, a23);
                s = FloatVector.broadcast(S, x[p + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                a32 = v2.fma(s, a32);
                a33 = v3.fma(s, a33);
            }
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
            a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
            a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
            a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
            a02.blend(0f, a02.compare(VectorOperators.LE, 0f)).intoArray(y, y2);
            a12.blend(0f, a12.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + B);
            a22.blend(0f, a22.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 2 * B);
            a32.blend(0f, a32.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + 3 * B);
            a03.blend(0f, a03.compare(VectorOperators.LE, 0f)).intoArray(y, y3);
            a13.blend(0f, a13.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + B);
            a23.blend(0f, a23.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 2 * B);
            a33.blend(0f, a33.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + 3 * B);
            return;
        }
        a00.intoArray(y, y0);
        a10.intoArray(y, y0 + B);
        a20.intoArray(y, y0 + 2 * B);
        a30.intoArray(y, y0 + 3 * B);
        a01.intoArray(y, y1);
        a11.intoArray(y, y1 + B);
        a21.intoArray(y, y1 + 2 * B);
        a31.intoArray(y, y1 + 3 * B);
        a02.intoArray(y, y2);
        a12.intoArray(y, y2 + B);
        a22.intoArray(y, y2 + 2 * B);
        a32.intoArray(y, y2 + 3 * B);
        a03.intoArray(y, y3);
        a13.intoArray(y, y3 + B);
        a23.intoArray(y, y3 + 2 * B);
        a33.intoArray(y, y3 + 3 * B);
        epilogue(o, y0, 4 * B);
        epilogue(o, y1, 4 * B);
        epilogue(o, y2, 4 * B);
        epilogue(o, y3, 4 * B);
    }

    /** {@link #quadTile6} over two pixels: a row's last one or two. */
    private static void quadTile2(Operands o, int[] taps, int xp, int w0, int blockSize, int y0, int outPlane,
                                  int c0) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c0 + B);
        FloatVector b2 = biasOf(o.bias(), c0 + 2 * B);
        FloatVector b3 = biasOf(o.bias(), c0 + 3 * B);
        FloatVector a00 = b0, a10 = b0;
        FloatVector a01 = b1, a11 = b1;
        FloatVector a02 = b2, a12 = b2;
        FloatVector a03 = b3, a13 = b3;
        int wo = w0;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + blockSize);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * blockSize);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * blockSize);
                wo += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[p + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
            }
        }
        float[] y = o.y();
        int y1 = y0 + outPlane;
        int y2 = y1 + outPlane;
        int y3 = y2 + outPlane;
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
            a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
            a02.blend(0f, a02.compare(VectorOperators.LE, 0f)).intoArray(y, y2);
            a12.blend(0f, a12.compare(VectorOperators.LE, 0f)).intoArray(y, y2 + B);
            a03.blend(0f, a03.compare(VectorOperators.LE, 0f)).intoArray(y, y3);
            a13.blend(0f, a13.compare(VectorOperators.LE, 0f)).intoArray(y, y3 + B);
            return;
        }
        a00.intoArray(y, y0);
        a10.intoArray(y, y0 + B);
        a01.intoArray(y, y1);
        a11.intoArray(y, y1 + B);
        a02.intoArray(y, y2);
        a12.intoArray(y, y2 + B);
        a03.intoArray(y, y3);
        a13.intoArray(y, y3 + B);
        epilogue(o, y0, 2 * B);
        epilogue(o, y1, 2 * B);
        epilogue(o, y2, 2 * B);
        epilogue(o, y3, 2 * B);
    }

    /** Eight pixels at column stride 1: {@link #tileUnitStride} with a pixel more. */
    private static void wideTileUnitStride(Operands o, int[] taps, int xp, int w0, int w1, int y0, int y1, int c0, int c1,
                                           boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c1);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0, a60 = b0, a70 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1, a61 = b1, a71 = b1;
        int wo0 = w0;
        int wo1 = w1;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo0);
                FloatVector v1 = FloatVector.fromArray(S, w, wo1);
                wo0 += B;
                wo1 += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                s = FloatVector.broadcast(S, x[p + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                s = FloatVector.broadcast(S, x[p + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                s = FloatVector.broadcast(S, x[p + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                s = FloatVector.broadcast(S, x[p + 4 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                s = FloatVector.broadcast(S, x[p + 5 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                s = FloatVector.broadcast(S, x[p + 6 * B]);
                a60 = v0.fma(s, a60);
                a61 = v1.fma(s, a61);
                s = FloatVector.broadcast(S, x[p + 7 * B]);
                a70 = v0.fma(s, a70);
                a71 = v1.fma(s, a71);
            }
        }
        float[] y = o.y();
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
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
        epilogue(o, y0, WIDE_TILE * B);
        if (second) {
            a01.intoArray(y, y1);
            a11.intoArray(y, y1 + B);
            a21.intoArray(y, y1 + 2 * B);
            a31.intoArray(y, y1 + 3 * B);
            a41.intoArray(y, y1 + 4 * B);
            a51.intoArray(y, y1 + 5 * B);
            a61.intoArray(y, y1 + 6 * B);
            a71.intoArray(y, y1 + 7 * B);
            epilogue(o, y1, WIDE_TILE * B);
        }
    }

    /** Four pixels, for the end of a row; as {@link #tile} with 8 accumulators. */
    static void smallTile(Operands o, int[] taps, int xp, int w0, int w1, int y0, int y1, int c0, int c1,
                                  boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        int sx = o.win().sw() * B;
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector b1 = biasOf(o.bias(), c1);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1;
        int wo0 = w0;
        int wo1 = w1;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo0);
                FloatVector v1 = FloatVector.fromArray(S, w, wo1);
                wo0 += B;
                wo1 += B;
                int p = xc + c;
                FloatVector s = FloatVector.broadcast(S, x[p]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                s = FloatVector.broadcast(S, x[p + sx]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                s = FloatVector.broadcast(S, x[p + 2 * sx]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                s = FloatVector.broadcast(S, x[p + 3 * sx]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
            }
        }
        float[] y = o.y();
        if (fusesRelu(o)) {
            // Relu on the accumulators before their only store (see fusesRelu)
            a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            if (second) {
                a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, y1);
                a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + B);
                a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 2 * B);
                a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, y1 + 3 * B);
            }
            return;
        }
        a00.intoArray(y, y0);
        a10.intoArray(y, y0 + B);
        a20.intoArray(y, y0 + 2 * B);
        a30.intoArray(y, y0 + 3 * B);
        epilogue(o, y0, SMALL_TILE * B);
        if (second) {
            a01.intoArray(y, y1);
            a11.intoArray(y, y1 + B);
            a21.intoArray(y, y1 + 2 * B);
            a31.intoArray(y, y1 + 3 * B);
            epilogue(o, y1, SMALL_TILE * B);
        }
    }

    /** One pixel, for rows narrower than the small tile. */
    private static void pixel(Operands o, int[] taps, int xp, int w0, int w1, int y0, int y1, int c0, int c1,
                              boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        FloatVector a0 = biasOf(o.bias(), c0);
        FloatVector a1 = biasOf(o.bias(), c1);
        int wo0 = w0;
        int wo1 = w1;
        for (int t = 0; t < taps.length; t++) {
            int xc = xp + taps[t];
            for (int c = 0; c < B; c++) {
                FloatVector s = FloatVector.broadcast(S, x[xc + c]);
                a0 = FloatVector.fromArray(S, w, wo0).fma(s, a0);
                a1 = FloatVector.fromArray(S, w, wo1).fma(s, a1);
                wo0 += B;
                wo1 += B;
            }
        }
        a0.intoArray(o.y(), y0);
        epilogue(o, y0, B);
        if (second) {
            a1.intoArray(o.y(), y1);
            epilogue(o, y1, B);
        }
    }

    /** Residual and activation over {@code len} outputs just written (still in cache); Z is laid out as Y. */
    static void epilogue(Operands o, int at, int len) {
        float[] y = o.y();
        float[] z = o.residual();
        if (z != null) {
            int zAt = at + o.residualShift();
            if (o.activation().kind() == Activation.Kind.RELU) {
                // one pass over the tile for both (ResNet's blocks end in add + Relu); the Relu written out, as
                // a call to a helper with a vector argument may be left out of line and box it
                for (int i = 0; i < len; i += B) {
                    FloatVector v = FloatVector.fromArray(S, y, at + i).add(FloatVector.fromArray(S, z, zAt + i));
                    v.blend(0f, v.compare(VectorOperators.LE, 0f)).intoArray(y, at + i);
                }
                return;
            }
            for (int i = 0; i < len; i += B) {
                FloatVector.fromArray(S, y, at + i).add(FloatVector.fromArray(S, z, zAt + i)).intoArray(y, at + i);
            }
        }
        o.activation().apply(y, at, len);
    }
}
