package io.orpheus.backend.simd.conv;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.gemm.GemmDriver;
import io.orpheus.backend.simd.gemm.Operand;
import io.orpheus.backend.simd.gemm.PackedMatrix;
import io.orpheus.backend.simd.gemm.RuntimePanels;
import io.orpheus.backend.simd.Vectors;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

/**
 * The general convolution: any kernel, stride, padding, dilation and grouping. Per image and group the
 * input windows are unrolled into a column matrix [C/g * kh * kw, outH * outW] (im2col) and multiplied
 * by the group's weights, packed once at prepare time. The column matrix lives in the calling thread's
 * scratch (reused between runs; to be replaced by planned buffers).
 */
public final class ConvIm2colGemm extends ConvOp<PackedMatrix[]> {

    /** Column rows unrolled per parallel task. */
    private static final int ROWS_PER_TASK = 16;
    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;
    /** Lanes 0, 2, 4, ... of two vectors side by side: source indexes past the first are exceptional (negative). */
    private static final VectorShuffle<Float> EVEN_LANES = VectorShuffle.fromOp(S, n -> 2 * n < L ? 2 * n : 2 * n - 2 * L);

    public ConvIm2colGemm(ConvVariant variant) {
        super(variant, "im2col", SimdOp.GENERAL);
    }

    /** Its GEMM writes at any offset of the output array, so it can write a Concat's block directly. */
    @Override
    public boolean writesOutputSlices() {
        return true;
    }

    @Override
    protected Support accepts(ConvShape s) {
        return Support.yes("general im2col + GEMM");
    }

    @Override
    protected PackedMatrix[] prepareWeights(ConvShape s, float[] w) {
        PackedMatrix[] groups = new PackedMatrix[s.group()];
        int depth = s.depth();
        int mg = s.mPerGroup();
        for (int g = 0; g < groups.length; g++) {
            groups[g] = PackedMatrix.packA(new Operand(w, g * mg * depth, depth, 1), mg, depth, 1f);
        }
        return groups;
    }

    @Override
    protected void compute(KernelContext ctx, ConvShape s, Window2d win, int batch, float[] x, float[] y, int yOff,
                           PackedMatrix[] w, ConvEpilogue epilogue) {
        int depth = s.depth();
        int outPlane = win.outPlane();
        int cg = s.cPerGroup();
        int mg = s.mPerGroup();
        float[] cols = Scratch.get(Scratch.STAGE, depth * outPlane);
        int tasks = (depth + ROWS_PER_TASK - 1) / ROWS_PER_TASK;
        for (int n = 0; n < batch; n++) {
            for (int g = 0; g < s.group(); g++) {
                int xBase = (n * s.group() + g) * cg * win.inPlane();
                if (tasks > 1 && ctx.threads() > 1) {
                    ctx.parallelFor(tasks, t -> unroll(x, xBase, win, s, cols, t * ROWS_PER_TASK,
                            Math.min(depth, (t + 1) * ROWS_PER_TASK)));
                } else {
                    unroll(x, xBase, win, s, cols, 0, depth);
                }
                RuntimePanels b = RuntimePanels.b(new Operand(cols, 0, 1, outPlane), outPlane, depth);
                GemmDriver.multiply(ctx, w[g], b, y, yOff + (n * s.m() + g * mg) * outPlane, outPlane, epilogue.init(g * mg),
                        epilogue.post());
            }
        }
    }

    /** Writes column rows {@code [r0, r1)}: row (c, i, j) holds input (c, oh*sh + i*dh - pt, ow*sw + j*dw - pl). */
    static void unroll(float[] x, int xBase, Window2d win, ConvShape s, float[] cols, int r0, int r1) {
        int kk = s.kh() * s.kw();
        int outW = win.outW();
        for (int r = r0; r < r1; r++) {
            int c = r / kk;
            int i = (r % kk) / s.kw();
            int j = r % s.kw();
            int plane = xBase + c * win.inPlane();
            int offW = j * win.dw() - win.padLeft();
            // output columns whose input column lies inside [0, inW)
            int owLo = Math.min(outW, Math.max(0, ceilDiv(-offW, win.sw())));
            int owHi = Math.max(owLo, Math.min(outW, ceilDiv(win.inW() - offW, win.sw())));
            int dst = r * win.outPlane();
            for (int oh = 0; oh < win.outH(); oh++, dst += outW) {
                int ih = oh * win.sh() + i * win.dh() - win.padTop();
                if (ih < 0 || ih >= win.inH()) {
                    Arrays.fill(cols, dst, dst + outW, 0f);
                    continue;
                }
                Arrays.fill(cols, dst, dst + owLo, 0f);
                int src = plane + ih * win.inW() + offW;
                if (win.sw() == 1) {
                    System.arraycopy(x, src + owLo, cols, dst + owLo, owHi - owLo);
                } else if (win.sw() == 2) {
                    everyOther(x, src, cols, dst, owLo, owHi);
                } else {
                    for (int ow = owLo; ow < owHi; ow++) {
                        cols[dst + ow] = x[src + ow * win.sw()];
                    }
                }
                Arrays.fill(cols, dst + owHi, dst + outW, 0f);
            }
        }
    }

    /**
     * cols[dst + ow] = x[src + 2 * ow] for ow in [lo, hi): two vector loads and one two-source shuffle
     * per {@code L} outputs (a stride-2 stem convolution unrolls millions of such elements).
     */
    private static void everyOther(float[] x, int src, float[] cols, int dst, int lo, int hi) {
        int ow = lo;
        for (; ow + L <= hi && src + 2 * ow + 2 * L <= x.length; ow += L) {
            FloatVector a = FloatVector.fromArray(S, x, src + 2 * ow);
            FloatVector b = FloatVector.fromArray(S, x, src + 2 * ow + L);
            a.rearrange(EVEN_LANES, b).intoArray(cols, dst + ow);
        }
        for (; ow < hi; ow++) {
            cols[dst + ow] = x[src + 2 * ow];
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
