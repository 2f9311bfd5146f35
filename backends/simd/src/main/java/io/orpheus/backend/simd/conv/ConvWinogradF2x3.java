package io.orpheus.backend.simd.conv;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Vectors;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.gemm.GemmDriver;
import io.orpheus.backend.simd.gemm.Operand;
import io.orpheus.backend.simd.gemm.PackedMatrix;
import io.orpheus.backend.simd.gemm.RuntimePanels;
import io.orpheus.backend.simd.gemm.TileHook;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * Winograd F(2x2, 3x3) for 3x3, stride 1, undilated, ungrouped convolutions: each 2x2 output tile
 * costs 16 multiplies per channel pair instead of 36. The weights are transformed once
 * (U = G g G^T, 16 matrices [M, C] packed for the GEMM); per image the input tiles are transformed
 * (V = B^T d B, vectorised across the tiles of a tile row), the 16 element-wise products summed over
 * channels are 16 GEMMs U_xi x V_xi, and the output transform (A^T m A), vectorised across tiles,
 * adds the bias and writes each 2x2 tile. The V and product matrices live in the calling thread's
 * scratch, reused between runs (to be replaced by planned buffers).
 */
public final class ConvWinogradF2x3 extends ConvOp<PackedMatrix[]> {

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;

    public ConvWinogradF2x3(ConvVariant variant) {
        super(variant, "winograd-f2x3", SimdOp.SPECIALISED);
    }

    /**
     * The transforms reorder and recombine the sums (the input transform adds and subtracts up to four
     * inputs, the output transform up to nine products), so rounding differs from a direct sum by a few
     * ulps of the larger intermediate terms rather than of the result: results near zero by
     * cancellation need atol 1e-4 at unit-sized data, relative agreement stays at 1e-3.
     */
    @Override
    public Tolerance tolerance() {
        return new Tolerance(1e-4, 1e-3);
    }

    /** Session option: the fewest output tiles per image for which the Winograd algorithms offer themselves. */
    public static final String MIN_TILES_OPTION = WinogradShape.MIN_TILES_OPTION;

    @Override
    protected Support accepts(ConvShape s, NodeContext node) {
        return WinogradShape.accepts(s, node, 2, "Winograd F(2x2,3x3)");
    }

    @Override
    protected Support accepts(ConvShape s) {
        return WinogradShape.accepts(s, "Winograd F(2x2,3x3)");
    }

    @Override
    protected PackedMatrix[] prepareWeights(ConvShape s, float[] w) {
        int m = s.m();
        int c = s.cPerGroup();
        float[] u = new float[16 * m * c];
        float[] t = new float[12];
        float[] row = new float[4];
        for (int co = 0; co < m; co++) {
            for (int ci = 0; ci < c; ci++) {
                int g = (co * c + ci) * 9;
                // t = G g (4x3), then U = t G^T (4x4), G = [[1,0,0],[.5,.5,.5],[.5,-.5,.5],[0,0,1]]
                for (int j = 0; j < 3; j++) {
                    float g0 = w[g + j];
                    float g1 = w[g + 3 + j];
                    float g2 = w[g + 6 + j];
                    t[j] = g0;
                    t[3 + j] = 0.5f * (g0 + g1 + g2);
                    t[6 + j] = 0.5f * (g0 - g1 + g2);
                    t[9 + j] = g2;
                }
                for (int i = 0; i < 4; i++) {
                    float a0 = t[3 * i];
                    float a1 = t[3 * i + 1];
                    float a2 = t[3 * i + 2];
                    row[0] = a0;
                    row[1] = 0.5f * (a0 + a1 + a2);
                    row[2] = 0.5f * (a0 - a1 + a2);
                    row[3] = a2;
                    for (int j = 0; j < 4; j++) {
                        u[((i * 4 + j) * m + co) * c + ci] = row[j];
                    }
                }
            }
        }
        PackedMatrix[] packed = new PackedMatrix[16];
        for (int xi = 0; xi < 16; xi++) {
            packed[xi] = PackedMatrix.packA(new Operand(u, xi * m * c, c, 1), m, c, 1f);
        }
        return packed;
    }

