package io.orpheus.backend.simd.conv;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.gemm.GemmKernel8x32;
import io.orpheus.backend.simd.gemm.Operand;
import io.orpheus.backend.simd.gemm.PackedMatrix;

/**
 * Winograd F(4x4, 3x3) for 3x3, stride 1, undilated, ungrouped convolutions: each 4x4 output tile
 * costs 36 multiplies per channel pair instead of 144 (F(2x2, 3x3): 64 for the same four tiles'
 * worth). Interpolation points 0, 1, -1, 2, -2 and infinity (Lavin and Gray's matrices).
 *
 * <p>The weights are transformed once, in double (U = G g G^T, 36 matrices [M, C] packed for the
 * micro-kernel). A run is split into blocks of tiles (per image), each done by one worker in its own
 * scratch so that the transformed input, the products and the output transform stay in its cache:
 * the input transform writes V = B^T d B straight into the micro-kernel's B panel layout (a tile per
 * lane, gathered from a zero-bordered copy of the block's input rows), 36 products U_xi x V_xi run
 * on full 8 x 32 tiles (rows and tiles padded), and the output transform (A^T m A) adds the bias,
 * the residual and the activation before scattering each 4x4 tile into Y, clipped at the edges.
 */
public final class ConvWinogradF4x3 extends ConvOp<PackedMatrix[]> {

    /**
     * Largest tile block. Every block streams all of U (36 M C floats) through the cache once, which
     * wants large blocks; the block's V and products (36 (C + M) floats a tile) want small ones.
     */
    private static final int MAX_BLOCK_TILES = 128;

    /**
     * Above F(2x2, 3x3): wherever this accepts by default (32 tiles or more) it measured faster than
     * F(2x2) and im2col on one core (ResNet-18's 56x56 and 28x28 layers, WRN-40-2's 32x32 ones).
     */
    public ConvWinogradF4x3(ConvVariant variant) {
        super(variant, "winograd-f4x3", SimdOp.SPECIALISED + 2);
    }

    /**
     * Rounding in the transforms grows with the inputs' magnitude times their coefficients (B^T up to
     * 5, A^T up to 8, 36 products per output) rather than with the result's. Largest absolute deviation
     * from the reference measured at unit-sized random data, F(2x2, 3x3) in brackets: 9e-5 [2e-5] at 32
     * channels, 2.7e-4 [4e-5] at 64, 4.3e-4 [7e-5] at 128, on outputs of typical magnitude 5 to 10 (a
     * few 1e-5 of it, so rtol 1e-3 holds). atol 2e-4 holds at the channel counts of the conformance
     * cases and the tests (up to 40 channels, and 300 on a small plane); in wider layers an output that
     * cancels to near zero can miss it, as F(2x2)'s 1e-4 can past 128 channels.
     */
    @Override
    public Tolerance tolerance() {
        return new Tolerance(2e-4, 1e-3);
    }

    @Override
    protected Support accepts(ConvShape s, NodeContext node) {
        return WinogradShape.accepts(s, node, 4, "Winograd F(4x4,3x3)");
    }

    @Override
    protected Support accepts(ConvShape s) {
        return WinogradShape.accepts(s, "Winograd F(4x4,3x3)");
    }

    @Override
    protected PackedMatrix[] prepareWeights(ConvShape s, float[] w) {
        int m = s.m();
        int c = s.cPerGroup();
        float[] u = transformedWeights(w, m, c);
        PackedMatrix[] packed = new PackedMatrix[36];
        for (int xi = 0; xi < 36; xi++) {
            packed[xi] = PackedMatrix.packA(new Operand(u, xi * m * c, c, 1), m, c, 1f);
        }
        return packed;
    }

