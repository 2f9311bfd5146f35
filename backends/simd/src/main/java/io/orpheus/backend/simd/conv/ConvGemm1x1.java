package io.orpheus.backend.simd.conv;

import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.gemm.GemmDriver;
import io.orpheus.backend.simd.gemm.Operand;
import io.orpheus.backend.simd.gemm.PackedMatrix;
import io.orpheus.backend.simd.gemm.RuntimePanels;

/**
 * A 1x1, stride 1, unpadded, ungrouped convolution is a plain product per image:
 * {@code Y[co, hw] = W[co, ci] x X[ci, hw]}, the NCHW input read in place as the B operand (no im2col),
 * W packed once at prepare time.
 */
public final class ConvGemm1x1 extends ConvOp<PackedMatrix> {

    public ConvGemm1x1(ConvVariant variant) {
        super(variant, "1x1", SimdOp.SPECIALISED + 10);
    }

    /** Its GEMM writes at any offset of the output array, so it can write a Concat's block directly. */
    @Override
    public boolean writesOutputSlices() {
        return true;
    }

    @Override
    protected Support accepts(ConvShape s) {
        if (s.kh() != 1 || s.kw() != 1) {
            return Support.no("kernel " + s.kh() + "x" + s.kw() + " is not 1x1");
        }
        if (s.window().sh != 1 || s.window().sw != 1) {
            return Support.no("stride " + s.window().sh + "x" + s.window().sw + " is not 1");
        }
        if (!s.window().explicitPadsZero()) {
            return Support.no("padded (pads or SAME auto_pad)");
        }
        if (s.group() != 1) {
            return Support.no("group " + s.group() + " is not 1");
        }
        return Support.yes("1x1 as a direct product");
    }

    @Override
    protected PackedMatrix prepareWeights(ConvShape s, float[] w) {
        return PackedMatrix.packA(new Operand(w, 0, s.cPerGroup(), 1), s.m(), s.cPerGroup(), 1f);
    }

    @Override
    protected void compute(KernelContext ctx, ConvShape s, Window2d win, int batch, float[] x, float[] y, int yOff,
                           PackedMatrix w, ConvEpilogue epilogue) {
        int plane = win.inPlane();
        int c = s.cPerGroup();
        for (int n = 0; n < batch; n++) {
            RuntimePanels b = RuntimePanels.b(new Operand(x, n * c * plane, 1, plane), plane, c);
            GemmDriver.multiply(ctx, w, b, y, yOff + n * s.m() * plane, plane, epilogue.init(0), epilogue.post());
        }
    }
}