    @Override
    protected void compute(KernelContext ctx, ConvShape s, Window2d win, int batch, float[] x, float[] y, int yOff,
                           PackedMatrix[] u, ConvEpilogue epilogue) {
        int c = s.cPerGroup();
        int m = s.m();
        int tilesH = (win.outH() + 1) / 2;
        int tilesW = (win.outW() + 1) / 2;
        int tiles = tilesH * tilesW;
        if (tiles == 0) {
            return;
        }
        // the calling thread's buffers, shared with the workers for this run; they use other slots
        float[] v = ConvScratch.floats(ConvScratch.INPUT, 16 * c * tiles);
        float[] prod = ConvScratch.floats(ConvScratch.PRODUCT, 16 * m * tiles);
        for (int n = 0; n < batch; n++) {
            int xBase = n * c * win.inPlane();
            ctx.parallelFor(c, ci -> inputTransform(x, xBase + ci * win.inPlane(), win, tilesH, tilesW, v, ci, c));
            for (int xi = 0; xi < 16; xi++) {
                RuntimePanels b = RuntimePanels.b(new Operand(v, xi * c * tiles, 1, tiles), tiles, c);
                GemmDriver.multiply(ctx, u[xi], b, prod, xi * m * tiles, tiles, TileHook.ZERO, TileHook.NONE);
            }
            int yBase = n * m * win.outPlane();
            TileHook post = epilogue.post();
            ctx.parallelFor(m, co -> {
                outputTransform(prod, co, m, tilesH, tilesW, y, yBase + co * win.outPlane(), win, epilogue.bias(co));
                post.apply(y, yBase, win.outPlane(), co, co + 1, 0, win.outPlane());
            });
        }
    }

    /**
     * V[xi][ci][tile] for one channel. The padded plane is stored with each row's even columns then
     * its odd ones, so that column 2*tw + j of every tile in a row is a unit-stride vector load.
     */
    private static void inputTransform(float[] x, int plane, Window2d win, int tilesH, int tilesW, float[] v, int ci,
                                       int channels) {
        int rows = 2 * tilesH + 2;
        int half = tilesW + 1;
        int rowLen = 2 * half;
        float[] p = Scratch.get(Scratch.PLANE, rows * rowLen);
        for (int r = 0; r < rows; r++) {
            int ih = r - win.padTop();
            int base = r * rowLen;
            boolean inside = ih >= 0 && ih < win.inH();
            for (int col = 0; col < rowLen; col++) {
                int iw = col - win.padLeft();
                float val = inside && iw >= 0 && iw < win.inW() ? x[plane + ih * win.inW() + iw] : 0f;
                p[base + (col & 1) * half + (col >> 1)] = val;
            }
        }
        int tiles = tilesH * tilesW;
        int stride = channels * tiles; // distance between consecutive xi planes of V
        for (int th = 0; th < tilesH; th++) {
            int out = ci * tiles + th * tilesW;
            for (int tw = 0; tw < tilesW; tw += L) {
                VectorMask<Float> mask = S.indexInRange(tw, tilesW);
                int r0 = (2 * th) * rowLen + tw;
                // B^T d: row i of the tile is d[ra] + sign * d[rb]; then (B^T d) B along the columns.
                for (int i = 0; i < 4; i++) {
                    int ra = i == 0 ? 0 : i == 2 ? 2 : 1;
                    int rb = i == 0 ? 2 : i == 1 ? 2 : i == 2 ? 1 : 3;
                    float sign = i == 1 ? 1f : -1f;
                    int a = r0 + ra * rowLen;
                    int b = r0 + rb * rowLen;
                    FloatVector t0 = combine(p, a, b, sign, mask);
                    FloatVector t1 = combine(p, a + half, b + half, sign, mask);
                    FloatVector t2 = combine(p, a + 1, b + 1, sign, mask);
                    FloatVector t3 = combine(p, a + half + 1, b + half + 1, sign, mask);
                    int o = (4 * i) * stride + out + tw;
                    t0.sub(t2).intoArray(v, o, mask);
                    t1.add(t2).intoArray(v, o + stride, mask);
                    t2.sub(t1).intoArray(v, o + 2 * stride, mask);
                    t1.sub(t3).intoArray(v, o + 3 * stride, mask);
                }
            }
        }
    }

