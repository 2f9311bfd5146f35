package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Window2d;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 1x1 stride-1 unpadded convolution on NCHW16c, the pointwise layers of MobileNet-style networks and
 * ResNet's bottlenecks. Such a convolution maps each pixel alone, so a block's plane is read as one
 * run of pixels regardless of rows: all tiles but a plane's last few pixels are full, and consecutive
 * pixels lie 16 floats apart, a constant the JIT folds into the addressing of the broadcasts instead of computing each index from a run-time
 * stride as {@link DirectBlockedConv} must.
 *
 * <p>The main register tile is 6 pixels x 4 output blocks: 24 accumulators, four weight vectors and
 * one broadcast, so that each broadcast feeds four FMAs and each weight vector six. It walks the input
 * channels 256 at a time, storing partial sums between chunks, so that a chunk of the four blocks'
 * weights (64 KiB) stays close over a span of tiles (with the whole reduction per tile, 512 -> 512
 * streamed 128 KiB of weights from L2 for every 6 pixels; chunks of 128 channels, 32 KiB that L1 holds,
 * stored and reloaded the partial sums twice as often, and MobileNet-v1's 512 -> 512 layers ran 3%
 * slower). That is with two workers, which may share a core's L2. With one worker the chunks are 1024
 * channels: in a network, where Y starts cold, the partial sums' second pass over it cost more than the
 * larger chunk's traffic from L2 (whole runs alternating in one process: MobileNet-v1 2.7% faster,
 * ResNet-50 0.9%, Inception-v3 0.6%). With two workers the best chunk depends on what else the host runs
 * (512 in its quiet periods, 128 in its slow ones), so {@link PointwiseChunkTuner} picks it per layer while the
 * session runs. In MobileNet-v1 at 2 threads the pointwise layers went from 1.24-1.39x ONNX Runtime's per-node times to 1.05-1.29x (per-layer profiles, same
 * build with and without the quads). Output blocks beyond a multiple of four run 8-pixel x 2-block
 * tiles over the whole reduction, and a plane's last pixels (fewer than 6) 2-block tiles of 4 and 1.
 *
 * <p>Work is split as in {@link DirectBlockedConv}: with cacheable weights tasks split the pixels and
 * run every block group over them; larger weights are split by block group across tasks.
 *
 * <p>An input larger than a core's L2 is read ahead ({@link InputReadAhead}) span by span before the tiles
 * broadcast it. In the network at one thread, ResNet-50's {@code layer1.1.conv1} (256 -> 64 at 56x56) took
 * 0.52-0.54 ms instead of 0.91-1.11. Whole runs, toggled run by run in one session: ResNet-50 and Inception-v3
 * x0.965-0.993 at 1 and 2 threads; MobileNet-v1, whose pointwise inputs are mostly smaller, x0.998-1.006.
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
        run(ctx, o, tapCache, null);
    }

    /**
     * As {@link #run(KernelContext, DirectBlockedConv.Operands, DirectBlockedConv.TapCache)}, with two or more
     * workers taking as many input channels per pass as {@code tuner} chooses (null: {@link #CHANNEL_CHUNK}).
     */
    static void run(KernelContext ctx, DirectBlockedConv.Operands o, DirectBlockedConv.TapCache tapCache,
                    PointwiseChunkTuner tuner) {
        int outBlocks = o.w().m() / B;
        if (outBlocks >= QUAD_BLOCKS) {
            runQuads(ctx, o, tapCache, tuner);
        } else {
            runPairs(ctx, o, tapCache, 0);
        }
    }

    private static final int QUAD_BLOCKS = 4;
    private static final int QUAD_TILE = 6;
    /** Input channels per pass over a quad's weights: 4 blocks x 256 channels x 64 bytes = 64 KiB. */
    private static final int CHANNEL_CHUNK = 256;
    /**
     * Chunks this small keep a quad's weights for the pass in L1 (128 channels: 32 KiB), and then the tiles
     * run over at most {@link #SMALL_CHUNK_SPAN} tiles of input at a time, which L1 holds beside them.
     */
    private static final int SMALL_CHUNK = 128;
    private static final int SMALL_CHUNK_SPAN = 4;
    /** Input channels per pass with one worker (see the class comment). */
    private static final int SOLE_WORKER_CHANNEL_CHUNK = 1024;
    /** Input bytes (all channels) of the tiles a task runs every quad over before moving on. */
    private static final int SPAN_INPUT_BYTES = 96 * 1024;

    private static void runQuads(KernelContext ctx, DirectBlockedConv.Operands o, DirectBlockedConv.TapCache tapCache,
                                 PointwiseChunkTuner tuner) {
        int[] taps = tapCache.of(o);
        int plane = o.win().outPlane();
        int outBlocks = o.w().m() / B;
        int quads = outBlocks / QUAD_BLOCKS;
        int quadsPerGroup = DirectBlockedConv.weightsCached(o.w()) ? quads : 1;
        int groups = (quads + quadsPerGroup - 1) / quadsPerGroup;
        int units = o.images() * groups;
        int tiles = plane / QUAD_TILE;
        int tail = plane - tiles * QUAD_TILE;
        Bands bands = Bands.of(Math.max(1, tiles), units, ctx.threads(), TASKS_PER_THREAD);
        int chunks = bands.count();
        // a chunk pinned by the session option holds at one worker too; else one worker takes the fixed chunk
        boolean tuned = tuner != null && (ctx.threads() > 1 || tuner.pinned());
        int choice = tuned ? tuner.pick() : -1;
        int channelChunk = tuned ? tuner.chunk(choice) : ctx.threads() == 1 ? SOLE_WORKER_CHANNEL_CHUNK : CHANNEL_CHUNK;
        int spanForBytes = Math.max(1, SPAN_INPUT_BYTES / (QUAD_TILE * o.w().c() * Float.BYTES));
        int span = channelChunk <= SMALL_CHUNK && channelChunk < o.w().c()
                ? Math.min(spanForBytes, SMALL_CHUNK_SPAN) : spanForBytes;
        int inBlocks = o.w().c() / B;
        boolean readAhead = InputReadAhead.worthIt(inBlocks, plane);
        long start = tuned ? System.nanoTime() : 0;
        ctx.parallelFor(units * chunks, task -> {
            int unit = task / chunks;
            int chunk = task % chunks;
            int t0 = Math.min(tiles, bands.start(chunk));
            int t1 = Math.min(tiles, bands.end(chunk));
            int n = unit / groups;
            int q0 = (unit % groups) * quadsPerGroup;
            int q1 = Math.min(quads, q0 + quadsPerGroup);
            for (int s0 = t0; s0 < t1; s0 += span) {
                int s1 = Math.min(t1, s0 + span);
                if (readAhead) {
                    InputReadAhead.pixels(o.x().data(), o.x().offset() + n * inBlocks * o.x().blockStride(),
                            o.x().blockStride(), inBlocks, s0 * QUAD_TILE, (s1 - s0) * QUAD_TILE);
                }
                for (int q = q0; q < q1; q++) {
                    quadTiles(o, n, q, s0, s1, channelChunk);
                }
            }
            if (chunk == chunks - 1 && tail > 0) {
                for (int q = q0; q < q1; q++) {
                    pixels(o, taps, n, 2 * q, 2 * q + 2, tiles * QUAD_TILE, tail);
                }
            }
        });
        if (tuned) {
            tuner.record(choice, System.nanoTime() - start);
        }
        if (outBlocks % QUAD_BLOCKS != 0) {
            runPairs(ctx, o, tapCache, quads * QUAD_BLOCKS / 2);
        }
    }

    /** Tiles [t0, t1) of image n for output blocks 4q..4q+3, {@code chunk} input channels at a time. */
    private static void quadTiles(DirectBlockedConv.Operands o, int n, int q, int t0, int t1, int chunk) {
        int plane = o.win().outPlane();
        int c = o.w().c();
        int inBlocks = c / B;
        int outBlocks = o.w().m() / B;
        int ob = q * QUAD_BLOCKS;
        int xImage = o.x().offset() + n * inBlocks * o.x().blockStride();
        int yQuad = o.yOffset() + (n * outBlocks + ob) * plane * B;
        int wQuad = o.w().start(ob);
        if (c <= chunk && o.activation().kind() == Activation.Kind.RELU) {
            // separate methods, not branches in one: quadTile with the epilogue in it no longer compiled in C1
            // ("out of virtual registers"), and a residual first met after C2 compiled a tile without it sent
            // the tile back to slow code (WRN's strided shortcuts took 0.5 ms instead of 0.009)
            boolean residual = o.residual() != null;
            for (int t = t0; t < t1; t++) {
                int at = t * QUAD_TILE * B;
                if (residual) {
                    quadTileResidualRelu(o, xImage + at, wQuad, yQuad + at, inBlocks, ob * B);
                } else {
                    quadTileRelu(o, xImage + at, wQuad, yQuad + at, inBlocks, ob * B);
                }
            }
            return;
        }
        for (int c0 = 0; c0 < c; c0 += chunk) {
            int c1 = Math.min(c, c0 + chunk);
            boolean first = c0 == 0;
            boolean last = c1 == c;
            int xc = xImage + (c0 / B) * o.x().blockStride();
            for (int t = t0; t < t1; t++) {
                int at = t * QUAD_TILE * B;
                quadTile(o, xc + at, wQuad + c0 * B, yQuad + at, (c1 - c0) / B, first, last, ob * B);
            }
        }
    }

    /**
     * Image 0's whole plane for output blocks {@code [ob0, ob1)} ({@code ob0} a multiple of four), on the
     * calling thread: the products of one band of a blocked Winograd convolution ({@link WinogradBlockedF4x3}),
     * whose caller spreads the bands over the workers.
     */
    static void plane(DirectBlockedConv.Operands o, int[] taps, int ob0, int ob1) {
        int plane = o.win().outPlane();
        int q0 = ob0 / QUAD_BLOCKS;
        int q1 = q0 + (ob1 - ob0) / QUAD_BLOCKS;
        int tiles = plane / QUAD_TILE;
        int tail = plane - tiles * QUAD_TILE;
        for (int q = q0; q < q1; q++) {
            quadTiles(o, 0, q, 0, tiles, CHANNEL_CHUNK);
            if (tail > 0) {
                pixels(o, taps, 0, 2 * q, 2 * q + 2, tiles * QUAD_TILE, tail);
            }
        }
        int pairTiles = (plane + TILE - 1) / TILE;
        for (int p = q1 * QUAD_BLOCKS / 2; p < (ob1 + 1) / 2; p++) {
            for (int t = 0; t < pairTiles; t++) {
                tiles(o, taps, 0, p, p + 1, t);
            }
        }
    }

    private static void runPairs(KernelContext ctx, DirectBlockedConv.Operands o, DirectBlockedConv.TapCache tapCache,
                                 int firstPair) {
        int[] taps = tapCache.of(o);
        int plane = o.win().outPlane();
        int outBlocks = o.w().m() / B;
        int pairs = (outBlocks + 1) / 2 - firstPair;
        int pairsPerGroup = DirectBlockedConv.weightsCached(o.w()) ? pairs : 1;
        int groups = (pairs + pairsPerGroup - 1) / pairsPerGroup;
        int units = o.images() * groups;
        // the full tiles, then the plane's last pixels (fewer than a tile) as one more unit of work done
        // pixel by pixel: a tile shifted back to overlap would race with the task writing the tile before
        int tiles = (plane + TILE - 1) / TILE;
        Bands bands = Bands.of(tiles, units, ctx.threads(), TASKS_PER_THREAD);
        int chunks = bands.count();
        int inBlocks = o.w().c() / B;
        boolean readAhead = InputReadAhead.worthIt(inBlocks, plane);
        ctx.parallelFor(units * chunks, task -> {
            int unit = task / chunks;
            int t0 = bands.start(task % chunks);
            int t1 = bands.end(task % chunks);
            int n = unit / groups;
            int p0 = firstPair + (unit % groups) * pairsPerGroup;
            int p1 = Math.min(firstPair + pairs, p0 + pairsPerGroup);
            int span = tilesInL1(o);
            for (int s0 = t0; s0 < t1; s0 += span) {
                int s1 = Math.min(t1, s0 + span);
                if (readAhead) {
                    InputReadAhead.pixels(o.x().data(), o.x().offset() + n * inBlocks * o.x().blockStride(),
                            o.x().blockStride(), inBlocks, s0 * TILE, Math.min(plane, s1 * TILE) - s0 * TILE);
                }
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
        int at = t * TILE;
        int width = Math.min(TILE, plane - at);
        if (width < TILE) {
            pixels(o, taps, n, p0, p1, at, width);
            return;
        }
        int inBlocks = o.w().c() / B;
        int outBlocks = o.w().m() / B;
        int xp = o.x().offset() + n * inBlocks * o.x().blockStride() + at * B;
        int yImage = o.yOffset() + n * outBlocks * plane * B + at * B;
        for (int p = p0; p < p1; p++) {
            int ob0 = 2 * p;
            int ob1 = Math.min(ob0 + 1, outBlocks - 1);
            if (ob1 == ob0) {
                tileSingle(o, xp, o.w().start(ob0), yImage + ob0 * plane * B, ob0 * B);
            } else {
                tile(o, xp, o.w().start(ob0), o.w().start(ob1), yImage + ob0 * plane * B,
                        yImage + ob1 * plane * B, ob0 * B, ob1 * B, true);
            }
        }
    }

    /**
     * {@link #tile} for an odd count's last block alone: 8 pixels x 1 block. The pair tile computed that block
     * twice and kept one result, so a 48-channel output (Inception's 5x5 branches) did the work of 64.
     */
    private static void tileSingle(DirectBlockedConv.Operands o, int xp, int w0, int y0, int c0) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        int blocks = o.w().c() / B;
        int blockStride = o.x().blockStride();
        FloatVector b0 = biasOf(o.bias(), c0);
        FloatVector a0 = b0, a1 = b0, a2 = b0, a3 = b0, a4 = b0, a5 = b0, a6 = b0, a7 = b0;
        int wo = w0;
        for (int ib = 0; ib < blocks; ib++) {
            int xb = xp + ib * blockStride;
            for (int c = 0; c < B; c++) {
                FloatVector v = FloatVector.fromArray(S, w, wo);
                wo += B;
                int q = xb + c;
                a0 = v.fma(FloatVector.broadcast(S, x[q]), a0);
                a1 = v.fma(FloatVector.broadcast(S, x[q + B]), a1);
                a2 = v.fma(FloatVector.broadcast(S, x[q + 2 * B]), a2);
                a3 = v.fma(FloatVector.broadcast(S, x[q + 3 * B]), a3);
                a4 = v.fma(FloatVector.broadcast(S, x[q + 4 * B]), a4);
                a5 = v.fma(FloatVector.broadcast(S, x[q + 5 * B]), a5);
                a6 = v.fma(FloatVector.broadcast(S, x[q + 6 * B]), a6);
                a7 = v.fma(FloatVector.broadcast(S, x[q + 7 * B]), a7);
            }
        }
        float[] y = o.y();
        if (DirectBlockedConv.fusesRelu(o)) {
            a0.blend(0f, a0.compare(VectorOperators.LE, 0f)).intoArray(y, y0);
            a1.blend(0f, a1.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + B);
            a2.blend(0f, a2.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 2 * B);
            a3.blend(0f, a3.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 3 * B);
            a4.blend(0f, a4.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 4 * B);
            a5.blend(0f, a5.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 5 * B);
            a6.blend(0f, a6.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 6 * B);
            a7.blend(0f, a7.compare(VectorOperators.LE, 0f)).intoArray(y, y0 + 7 * B);
            return;
        }
        a0.intoArray(y, y0);
        a1.intoArray(y, y0 + B);
        a2.intoArray(y, y0 + 2 * B);
        a3.intoArray(y, y0 + 3 * B);
        a4.intoArray(y, y0 + 4 * B);
        a5.intoArray(y, y0 + 5 * B);
        a6.intoArray(y, y0 + 6 * B);
        a7.intoArray(y, y0 + 7 * B);
        DirectBlockedConv.epilogue(o, y0, TILE * B);
    }

    /**
     * Fewer than a tile's pixels from pixel {@code at} of image n for the block pairs {@code [p0, p1)}:
     * 4 in the blocked direct conv's small tile (a 14x14 plane ends in 4 pixels), the rest pixel by pixel.
     */
    private static void pixels(DirectBlockedConv.Operands o, int[] taps, int n, int p0, int p1, int at, int width) {
        int plane = o.win().outPlane();
        int inBlocks = o.w().c() / B;
        int outBlocks = o.w().m() / B;
        int xp = o.x().offset() + n * inBlocks * o.x().blockStride() + at * B;
        int yImage = o.yOffset() + n * outBlocks * plane * B + at * B;
        for (int p = p0; p < p1; p++) {
            int ob0 = 2 * p;
            int ob1 = Math.min(ob0 + 1, outBlocks - 1);
            int y0 = yImage + ob0 * plane * B;
            int y1 = yImage + ob1 * plane * B;
            int w0 = o.w().start(ob0);
            int w1 = o.w().start(ob1);
            int px = 0;
            if (width >= DirectBlockedConv.SMALL_TILE) {
                DirectBlockedConv.smallTile(o, taps, xp, w0, w1, y0, y1, ob0 * B, ob1 * B, ob1 != ob0);
                px = DirectBlockedConv.SMALL_TILE;
            }
            for (; px < width; px++) {
                pixel(o, xp + px * B, w0, w1, y0 + px * B, y1 + px * B, ob0 * B, ob1 * B, ob1 != ob0);
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
     * Six consecutive pixels from input offset {@code xp} into four output blocks from y offset
     * {@code yq}, over {@code blocks} input blocks from weight offset {@code wq}: 24 accumulators, each
     * broadcast feeding four FMAs. The first chunk of input channels starts from the bias, later ones
     * from the partial sums stored by the chunk before; the last applies the epilogue.
     */
    private static void quadTile(DirectBlockedConv.Operands o, int xp, int wq, int yq, int blocks,
                                 boolean first, boolean last, int channel) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        float[] y = o.y();
        int ws = o.w().blockSize();
        int ps = o.win().outPlane() * B;
        int blockStride = o.x().blockStride();
        FloatVector a00, a01, a02, a03, a10, a11, a12, a13, a20, a21, a22, a23;
        FloatVector a30, a31, a32, a33, a40, a41, a42, a43, a50, a51, a52, a53;
        if (first) {
            FloatVector b0 = biasOf(o.bias(), channel);
            FloatVector b1 = biasOf(o.bias(), channel + B);
            FloatVector b2 = biasOf(o.bias(), channel + 2 * B);
            FloatVector b3 = biasOf(o.bias(), channel + 3 * B);
            a00 = b0; a10 = b0; a20 = b0; a30 = b0; a40 = b0; a50 = b0;
            a01 = b1; a11 = b1; a21 = b1; a31 = b1; a41 = b1; a51 = b1;
            a02 = b2; a12 = b2; a22 = b2; a32 = b2; a42 = b2; a52 = b2;
            a03 = b3; a13 = b3; a23 = b3; a33 = b3; a43 = b3; a53 = b3;
        } else {
            a00 = FloatVector.fromArray(S, y, yq);
            a10 = FloatVector.fromArray(S, y, yq + B);
            a20 = FloatVector.fromArray(S, y, yq + 2 * B);
            a30 = FloatVector.fromArray(S, y, yq + 3 * B);
            a40 = FloatVector.fromArray(S, y, yq + 4 * B);
            a50 = FloatVector.fromArray(S, y, yq + 5 * B);
            a01 = FloatVector.fromArray(S, y, yq + ps);
            a11 = FloatVector.fromArray(S, y, yq + ps + B);
            a21 = FloatVector.fromArray(S, y, yq + ps + 2 * B);
            a31 = FloatVector.fromArray(S, y, yq + ps + 3 * B);
            a41 = FloatVector.fromArray(S, y, yq + ps + 4 * B);
            a51 = FloatVector.fromArray(S, y, yq + ps + 5 * B);
            a02 = FloatVector.fromArray(S, y, yq + 2 * ps);
            a12 = FloatVector.fromArray(S, y, yq + 2 * ps + B);
            a22 = FloatVector.fromArray(S, y, yq + 2 * ps + 2 * B);
            a32 = FloatVector.fromArray(S, y, yq + 2 * ps + 3 * B);
            a42 = FloatVector.fromArray(S, y, yq + 2 * ps + 4 * B);
            a52 = FloatVector.fromArray(S, y, yq + 2 * ps + 5 * B);
            a03 = FloatVector.fromArray(S, y, yq + 3 * ps);
            a13 = FloatVector.fromArray(S, y, yq + 3 * ps + B);
            a23 = FloatVector.fromArray(S, y, yq + 3 * ps + 2 * B);
            a33 = FloatVector.fromArray(S, y, yq + 3 * ps + 3 * B);
            a43 = FloatVector.fromArray(S, y, yq + 3 * ps + 4 * B);
            a53 = FloatVector.fromArray(S, y, yq + 3 * ps + 5 * B);
        }
        int wo = wq;
        for (int ib = 0; ib < blocks; ib++) {
            int xb = xp + ib * blockStride;
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + ws);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * ws);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * ws);
                wo += B;
                int q = xb + c;
                FloatVector s = FloatVector.broadcast(S, x[q]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[q + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
                s = FloatVector.broadcast(S, x[q + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                a22 = v2.fma(s, a22);
                a23 = v3.fma(s, a23);
                s = FloatVector.broadcast(S, x[q + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                a32 = v2.fma(s, a32);
                a33 = v3.fma(s, a33);
                s = FloatVector.broadcast(S, x[q + 4 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                a42 = v2.fma(s, a42);
                a43 = v3.fma(s, a43);
                s = FloatVector.broadcast(S, x[q + 5 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                a52 = v2.fma(s, a52);
                a53 = v3.fma(s, a53);
            }
        }
        a00.intoArray(y, yq);
        a10.intoArray(y, yq + B);
        a20.intoArray(y, yq + 2 * B);
        a30.intoArray(y, yq + 3 * B);
        a40.intoArray(y, yq + 4 * B);
        a50.intoArray(y, yq + 5 * B);
        a01.intoArray(y, yq + ps);
        a11.intoArray(y, yq + ps + B);
        a21.intoArray(y, yq + ps + 2 * B);
        a31.intoArray(y, yq + ps + 3 * B);
        a41.intoArray(y, yq + ps + 4 * B);
        a51.intoArray(y, yq + ps + 5 * B);
        a02.intoArray(y, yq + 2 * ps);
        a12.intoArray(y, yq + 2 * ps + B);
        a22.intoArray(y, yq + 2 * ps + 2 * B);
        a32.intoArray(y, yq + 2 * ps + 3 * B);
        a42.intoArray(y, yq + 2 * ps + 4 * B);
        a52.intoArray(y, yq + 2 * ps + 5 * B);
        a03.intoArray(y, yq + 3 * ps);
        a13.intoArray(y, yq + 3 * ps + B);
        a23.intoArray(y, yq + 3 * ps + 2 * B);
        a33.intoArray(y, yq + 3 * ps + 3 * B);
        a43.intoArray(y, yq + 3 * ps + 4 * B);
        a53.intoArray(y, yq + 3 * ps + 5 * B);
        if (last) {
            for (int k = 0; k < QUAD_BLOCKS; k++) {
                DirectBlockedConv.epilogue(o, yq + k * ps, QUAD_TILE * B);
            }
        }
    }

    /**
     * {@link #quadTile} for a whole reduction of at most one chunk of channels, without a residual and
     * followed by Relu: the Relu on the accumulators before their only store. quadTile itself has no room
     * for it: with the Relu stores added, C2 no longer inlined the vector operations and boxed every vector
     * (the layer ran 3 times slower). MobileNet-v1's first pointwise layers and ResNet-50's bottleneck
     * inputs (32 to 256 channels) are the case.
     */
    private static void quadTileRelu(DirectBlockedConv.Operands o, int xp, int wq, int yq, int blocks, int channel) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        float[] y = o.y();
        int ws = o.w().blockSize();
        int ps = o.win().outPlane() * B;
        int blockStride = o.x().blockStride();
        FloatVector b0 = biasOf(o.bias(), channel);
        FloatVector b1 = biasOf(o.bias(), channel + B);
        FloatVector b2 = biasOf(o.bias(), channel + 2 * B);
        FloatVector b3 = biasOf(o.bias(), channel + 3 * B);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1;
        FloatVector a02 = b2, a12 = b2, a22 = b2, a32 = b2, a42 = b2, a52 = b2;
        FloatVector a03 = b3, a13 = b3, a23 = b3, a33 = b3, a43 = b3, a53 = b3;
        int wo = wq;
        for (int ib = 0; ib < blocks; ib++) {
            int xb = xp + ib * blockStride;
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + ws);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * ws);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * ws);
                wo += B;
                int q = xb + c;
                FloatVector s = FloatVector.broadcast(S, x[q]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[q + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
                s = FloatVector.broadcast(S, x[q + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                a22 = v2.fma(s, a22);
                a23 = v3.fma(s, a23);
                s = FloatVector.broadcast(S, x[q + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                a32 = v2.fma(s, a32);
                a33 = v3.fma(s, a33);
                s = FloatVector.broadcast(S, x[q + 4 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                a42 = v2.fma(s, a42);
                a43 = v3.fma(s, a43);
                s = FloatVector.broadcast(S, x[q + 5 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                a52 = v2.fma(s, a52);
                a53 = v3.fma(s, a53);
            }
        }
        a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, yq);
        a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, yq + B);
        a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * B);
        a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * B);
        a40.blend(0f, a40.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 4 * B);
        a50.blend(0f, a50.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 5 * B);
        a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps);
        a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + B);
        a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + 2 * B);
        a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + 3 * B);
        a41.blend(0f, a41.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + 4 * B);
        a51.blend(0f, a51.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + 5 * B);
        a02.blend(0f, a02.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps);
        a12.blend(0f, a12.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + B);
        a22.blend(0f, a22.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + 2 * B);
        a32.blend(0f, a32.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + 3 * B);
        a42.blend(0f, a42.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + 4 * B);
        a52.blend(0f, a52.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + 5 * B);
        a03.blend(0f, a03.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps);
        a13.blend(0f, a13.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + B);
        a23.blend(0f, a23.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + 2 * B);
        a33.blend(0f, a33.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + 3 * B);
        a43.blend(0f, a43.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + 4 * B);
        a53.blend(0f, a53.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + 5 * B);
    }

    /**
     * {@link #quadTileRelu} with the residual added before the Relu (ResNet-50's 64- to 256-channel
     * bottleneck outputs).
     */
    private static void quadTileResidualRelu(DirectBlockedConv.Operands o, int xp, int wq, int yq, int blocks,
                                             int channel) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        float[] y = o.y();
        int ws = o.w().blockSize();
        int ps = o.win().outPlane() * B;
        int blockStride = o.x().blockStride();
        FloatVector b0 = biasOf(o.bias(), channel);
        FloatVector b1 = biasOf(o.bias(), channel + B);
        FloatVector b2 = biasOf(o.bias(), channel + 2 * B);
        FloatVector b3 = biasOf(o.bias(), channel + 3 * B);
        FloatVector a00 = b0, a10 = b0, a20 = b0, a30 = b0, a40 = b0, a50 = b0;
        FloatVector a01 = b1, a11 = b1, a21 = b1, a31 = b1, a41 = b1, a51 = b1;
        FloatVector a02 = b2, a12 = b2, a22 = b2, a32 = b2, a42 = b2, a52 = b2;
        FloatVector a03 = b3, a13 = b3, a23 = b3, a33 = b3, a43 = b3, a53 = b3;
        int wo = wq;
        for (int ib = 0; ib < blocks; ib++) {
            int xb = xp + ib * blockStride;
            for (int c = 0; c < B; c++) {
                FloatVector v0 = FloatVector.fromArray(S, w, wo);
                FloatVector v1 = FloatVector.fromArray(S, w, wo + ws);
                FloatVector v2 = FloatVector.fromArray(S, w, wo + 2 * ws);
                FloatVector v3 = FloatVector.fromArray(S, w, wo + 3 * ws);
                wo += B;
                int q = xb + c;
                FloatVector s = FloatVector.broadcast(S, x[q]);
                a00 = v0.fma(s, a00);
                a01 = v1.fma(s, a01);
                a02 = v2.fma(s, a02);
                a03 = v3.fma(s, a03);
                s = FloatVector.broadcast(S, x[q + B]);
                a10 = v0.fma(s, a10);
                a11 = v1.fma(s, a11);
                a12 = v2.fma(s, a12);
                a13 = v3.fma(s, a13);
                s = FloatVector.broadcast(S, x[q + 2 * B]);
                a20 = v0.fma(s, a20);
                a21 = v1.fma(s, a21);
                a22 = v2.fma(s, a22);
                a23 = v3.fma(s, a23);
                s = FloatVector.broadcast(S, x[q + 3 * B]);
                a30 = v0.fma(s, a30);
                a31 = v1.fma(s, a31);
                a32 = v2.fma(s, a32);
                a33 = v3.fma(s, a33);
                s = FloatVector.broadcast(S, x[q + 4 * B]);
                a40 = v0.fma(s, a40);
                a41 = v1.fma(s, a41);
                a42 = v2.fma(s, a42);
                a43 = v3.fma(s, a43);
                s = FloatVector.broadcast(S, x[q + 5 * B]);
                a50 = v0.fma(s, a50);
                a51 = v1.fma(s, a51);
                a52 = v2.fma(s, a52);
                a53 = v3.fma(s, a53);
            }
        }
        float[] z = o.residual();
        int zs = o.residualShift();
        a00 = a00.add(FloatVector.fromArray(S, z, yq + zs));
        a10 = a10.add(FloatVector.fromArray(S, z, yq + B + zs));
        a20 = a20.add(FloatVector.fromArray(S, z, yq + 2 * B + zs));
        a30 = a30.add(FloatVector.fromArray(S, z, yq + 3 * B + zs));
        a40 = a40.add(FloatVector.fromArray(S, z, yq + 4 * B + zs));
        a50 = a50.add(FloatVector.fromArray(S, z, yq + 5 * B + zs));
        a01 = a01.add(FloatVector.fromArray(S, z, yq + ps + zs));
        a11 = a11.add(FloatVector.fromArray(S, z, yq + ps + B + zs));
        a21 = a21.add(FloatVector.fromArray(S, z, yq + ps + 2 * B + zs));
        a31 = a31.add(FloatVector.fromArray(S, z, yq + ps + 3 * B + zs));
        a41 = a41.add(FloatVector.fromArray(S, z, yq + ps + 4 * B + zs));
        a51 = a51.add(FloatVector.fromArray(S, z, yq + ps + 5 * B + zs));
        a02 = a02.add(FloatVector.fromArray(S, z, yq + 2 * ps + zs));
        a12 = a12.add(FloatVector.fromArray(S, z, yq + 2 * ps + B + zs));
        a22 = a22.add(FloatVector.fromArray(S, z, yq + 2 * ps + 2 * B + zs));
        a32 = a32.add(FloatVector.fromArray(S, z, yq + 2 * ps + 3 * B + zs));
        a42 = a42.add(FloatVector.fromArray(S, z, yq + 2 * ps + 4 * B + zs));
        a52 = a52.add(FloatVector.fromArray(S, z, yq + 2 * ps + 5 * B + zs));
        a03 = a03.add(FloatVector.fromArray(S, z, yq + 3 * ps + zs));
        a13 = a13.add(FloatVector.fromArray(S, z, yq + 3 * ps + B + zs));
        a23 = a23.add(FloatVector.fromArray(S, z, yq + 3 * ps + 2 * B + zs));
        a33 = a33.add(FloatVector.fromArray(S, z, yq + 3 * ps + 3 * B + zs));
        a43 = a43.add(FloatVector.fromArray(S, z, yq + 3 * ps + 4 * B + zs));
        a53 = a53.add(FloatVector.fromArray(S, z, yq + 3 * ps + 5 * B + zs));
        a00.blend(0f, a00.compare(VectorOperators.LE, 0f)).intoArray(y, yq);
        a10.blend(0f, a10.compare(VectorOperators.LE, 0f)).intoArray(y, yq + B);
        a20.blend(0f, a20.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * B);
        a30.blend(0f, a30.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * B);
        a40.blend(0f, a40.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 4 * B);
        a50.blend(0f, a50.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 5 * B);
        a01.blend(0f, a01.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps);
        a11.blend(0f, a11.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + B);
        a21.blend(0f, a21.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + 2 * B);
        a31.blend(0f, a31.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + 3 * B);
        a41.blend(0f, a41.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + 4 * B);
        a51.blend(0f, a51.compare(VectorOperators.LE, 0f)).intoArray(y, yq + ps + 5 * B);
        a02.blend(0f, a02.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps);
        a12.blend(0f, a12.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + B);
        a22.blend(0f, a22.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + 2 * B);
        a32.blend(0f, a32.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + 3 * B);
        a42.blend(0f, a42.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + 4 * B);
        a52.blend(0f, a52.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 2 * ps + 5 * B);
        a03.blend(0f, a03.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps);
        a13.blend(0f, a13.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + B);
        a23.blend(0f, a23.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + 2 * B);
        a33.blend(0f, a33.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + 3 * B);
        a43.blend(0f, a43.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + 4 * B);
        a53.blend(0f, a53.compare(VectorOperators.LE, 0f)).intoArray(y, yq + 3 * ps + 5 * B);
    }

    /** One pixel, for a plane's last pixels that do not fill a tile. */
    private static void pixel(DirectBlockedConv.Operands o, int xp, int w0, int w1, int y0, int y1, int c0, int c1,
                              boolean second) {
        float[] x = o.x().data();
        float[] w = o.w().packed();
        int blocks = o.w().c() / B;
        // four partial sums per block: with one, each FMA waited for the one before (two chains at 4 cycles
        // each), and the one pixel left after the 6-pixel tiles of a 7x7 plane took as long as a tile
        FloatVector a0 = biasOf(o.bias(), c0);
        FloatVector a1 = biasOf(o.bias(), c1);
        FloatVector p0 = FloatVector.zero(S), p1 = p0, p2 = p0;
        FloatVector q0 = p0, q1 = p0, q2 = p0;
        int wo0 = w0;
        int wo1 = w1;
        for (int ib = 0; ib < blocks; ib++) {
            int xb = xp + ib * o.x().blockStride();
            for (int c = 0; c < B; c += 4) {
                FloatVector s = FloatVector.broadcast(S, x[xb + c]);
                a0 = FloatVector.fromArray(S, w, wo0).fma(s, a0);
                a1 = FloatVector.fromArray(S, w, wo1).fma(s, a1);
                s = FloatVector.broadcast(S, x[xb + c + 1]);
                p0 = FloatVector.fromArray(S, w, wo0 + B).fma(s, p0);
                q0 = FloatVector.fromArray(S, w, wo1 + B).fma(s, q0);
                s = FloatVector.broadcast(S, x[xb + c + 2]);
                p1 = FloatVector.fromArray(S, w, wo0 + 2 * B).fma(s, p1);
                q1 = FloatVector.fromArray(S, w, wo1 + 2 * B).fma(s, q1);
                s = FloatVector.broadcast(S, x[xb + c + 3]);
                p2 = FloatVector.fromArray(S, w, wo0 + 3 * B).fma(s, p2);
                q2 = FloatVector.fromArray(S, w, wo1 + 3 * B).fma(s, q2);
                wo0 += 4 * B;
                wo1 += 4 * B;
            }
        }
        a0 = a0.add(p0.add(p1).add(p2));
        a1 = a1.add(q0.add(q1).add(q2));
        a0.intoArray(o.y(), y0);
        DirectBlockedConv.epilogue(o, y0, B);
        if (second) {
            a1.intoArray(o.y(), y1);
            DirectBlockedConv.epilogue(o, y1, B);
        }
    }
}
