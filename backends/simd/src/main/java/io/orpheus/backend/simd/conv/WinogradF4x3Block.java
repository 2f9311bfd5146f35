package io.orpheus.backend.simd.conv;

import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.Vectors;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.gemm.GemmBlocking;
import io.orpheus.backend.simd.gemm.GemmKernel8x32;
import io.orpheus.backend.simd.gemm.PackedMatrix;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * One block of consecutive 4x4 output tiles of one image through Winograd F(4x4, 3x3), on the calling
 * thread and in its scratch: input transform, 36 products, output transform with the epilogue.
 *
 * <p>Layouts, for a block of {@code width} tiles (rounded up to the micro-kernel's 32 columns; the
 * extra lanes repeat the last tile and are never written out):
 * <ul>
 * <li>V: for each of the 36 transform positions xi, the [C x width] operand as the micro-kernel's
 * B panels: K block k0 (of {@link GemmBlocking#kStep}) at {@code k0 * width}, then panel p at
 * {@code p * 32 * kc}, channel {@code ci - k0} at {@code (ci - k0) * 32}, a tile per lane;</li>
 * <li>products: for each xi, [Mp x width] row-major (Mp = M rounded up to 8 rows, so every
 * micro-kernel call is a full tile).</li>
 * </ul>
 */
final class WinogradF4x3Block {

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final VectorSpecies<Integer> IS = S.withLanes(int.class);
    private static final int L = Vectors.LANES;
    private static final int NR = GemmKernel8x32.NR;
    private static final int MR = GemmKernel8x32.MR;

    /** The per-run facts every block shares. */
    record Geometry(int c, int m, Window2d win, int tilesH, int tilesW) {

        int tiles() {
            return tilesH * tilesW;
        }

        int mp() {
            return (m + MR - 1) / MR * MR;
        }

        /** A padded row holds every input column a tile row reads: 4 per tile and the 2-column overlap. */
        int rowLen() {
            return 4 * tilesW + 2;
        }
    }

    private WinogradF4x3Block() {
    }

    /** Tiles {@code [t0, t1)} of the image whose input plane 0 starts at {@code xBase}, output at {@code yBase}. */
    static void run(Geometry geo, int t0, int t1, float[] x, int xBase, float[] y, int yBase, PackedMatrix[] u,
                    ConvEpilogue epilogue) {
        int count = t1 - t0;
        int width = (count + NR - 1) / NR * NR;
        int c = geo.c();
        int mp = geo.mp();
        Window2d win = geo.win();
        int tilesW = geo.tilesW();
        int rowLen = geo.rowLen();
        int rowLo = 4 * (t0 / tilesW);
        int rows = 4 * ((t1 - 1) / tilesW) + 6 - rowLo;
        int[] inOff = ConvScratch.ints(ConvScratch.TILE_IN, width);
        int[] outOff = ConvScratch.ints(ConvScratch.TILE_OUT, width);
        int[] rowsLeft = ConvScratch.ints(ConvScratch.TILE_ROWS, width);
        int[] colsLeft = ConvScratch.ints(ConvScratch.TILE_COLS, width);
        for (int j = 0; j < width; j++) {
            int t = t0 + Math.min(j, count - 1);
            int th = t / tilesW;
            int tw = t % tilesW;
            inOff[j] = (4 * th - rowLo) * rowLen + 4 * tw;
            outOff[j] = 4 * th * win.outW() + 4 * tw;
            rowsLeft[j] = j < count ? win.outH() - 4 * th : 0;
            colsLeft[j] = j < count ? win.outW() - 4 * tw : 0;
        }
        float[] v = ConvScratch.floats(ConvScratch.INPUT, 36 * c * width);
        float[] plane = ConvScratch.floats(ConvScratch.PLANES, rows * rowLen);
        float[] stage = ConvScratch.floats(ConvScratch.STAGE, 52 * L);
        int kStep = GemmBlocking.kStep(c);
        for (int ci = 0; ci < c; ci++) {
            fillPlane(x, xBase + ci * win.inPlane(), win, rowLo, rows, rowLen, plane);
            int k0 = ci / kStep * kStep;
            int kc = Math.min(kStep, c - k0);
            inputTransform(plane, rowLen, inOff, width, stage, v, k0 * width + (ci - k0) * NR, kc, c * width);
        }
        float[] prod = ConvScratch.floats(ConvScratch.PRODUCT, 36 * mp * width);
        Arrays.fill(prod, 0, 36 * mp * width, 0f);
        multiply(u, c, kStep, v, width, prod, mp);
        for (int co = 0; co < geo.m(); co++) {
            outputTransform(prod, co * width, mp * width, count, stage, epilogue, co, y,
                    yBase + co * win.outPlane(), win.outW(), outOff, rowsLeft, colsLeft);
        }
    }

    /** Padded rows {@code [rowLo, rowLo + rows)} of one channel, zeros outside the input. */
    private static void fillPlane(float[] x, int plane, Window2d win, int rowLo, int rows, int rowLen, float[] p) {
        int colLo = win.padLeft();
        int colHi = Math.min(rowLen, win.padLeft() + win.inW());
        for (int r = 0; r < rows; r++) {
            int ih = rowLo + r - win.padTop();
            int base = r * rowLen;
            if (ih < 0 || ih >= win.inH() || colLo >= colHi) {
                Arrays.fill(p, base, base + rowLen, 0f);
                continue;
            }
            Arrays.fill(p, base, base + colLo, 0f);
            System.arraycopy(x, plane + ih * win.inW(), p, base + colLo, colHi - colLo);
            Arrays.fill(p, base + colHi, base + rowLen, 0f);
        }
    }

    /**
     * V = B^T d B for every tile of the block, one channel, L tiles at a time: first B^T down each of
     * the six columns (gathered, a tile per lane) into the stage, then B along each row into V.
     */
    private static void inputTransform(float[] p, int rowLen, int[] inOff, int width, float[] stage, float[] v,
                                       int vOff, int kc, int xiStride) {
        for (int j0 = 0; j0 < width; j0 += L) {
            for (int q = 0; q < 6; q++) {
                columnIn(p, q, rowLen, inOff, j0, stage, q * L);
            }
            int lane = vOff + (j0 / NR) * NR * kc + j0 % NR;
            for (int i = 0; i < 6; i++) {
                WinogradF4x3Transforms.input(stage, i * 6 * L, L, v, lane + i * 6 * xiStride, xiStride);
            }
        }
    }

    /**
     * B^T down column q of L tiles (at {@code p[q + r * rowLen + inOff[j0 + lane]]}) into the stage at
     * {@code off + k * 6L}. The six rows are first copied lane by lane into the stage's spare room
     * ({@code [36L, 42L)}, unused by the input transform): a vector gather here is not always compiled to the
     * gather instruction (C2 fails to inline it in this method often enough), and its fallback allocates
     * on every call, so the copy is the reliably fast and allocation-free way on this JDK.
     */
    private static void columnIn(float[] p, int q, int rowLen, int[] inOff, int j0, float[] stage, int off) {
        int gathered = 36 * L;
        for (int r = 0; r < 6; r++) {
            int base = r * rowLen + q;
            int to = gathered + r * L;
            for (int lane = 0; lane < L; lane++) {
                stage[to + lane] = p[base + inOff[j0 + lane]];
            }
        }
        WinogradF4x3Transforms.input(stage, gathered, L, stage, off, 6 * L);
    }

    /** The 36 products, accumulated into the zeroed product panels, on full 8 x 32 tiles. */
    private static void multiply(PackedMatrix[] u, int c, int kStep, float[] v, int width, float[] prod, int mp) {
        for (int xi = 0; xi < 36; xi++) {
            PackedMatrix a = u[xi];
            int vBase = xi * c * width;
            int pBase = xi * mp * width;
            for (int k0 = 0; k0 < c; k0 += kStep) {
                int kc = Math.min(kStep, c - k0);
                float[] aArr = a.block(0, a.rows(), k0, kc, Scratch.PACK_A);
                int aBase = a.blockOffset(0, k0, kc);
                for (int j0 = 0; j0 < width; j0 += NR) {
                    int bOff = vBase + k0 * width + j0 * kc;
                    for (int i0 = 0; i0 < mp; i0 += MR) {
                        GemmKernel8x32.multiplyAdd(aArr, aBase + i0 * kc, v, bOff, kc, prod, pBase + i0 * width + j0,
                                width, MR, NR);
                    }
                }
            }
        }
    }

    /**
     * Y tile = act(A^T m A + bias + Z) for the block's tiles of one output channel, L tiles at a time:
     * A^T down each column of m into the stage, then along each row into 16 output vectors, the
     * epilogue over those, and a scatter of each into its place in the tiles (masked at the edges).
     */
    private static void outputTransform(float[] prod, int pOff, int xiStride, int count, float[] stage,
                                        ConvEpilogue epilogue, int co, float[] y, int yPlane, int outW, int[] outOff,
                                        int[] rowsLeft, int[] colsLeft) {
        float bias = epilogue.bias(co);
        float[] residual = epilogue.residual();
        Activation act = epilogue.activation();
        int outStage = 36 * L;
        int[] edgeMap = ConvScratch.ints(ConvScratch.EDGE_MAP, L);
        for (int j0 = 0; j0 < count; j0 += L) {
            for (int q = 0; q < 6; q++) {
                WinogradF4x3Transforms.output(prod, pOff + q * xiStride + j0, 6 * xiStride, 0f, stage, q * L, 6 * L);
            }
            for (int r = 0; r < 4; r++) {
                WinogradF4x3Transforms.output(stage, r * 6 * L, L, bias, stage, outStage + r * 4 * L, L);
            }
            IntVector rl = IntVector.fromArray(IS, rowsLeft, j0);
            IntVector cl = IntVector.fromArray(IS, colsLeft, j0);
            boolean whole = rl.min(cl).reduceLanes(VectorOperators.MIN) >= 4;
            if (residual != null) {
                for (int r = 0; r < 4; r++) {
                    for (int q = 0; q < 4; q++) {
                        int so = outStage + (r * 4 + q) * L;
                        int at = yPlane + r * outW + q;
                        FloatVector z = whole ? FloatVector.fromArray(S, residual, at, outOff, j0)
                                : FloatVector.fromArray(S, residual, yPlane, edgeMap, edgeIndex(outOff, j0, rl, cl,
                                r, q, outW, edgeMap), inside(rl, cl, r, q));
                        FloatVector.fromArray(S, stage, so).add(z).intoArray(stage, so);
                    }
                }
            }
            if (!act.isIdentity()) {
                act.apply(stage, outStage, 16 * L);
            }
            for (int r = 0; r < 4; r++) {
                for (int q = 0; q < 4; q++) {
                    FloatVector val = FloatVector.fromArray(S, stage, outStage + (r * 4 + q) * L);
                    int at = yPlane + r * outW + q;
                    if (whole) {
                        val.intoArray(y, at, outOff, j0);
                    } else {
                        val.intoArray(y, yPlane, edgeMap, edgeIndex(outOff, j0, rl, cl, r, q, outW, edgeMap),
                                inside(rl, cl, r, q));
                    }
                }
            }
        }
    }

    /**
     * Offsets from the output plane of element (r, q) of L tiles, with the lanes outside the image at 0:
     * a masked gather or scatter still range-checks its masked-off lanes, and past the last plane those
     * would point beyond the array. Returns the map's offset.
     */
    private static int edgeIndex(int[] outOff, int j0, IntVector rowsLeft, IntVector colsLeft, int r, int q, int outW,
                                 int[] map) {
        VectorMask<Integer> in = rowsLeft.compare(VectorOperators.GT, r).and(colsLeft.compare(VectorOperators.GT, q));
        IntVector.fromArray(IS, outOff, j0).add(r * outW + q).blend(0, in.not()).intoArray(map, 0);
        return 0;
    }

    /** Lanes whose tile has output row r and column q inside the image (the extra lanes have none). */
    private static VectorMask<Float> inside(IntVector rowsLeft, IntVector colsLeft, int r, int q) {
        return rowsLeft.compare(VectorOperators.GT, r).and(colsLeft.compare(VectorOperators.GT, q)).cast(S);
    }
}