    /** p[a..] + sign * p[b..] over the masked lanes. */
    private static FloatVector combine(float[] p, int a, int b, float sign, VectorMask<Float> mask) {
        FloatVector va = FloatVector.fromArray(S, p, a, mask);
        FloatVector vb = FloatVector.fromArray(S, p, b, mask);
        return sign > 0 ? va.add(vb) : va.sub(vb);
    }

    /** Y tile (2x2) = A^T m A + bias for every tile of one output channel; A^T = [[1,1,1,0],[0,1,-1,-1]]. */
    private static void outputTransform(float[] prod, int co, int m, int tilesH, int tilesW, float[] y, int yPlane,
                                        Window2d win, float bias) {
        int tiles = tilesH * tilesW;
        int stride = m * tiles;
        int outW = win.outW();
        int outH = win.outH();
        float[] stage = ConvScratch.floats(ConvScratch.STAGE, 4 * L);
        for (int th = 0; th < tilesH; th++) {
            int base = co * tiles + th * tilesW;
            for (int tw = 0; tw < tilesW; tw += L) {
                VectorMask<Float> mask = S.indexInRange(tw, tilesW);
                int o = base + tw;
                FloatVector s00 = rowSum(prod, o, stride, mask);
                FloatVector s01 = rowSum(prod, o + stride, stride, mask);
                FloatVector s02 = rowSum(prod, o + 2 * stride, stride, mask);
                FloatVector s03 = rowSum(prod, o + 3 * stride, stride, mask);
                FloatVector s10 = rowDiff(prod, o, stride, mask);
                FloatVector s11 = rowDiff(prod, o + stride, stride, mask);
                FloatVector s12 = rowDiff(prod, o + 2 * stride, stride, mask);
                FloatVector s13 = rowDiff(prod, o + 3 * stride, stride, mask);
                s00.add(s01).add(s02).add(bias).intoArray(stage, 0);
                s01.sub(s02).sub(s03).add(bias).intoArray(stage, L);
                s10.add(s11).add(s12).add(bias).intoArray(stage, 2 * L);
                s11.sub(s12).sub(s13).add(bias).intoArray(stage, 3 * L);
                int lanes = Math.min(L, tilesW - tw);
                int oh = 2 * th;
                for (int l = 0; l < lanes; l++) {
                    int ow = 2 * (tw + l);
                    int row = yPlane + oh * outW + ow;
                    y[row] = stage[l];
                    if (ow + 1 < outW) {
                        y[row + 1] = stage[L + l];
                    }
                    if (oh + 1 < outH) {
                        y[row + outW] = stage[2 * L + l];
                        if (ow + 1 < outW) {
                            y[row + outW + 1] = stage[3 * L + l];
                        }
                    }
                }
            }
        }
    }

    /** m[0][j] + m[1][j] + m[2][j], the first row of A^T m, for the column j at {@code o}. */
    private static FloatVector rowSum(float[] prod, int o, int stride, VectorMask<Float> mask) {
        return FloatVector.fromArray(S, prod, o, mask).add(FloatVector.fromArray(S, prod, o + 4 * stride, mask))
                .add(FloatVector.fromArray(S, prod, o + 8 * stride, mask));
    }

    /** m[1][j] - m[2][j] - m[3][j], the second row of A^T m. */
    private static FloatVector rowDiff(float[] prod, int o, int stride, VectorMask<Float> mask) {
        return FloatVector.fromArray(S, prod, o + 4 * stride, mask).sub(FloatVector.fromArray(S, prod, o + 8 * stride, mask))
                .sub(FloatVector.fromArray(S, prod, o + 12 * stride, mask));
    }
}