    /**
     * U = G g G^T of every filter, computed in double: the 36 matrices [M, C] of 3x3 weights {@code w}
     * [M, C, 3, 3], matrix xi = 6i + j (row i, column j of the 6x6 transform) at {@code xi * M * C}.
     */
    public static float[] transformedWeights(float[] w, int m, int c) {
        float[] u = new float[36 * m * c];
        double[] t = new double[18];
        double[] g = new double[9];
        double[] row = new double[6];
        // a run of input channels at a time into a small buffer, then each position's run copied out whole: the
        // 36 matrices lie M C floats apart, a multiple of 4 KiB in wide layers, so writing each element straight
        // to its matrix kept 36 lines of one L1 set in play (256 -> 256: 19 ms, most of a model's plan time)
        float[] run = new float[36 * TRANSFORM_RUN];
        for (int co = 0; co < m; co++) {
            for (int ci0 = 0; ci0 < c; ci0 += TRANSFORM_RUN) {
                int len = Math.min(TRANSFORM_RUN, c - ci0);
                for (int k = 0; k < len; k++) {
                    int off = (co * c + ci0 + k) * 9;
                    for (int i = 0; i < 9; i++) {
                        g[i] = w[off + i];
                    }
                    // t = G g (6x3), column by column
                    for (int j = 0; j < 3; j++) {
                        weightColumn(g[j], g[3 + j], g[6 + j], t, j, 3);
                    }
                    // U = t G^T (6x6): row i of U is G applied to row i of t
                    for (int i = 0; i < 6; i++) {
                        weightColumn(t[3 * i], t[3 * i + 1], t[3 * i + 2], row, 0, 1);
                        for (int j = 0; j < 6; j++) {
                            run[(i * 6 + j) * TRANSFORM_RUN + k] = (float) row[j];
                        }
                    }
                }
                for (int xi = 0; xi < 36; xi++) {
                    System.arraycopy(run, xi * TRANSFORM_RUN, u, (xi * m + co) * c + ci0, len);
                }
            }
        }
        return u;
    }

    /** Input channels transformed before their values are copied out to the 36 matrices. */
    private static final int TRANSFORM_RUN = 64;

    /** G (6x3) times (g0, g1, g2), written at {@code out[off + k * step]}. */
    private static void weightColumn(double g0, double g1, double g2, double[] out, int off, int step) {
        // multiplies by the reciprocals: six divisions per call made the transform most of a model's plan time
        double sum = (g0 + g2) * SIXTH;
        double odd = g1 * SIXTH;
        double even = g0 * TWENTY_FOURTH + g2 * SIXTH;
        double half = g1 * TWELFTH;
        out[off] = g0 * 0.25;
        out[off + step] = -(sum + odd);
        out[off + 2 * step] = odd - sum;
        out[off + 3 * step] = even + half;
        out[off + 4 * step] = even - half;
        out[off + 5 * step] = g2;
    }

    private static final double SIXTH = 1.0 / 6;
    private static final double TWELFTH = 1.0 / 12;
    private static final double TWENTY_FOURTH = 1.0 / 24;

    @Override
    protected void compute(KernelContext ctx, ConvShape s, Window2d win, int batch, float[] x, float[] y, int yOff,
                           PackedMatrix[] u, ConvEpilogue epilogue) {
        int tilesH = (win.outH() + 3) / 4;
        int tilesW = (win.outW() + 3) / 4;
        int tiles = tilesH * tilesW;
        if (tiles == 0 || batch == 0) {
            return;
        }
        int threads = Math.max(1, ctx.threads());
        int block = blockTiles(tiles, batch, threads);
        int blocks = (tiles + block - 1) / block;
        WinogradF4x3Block.Geometry geo = new WinogradF4x3Block.Geometry(s.cPerGroup(), s.m(), win, tilesH, tilesW);
        int tasks = batch * blocks;
        if (threads == 1 || tasks == 1) {
            for (int t = 0; t < tasks; t++) {
                runBlock(geo, t / blocks, t % blocks, block, x, y, u, epilogue);
            }
        } else {
            ctx.parallelFor(tasks, t -> runBlock(geo, t / blocks, t % blocks, block, x, y, u, epilogue));
        }
    }

    private static void runBlock(WinogradF4x3Block.Geometry geo, int n, int b, int block, float[] x, float[] y,
                                 PackedMatrix[] u, ConvEpilogue epilogue) {
        int t0 = b * block;
        int t1 = Math.min(geo.tiles(), t0 + block);
        WinogradF4x3Block.run(geo, t0, t1, x, n * geo.c() * geo.win().inPlane(), y,
                n * geo.m() * geo.win().outPlane(), u, epilogue);
    }

    /**
     * Tiles per block: a multiple of the micro-kernel's 32 columns, at most {@link #MAX_BLOCK_TILES},
     * and small enough to give every thread two blocks.
     */
    static int blockTiles(int tiles, int batch, int threads) {
        int nr = GemmKernel8x32.NR;
        int block = MAX_BLOCK_TILES;
        // two blocks a thread even out the runt block at the end
        int perImage = threads == 1 ? 1 : (2 * threads + batch - 1) / batch;
        if (perImage > 1) {
            block = Math.min(block, Math.max(nr, roundUp((tiles + perImage - 1) / perImage, nr)));
        }
        return Math.min(block, roundUp(tiles, nr));
    }

    private static int roundUp(int v, int multiple) {
        return (v + multiple - 1) / multiple * multiple;
    }
}
