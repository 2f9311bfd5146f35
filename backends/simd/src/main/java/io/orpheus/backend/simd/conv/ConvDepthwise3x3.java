package io.orpheus.backend.simd.conv;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Vectors;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.gemm.TileHook;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Depthwise 3x3 (group = C = M), stride 1 or 2 on each axis, any padding, undilated, with the fused
 * epilogue (bias first, residual and activation per plane): one plane per task, copied once into a
 * zero-bordered scratch plane so the nine taps are unconditional vector loads along the output row
 * (rows carry a vector of slack, so the last partial vector is masked only when stored). For stride 2
 * along the width each padded row is stored as its even columns then its odd ones, so taps 0, 1, 2
 * read unit-stride vectors at even[ow], odd[ow], even[ow + 1]. Dilated or other depthwise kernels go
 * to {@link ConvGroupedDirect}.
 */
public final class ConvDepthwise3x3 extends ConvOp<float[]> {

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;

    public ConvDepthwise3x3(ConvVariant variant) {
        super(variant, "depthwise3x3", SimdOp.SPECIALISED + 5);
    }

    @Override
    protected Support accepts(ConvShape s) {
        if (s.kh() != 3 || s.kw() != 3) {
            return Support.no("kernel " + s.kh() + "x" + s.kw() + " is not 3x3");
        }
        if (s.cPerGroup() != 1 || s.group() != s.m()) {
            return Support.no("not depthwise (group " + s.group() + ", " + s.m() + " filters of " + s.cPerGroup()
                    + " channels; needs group = C = M)");
        }
        int sh = s.window().sh;
        int sw = s.window().sw;
        if (sh > 2 || sw > 2) {
            return Support.no("stride " + sh + "x" + sw + " is not 1 or 2");
        }
        if (s.window().dh != 1 || s.window().dw != 1) {
            return Support.no("dilated");
        }
        return Support.yes("depthwise 3x3");
    }

    @Override
    protected float[] prepareWeights(ConvShape s, float[] w) {
        return w.clone();
    }

    @Override
    protected void compute(KernelContext ctx, ConvShape s, Window2d win, int batch, float[] x, float[] y, int yOff, float[] w,
                           ConvEpilogue epilogue) {
        int channels = s.m();
        // Without a residual the activation goes on each vector before its store; else it follows the
        // residual in a pass over the finished plane.
        boolean fused = epilogue.residual() == null;
        Activation act = fused ? epilogue.activation() : Activation.IDENTITY;
        TileHook post = fused ? TileHook.NONE : epilogue.post();
        int outPlane = win.outPlane();
        ctx.parallelFor(batch * channels, task -> {
            int c = task % channels;
            plane(x, task * win.inPlane(), win, w, c * 9, epilogue.bias(c), act, y, task * outPlane);
            post.apply(y, task * outPlane, outPlane, 0, 1, 0, outPlane);
        });
    }

    private static void plane(float[] x, int xOff, Window2d win, float[] w, int wOff, float bias, Activation act,
                              float[] y, int yOff) {
        int outH = win.outH();
        int outW = win.outW();
        if (outH == 0 || outW == 0) {
            return;
        }
        int sh = win.sh();
        int sw = win.sw();
        int rows = (outH - 1) * sh + 3;
        int cols = (outW - 1) * sw + 3;
        // Each row (each phase for stride 2) carries a vector of slack, so the last, partial output
        // vector loads without a mask and only its store is masked. Stride 2: even columns [0, half),
        // odd columns [half, 2 * half).
        int half = sw == 2 ? outW + 1 + L : 0;
        int rowLen = sw == 2 ? 2 * half : cols + L;
        float[] p = Scratch.get(Scratch.PLANE, rows * rowLen);
        // input columns [iwLo, iwHi) land inside the padded row, at padded column iw + padLeft
        int iwLo = Math.max(0, -win.padLeft());
        int iwHi = Math.min(win.inW(), cols - win.padLeft());
        for (int r = 0; r < rows; r++) {
            int ih = r - win.padTop();
            int base = r * rowLen;
            Arrays.fill(p, base, base + rowLen, 0f);
            if (ih < 0 || ih >= win.inH() || iwLo >= iwHi) {
                continue;
            }
            int src = xOff + ih * win.inW();
            if (sw == 1) {
                System.arraycopy(x, src + iwLo, p, base + iwLo + win.padLeft(), iwHi - iwLo);
            } else {
                for (int iw = iwLo; iw < iwHi; iw++) {
                    int col = iw + win.padLeft();
                    p[base + (col & 1) * half + (col >> 1)] = x[src + iw];
                }
            }
        }
        int t1 = sw == 2 ? half : 1;
        int t2 = 1 + (sw == 2 ? 0 : 1);
        FloatVector v00 = FloatVector.broadcast(S, w[wOff]), v01 = FloatVector.broadcast(S, w[wOff + 1]);
        FloatVector v02 = FloatVector.broadcast(S, w[wOff + 2]), v10 = FloatVector.broadcast(S, w[wOff + 3]);
        FloatVector v11 = FloatVector.broadcast(S, w[wOff + 4]), v12 = FloatVector.broadcast(S, w[wOff + 5]);
        FloatVector v20 = FloatVector.broadcast(S, w[wOff + 6]), v21 = FloatVector.broadcast(S, w[wOff + 7]);
        FloatVector v22 = FloatVector.broadcast(S, w[wOff + 8]);
        for (int oh = 0; oh < outH; oh++) {
            int r0 = oh * sh * rowLen;
            int r1 = r0 + rowLen;
            int r2 = r1 + rowLen;
            int out = yOff + oh * outW;
            for (int ow = 0; ow < outW; ow += L) {
                // one chain per kernel row, summed at the end: a third of the dependent FMAs
                FloatVector a0 = FloatVector.fromArray(S, p, r0 + ow).fma(v00, FloatVector.broadcast(S, bias));
                FloatVector a1 = FloatVector.fromArray(S, p, r1 + ow).mul(v10);
                FloatVector a2 = FloatVector.fromArray(S, p, r2 + ow).mul(v20);
                a0 = FloatVector.fromArray(S, p, r0 + ow + t1).fma(v01, a0);
                a1 = FloatVector.fromArray(S, p, r1 + ow + t1).fma(v11, a1);
                a2 = FloatVector.fromArray(S, p, r2 + ow + t1).fma(v21, a2);
                a0 = FloatVector.fromArray(S, p, r0 + ow + t2).fma(v02, a0);
                a1 = FloatVector.fromArray(S, p, r1 + ow + t2).fma(v12, a1);
                a2 = FloatVector.fromArray(S, p, r2 + ow + t2).fma(v22, a2);
                FloatVector acc = act.apply(a0.add(a1).add(a2));
                if (ow + L <= outW) {
                    acc.intoArray(y, out + ow);
                } else {
                    acc.intoArray(y, out + ow, S.indexInRange(ow, outW));
                }
            }
        }
    }
}
