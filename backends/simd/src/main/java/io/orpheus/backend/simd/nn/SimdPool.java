package io.orpheus.backend.simd.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.Scratch;
import io.orpheus.backend.simd.Vectors;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.WindowSpec;
import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2-D MaxPool (with dilations) and AveragePool (count_include_pad), any kernel, stride and padding,
 * ceil_mode; one plane per task, vectorised along output rows (see {@link #plane}).
 */
public final class SimdPool extends SimdOp {

    private static final VectorSpecies<Float> S = Vectors.F;
    private static final int L = Vectors.LANES;
    private static final VectorSpecies<Integer> I = IntVector.SPECIES_512;
    /** Lane selections 0, 2, ..., 30: every other element of two vectors. */
    private static final int[] EVEN_LANES = new int[16];

    static {
        for (int j = 0; j < EVEN_LANES.length; j++) {
            EVEN_LANES[j] = 2 * j;
        }
    }

    private final boolean max;

    public SimdPool(boolean max) {
        super(max ? "MaxPool" : "AveragePool", max ? "simd.maxpool" : "simd.averagepool", SimdOp.GENERAL);
        this.max = max;
    }

    @Override
    protected Support check(NodeContext node) {
        Support f = Checks.floatInputs(node, 0);
        if (!f.supported()) {
            return f;
        }
        int r = Checks.rank(node, 0);
        if (r != 4) {
            return Support.no(r == -1 ? "input rank unknown" : "input of rank " + r + ": only 2-D pooling");
        }
        if (max && Checks.outputWanted(node, 1)) {
            return Support.no("the Indices output is requested");
        }
        WindowSpec w = WindowSpec.of(node.node(), null);
        if (!max && (w.dh != 1 || w.dw != 1)) {
            return Support.no("dilated AveragePool");
        }
        return Support.yes();
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        WindowSpec spec = WindowSpec.of(node.node(), null);
        boolean ceil = node.node().attrInt("ceil_mode", 0) != 0;
        boolean includePad = node.node().attrInt("count_include_pad", 0) != 0;
        return ctx -> run(node, ctx, spec, ceil, includePad);
    }

    private void run(NodeContext node, KernelContext ctx, WindowSpec spec, boolean ceil, boolean includePad) {
        Tensor x = ctx.input(0).toHeap();
        if (x.rank() != 4) {
            throw fail(node, "input " + Arrays.toString(x.shape()) + " is not NCHW");
        }
        Window2d win;
        try {
            win = spec.resolve(x.dim(2), x.dim(3), ceil);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.dim(0), x.dim(1), win.outH(), win.outW());
        float[] in = x.floats();
        float[] out = y.floats();
        int[] rows = ranges(win.outH(), win.sh(), win.dh(), win.kh(), win.padTop(), win.inH(), win.padBottom());
        int[] cols = ranges(win.outW(), win.sw(), win.dw(), win.kw(), win.padLeft(), win.inW(), win.padRight());
        ctx.parallelFor(x.dim(0) * x.dim(1), plane -> {
            int src = plane * win.inPlane();
            int dst = plane * win.outPlane();
            plane(in, src, out, dst, win, rows, cols, max, includePad);
        });
    }

    /**
     * Per output position along one axis: {taps inside the input, taps inside the padded extent}
     * (taps step by the dilation); the average's divisor is the product of a row's and a column's count.
     */
    private static int[] ranges(int out, int stride, int dilation, int k, int padBegin, int in, int padEnd) {
        int[] r = new int[2 * out];
        for (int o = 0; o < out; o++) {
            int start = o * stride - padBegin;
            int inside = 0;
            int padded = 0;
            for (int t = 0; t < k; t++) {
                int i = start + t * dilation;
                if (i >= 0 && i < in) {
                    inside++;
                }
                if (i >= -padBegin && i < in + padEnd) {
                    padded++;
                }
            }
            r[2 * o] = inside;
            r[2 * o + 1] = padded;
        }
        return r;
    }

    /**
     * One plane, vectorised along the output row. The plane is copied once into scratch with its
     * padding filled (-inf for max, 0 for average) and each padded row split into {@code sw} column
     * phases, column c at phase c % sw, index c / sw: tap (i, j) of outputs ow..ow+L-1 is then one
     * unit-stride vector load at phase (j * dw) % sw, index ow + (j * dw) / sw, for any stride and
     * dilation. The average's divisor is a product of a row and a column count, taken per output from
     * two small tables.
     */
    private static void plane(float[] in, int src, float[] out, int dst, Window2d win, int[] rows, int[] cols,
                              boolean max, boolean includePad) {
        int outH = win.outH();
        int outW = win.outW();
        if (outH == 0 || outW == 0) {
            return;
        }
        int sw = win.sw();
        int padRows = (outH - 1) * win.sh() + (win.kh() - 1) * win.dh() + 1;
        int padCols = (outW - 1) * sw + (win.kw() - 1) * win.dw() + 1;
        int phaseLen = outW + ((win.kw() - 1) * win.dw()) / sw + 1;
        int rowLen = sw * phaseLen;
        float fill = max ? Float.NEGATIVE_INFINITY : 0f;
        float[] p = Scratch.get(Scratch.PLANE, padRows * rowLen);
        for (int r = 0; r < padRows; r++) {
            int ih = r - win.padTop();
            int base = r * rowLen;
            if (ih < 0 || ih >= win.inH()) {
                Arrays.fill(p, base, base + rowLen, fill);
                continue;
            }
            int srcRow = src + ih * win.inW() - win.padLeft();
            int validEnd = Math.min(padCols, win.inW() + win.padLeft()); // columns [padLeft, validEnd) hold input
            for (int q = 0; q < sw; q++) {
                int dstPhase = base + q * phaseLen;
                // indices whose column q + idx * sw lies in [padLeft, validEnd): the rest is padding
                int lo = Math.min(phaseLen, Math.max(0, ceilDiv(win.padLeft() - q, sw)));
                int hi = Math.max(lo, Math.min(phaseLen, ceilDiv(validEnd - q, sw)));
                Arrays.fill(p, dstPhase, dstPhase + lo, fill);
                if (sw == 1) {
                    System.arraycopy(in, srcRow + q + lo, p, dstPhase + lo, hi - lo);
                } else {
                    int idx = lo;
                    int at = srcRow + q + lo * sw;
                    if (sw == 2 && L == EVEN_LANES.length) {
                        // the even lanes of 32 consecutive inputs, one two-table select (int lanes: one
                        // permute; the float form is not yet compiled to one)
                        IntVector even = IntVector.fromArray(I, EVEN_LANES, 0);
                        for (; idx + L <= hi && at + 2 * L <= in.length; idx += L, at += 2 * L) {
                            even.selectFrom(FloatVector.fromArray(S, in, at).reinterpretAsInts(),
                                    FloatVector.fromArray(S, in, at + L).reinterpretAsInts())
                                    .reinterpretAsFloats().intoArray(p, dstPhase + idx);
                        }
                    }
                    for (; idx < hi; idx++, at += sw) {
                        p[dstPhase + idx] = in[at];
                    }
                }
                Arrays.fill(p, dstPhase + hi, dstPhase + phaseLen, fill);
            }
        }
        int[] tapOffset = new int[win.kw()];
        for (int j = 0; j < win.kw(); j++) {
            int c = j * win.dw();
            tapOffset[j] = (c % sw) * phaseLen + c / sw;
        }
        float[] colScale = max ? null : new float[outW];
        if (!max) {
            for (int ow = 0; ow < outW; ow++) {
                colScale[ow] = includePad ? cols[2 * ow + 1] : cols[2 * ow];
            }
        }
        if (max) {
            maxRows(p, out, dst, win, rowLen, tapOffset);
        } else {
            averageRows(p, out, dst, win, rowLen, tapOffset, rows, colScale, includePad);
        }
    }

    /*
     * Two accumulators per output vector, taking alternate taps: each max or add waits on the one before it
     * in its chain, and the max of Java's semantics (NaN and signed zeros) is several instructions long. A
     * 3x3 stride-2 MaxPool of 64 planes of 112 x 112 went from 1.17 to 0.56-0.74 ms with this and the
     * vectorised stride-2 copy above. Max and average are two methods, not a flag in one loop nest, so that
     * each compiles to its own loop and no vector is passed to a helper the JIT may not inline.
     */
    private static void maxRows(float[] p, float[] out, int dst, Window2d win, int rowLen, int[] tapOffset) {
        int outW = win.outW();
        int full = outW - outW % L;
        int kw = tapOffset.length;
        int kwPairs = kw - kw % 2;
        for (int oh = 0; oh < win.outH(); oh++) {
            int row0 = oh * win.sh() * rowLen;
            int o = dst + oh * outW;
            for (int ow = 0; ow < full; ow += L) {
                FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                FloatVector acc2 = acc;
                for (int i = 0; i < win.kh(); i++) {
                    int rowBase = row0 + i * win.dh() * rowLen + ow;
                    int j = 0;
                    for (; j < kwPairs; j += 2) {
                        acc = acc.max(FloatVector.fromArray(S, p, rowBase + tapOffset[j]));
                        acc2 = acc2.max(FloatVector.fromArray(S, p, rowBase + tapOffset[j + 1]));
                    }
                    if (j < kw) {
                        acc = acc.max(FloatVector.fromArray(S, p, rowBase + tapOffset[j]));
                    }
                }
                acc.max(acc2).intoArray(out, o + ow);
            }
            if (full < outW) {
                VectorMask<Float> m = S.indexInRange(full, outW);
                FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
                for (int i = 0; i < win.kh(); i++) {
                    int rowBase = row0 + i * win.dh() * rowLen + full;
                    for (int j = 0; j < kw; j++) {
                        acc = acc.max(FloatVector.fromArray(S, p, rowBase + tapOffset[j], m));
                    }
                }
                acc.intoArray(out, o + full, m);
            }
        }
    }

    private static void averageRows(float[] p, float[] out, int dst, Window2d win, int rowLen, int[] tapOffset,
                                    int[] rows, float[] colScale, boolean includePad) {
        int outW = win.outW();
        int full = outW - outW % L;
        int kw = tapOffset.length;
        int kwPairs = kw - kw % 2;
        for (int oh = 0; oh < win.outH(); oh++) {
            int row0 = oh * win.sh() * rowLen;
            float rowCount = includePad ? rows[2 * oh + 1] : rows[2 * oh];
            int o = dst + oh * outW;
            for (int ow = 0; ow < full; ow += L) {
                FloatVector acc = FloatVector.zero(S);
                FloatVector acc2 = acc;
                for (int i = 0; i < win.kh(); i++) {
                    int rowBase = row0 + i * win.dh() * rowLen + ow;
                    int j = 0;
                    for (; j < kwPairs; j += 2) {
                        acc = acc.add(FloatVector.fromArray(S, p, rowBase + tapOffset[j]));
                        acc2 = acc2.add(FloatVector.fromArray(S, p, rowBase + tapOffset[j + 1]));
                    }
                    if (j < kw) {
                        acc = acc.add(FloatVector.fromArray(S, p, rowBase + tapOffset[j]));
                    }
                }
                acc.add(acc2).div(FloatVector.fromArray(S, colScale, ow).mul(rowCount)).intoArray(out, o + ow);
            }
            if (full < outW) {
                VectorMask<Float> m = S.indexInRange(full, outW);
                FloatVector acc = FloatVector.zero(S);
                for (int i = 0; i < win.kh(); i++) {
                    int rowBase = row0 + i * win.dh() * rowLen + full;
                    for (int j = 0; j < kw; j++) {
                        acc = acc.add(FloatVector.fromArray(S, p, rowBase + tapOffset[j], m));
                    }
                }
                acc.div(FloatVector.fromArray(S, colScale, full, m).mul(rowCount)).intoArray(out, o + full, m);
            }
        }
    }

    private static int ceilDiv(int a, int b) {
        return -Math.floorDiv(-a, b);
    }
}
