package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.WindowSpec;
import java.util.Arrays;
import java.util.Locale;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * BlockedMaxPool, BlockedAveragePool and BlockedGlobalAveragePool on NCHW16c: a pixel's 16 channels
 * are one vector, so every window tap is one vector load and max or add, for any kernel, stride,
 * padding, dilation (max) and ceil_mode. Tasks are (output row, image x channel block), row-major; the
 * global pool's are (image, channel block).
 */
final class BlockedPoolOp extends SimdOp {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int B = NchwcOps.BLOCK;

    /** The pools. */
    enum Kind { MAX, AVERAGE, GLOBAL_AVERAGE }

    private final Kind kind;

    BlockedPoolOp(Kind kind) {
        super(opType(kind), "simd.blocked." + kind.name().toLowerCase(Locale.ROOT).replace('_', '-') + "pool",
                SimdOp.SPECIALISED);
        this.kind = kind;
    }

    private static String opType(Kind kind) {
        return switch (kind) {
            case MAX -> "BlockedMaxPool";
            case AVERAGE -> "BlockedAveragePool";
            case GLOBAL_AVERAGE -> "BlockedGlobalAveragePool";
        };
    }

    @Override
    public String domain() {
        return NchwcOps.DOMAIN;
    }

    @Override
    protected Support check(NodeContext node) {
        Support f = Checks.floatInputs(node, 0);
        if (!f.supported()) {
            return f;
        }
        if (!NchwcOps.vectorsFitTheBlock()) {
            return Support.no("needs 16-lane float vectors for 16-channel blocks");
        }
        if (node.node().attrInt("block", B) != B) {
            return Support.no("block " + node.node().attrInt("block", B) + "; only " + B);
        }
        int r = Checks.rank(node, 0);
        if (r != -1 && r != 5) {
            return Support.no("input of rank " + r + "; blocked tensors have rank 5");
        }
        if (kind != Kind.GLOBAL_AVERAGE) {
            WindowSpec w = WindowSpec.of(node.node(), null);
            if (kind == Kind.AVERAGE && (w.dh != 1 || w.dw != 1)) {
                return Support.no("dilated AveragePool");
            }
        }
        return Support.yes();
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        if (kind == Kind.GLOBAL_AVERAGE) {
            return ctx -> global(node, ctx);
        }
        WindowSpec spec = WindowSpec.of(node.node(), null);
        boolean ceil = node.node().attrInt("ceil_mode", 0) != 0;
        boolean includePad = node.node().attrInt("count_include_pad", 0) != 0;
        Taps taps = new Taps();
        return ctx -> window(node, ctx, spec, ceil, includePad, taps);
    }

    /**
     * The input offset of each window tap (kernel row, column) from the window's top-left, row-major; a
     * kernel keeps the last list, which changes only with the input's width.
     */
    private static final class Taps {

        private record Offsets(int inW, int[] offsets) {
        }

        private volatile Offsets last;

        int[] of(Window2d win) {
            Offsets o = last;
            if (o == null || o.inW() != win.inW()) {
                int[] t = new int[win.kh() * win.kw()];
                for (int i = 0; i < win.kh(); i++) {
                    for (int j = 0; j < win.kw(); j++) {
                        t[i * win.kw() + j] = (i * win.dh() * win.inW() + j * win.dw()) * B;
                    }
                }
                o = new Offsets(win.inW(), t);
                last = o;
            }
            return o.offsets();
        }
    }

    private Tensor blockedInput(NodeContext node, KernelContext ctx) {
        Tensor x = ctx.input(0).toHeap();
        if (x.rank() != 5 || x.dim(4) != B) {
            throw fail(node, "input " + Arrays.toString(x.shape()) + " is not [N, C/16, H, W, 16]");
        }
        return x;
    }

    private void global(NodeContext node, KernelContext ctx) {
        Tensor x = blockedInput(node, ctx);
        int plane = x.dim(2) * x.dim(3);
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.dim(0), x.dim(1), 1, 1, B);
        float[] in = x.floats();
        float[] out = y.floats();
        float scale = 1f / plane;
        ctx.parallelFor(x.dim(0) * x.dim(1), t -> {
            int base = t * plane * B;
            FloatVector sum = FloatVector.zero(S);
            for (int p = 0; p < plane; p++) {
                sum = sum.add(FloatVector.fromArray(S, in, base + p * B));
            }
            sum.mul(scale).intoArray(out, t * B);
        });
    }

    private void window(NodeContext node, KernelContext ctx, WindowSpec spec, boolean ceil, boolean includePad,
                        Taps tapCache) {
        Tensor x = blockedInput(node, ctx);
        Window2d win;
        try {
            win = spec.resolve(x.dim(2), x.dim(3), ceil);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        if (win.outH() < 1 || win.outW() < 1) {
            throw fail(node, "the window does not fit the input " + Arrays.toString(x.shape()));
        }
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, x.dim(0), x.dim(1), win.outH(), win.outW(), B);
        float[] in = x.floats();
        float[] out = y.floats();
        int planes = x.dim(0) * x.dim(1);
        int[] taps = tapCache.of(win);
        // row-major tasks: each worker's contiguous share is a band of rows across all planes, the rows
        // the next layer's share reads (see the worker pool's shares)
        ctx.parallelFor(planes * win.outH(), t -> row(in, out, win, taps, t % planes, t / planes, includePad));
    }

    /**
     * Output row {@code oh} of plane (image, block) {@code plane}. The kernel rows inside the input are
     * found once per row, the columns whose windows lie inside the input's width once per row too; those
     * interior pixels go four at a time over the taps list (four independent chains of max or add), and
     * only the border pixels find their columns inside the input each. The output never aliases the input.
     */
    private void row(float[] in, float[] out, Window2d win, int[] taps, int plane, int oh, boolean includePad) {
        int kw = win.kw();
        int outW = win.outW();
        int inBase = plane * win.inPlane() * B;
        int outRow = (plane * win.outH() + oh) * outW * B;
        int top = oh * win.sh() - win.padTop();
        int i0 = Window2d.firstTapInside(top, win.dh());
        int i1 = Math.max(i0, Window2d.endTapInside(top, win.dh(), win.kh(), win.inH()));
        int rowsPadded = 0;
        for (int i = 0; i < win.kh(); i++) {
            rowsPadded += top + i * win.dh() < win.inH() + win.padBottom() ? 1 : 0;
        }
        // the window's top-left in the input, before the first row's offset: taps from row i0 on stay inside
        int rowBase = inBase + top * win.inW() * B;
        int t0 = i0 * kw;
        int t1 = i1 * kw;
        int lo = win.interiorColumnsFrom();
        int hi = win.interiorColumnsTo();
        float interiorScale = 1f / (includePad ? rowsPadded * kw : (i1 - i0) * kw);
        int step = win.sw() * B;
        for (int ow = 0; ow < lo; ow++) {
            border(in, out, win, taps, rowBase, i0, i1, rowsPadded, ow, outRow + ow * B, includePad);
        }
        int ow = lo;
        // fours, the last shifted back over pixels already written when fewer are left (it writes the same
        // values again: the output is not the input), so that only rows narrower than 4 go one by one
        while (ow < hi && hi - lo >= 4) {
            int at = Math.min(ow, hi - 4);
            int p = rowBase + (at * win.sw() - win.padLeft()) * B;
            if (kind == Kind.MAX) {
                maxQuad(in, out, taps, t0, t1, p, step, outRow + at * B);
            } else {
                averageQuad(in, out, taps, t0, t1, p, step, outRow + at * B, interiorScale);
            }
            ow = at + 4;
        }
        for (; ow < hi; ow++) {
            int p = rowBase + (ow * win.sw() - win.padLeft()) * B;
            if (kind == Kind.MAX) {
                maxPixel(in, out, taps, t0, t1, 0, kw, kw, p, outRow + ow * B);
            } else {
                averagePixel(in, out, taps, t0, t1, 0, kw, kw, p, outRow + ow * B, interiorScale);
            }
        }
        for (ow = hi; ow < outW; ow++) {
            border(in, out, win, taps, rowBase, i0, i1, rowsPadded, ow, outRow + ow * B, includePad);
        }
    }

    /** A pixel whose window reaches past the input's left or right edge: only its columns inside are read. */
    private void border(float[] in, float[] out, Window2d win, int[] taps, int rowBase, int i0, int i1, int rowsPadded,
                        int ow, int yAt, boolean includePad) {
        int kw = win.kw();
        int left = ow * win.sw() - win.padLeft();
        int j0 = Window2d.firstTapInside(left, win.dw());
        int j1 = Math.max(j0, Window2d.endTapInside(left, win.dw(), kw, win.inW()));
        int colsPadded = 0;
        for (int j = 0; j < kw; j++) {
            colsPadded += left + j * win.dw() < win.inW() + win.padRight() ? 1 : 0;
        }
        int p = rowBase + left * B;
        if (kind == Kind.MAX) {
            maxPixel(in, out, taps, i0 * kw, i1 * kw, j0, j1, kw, p, yAt);
        } else {
            float scale = 1f / (includePad ? rowsPadded * colsPadded : (i1 - i0) * (j1 - j0));
            averagePixel(in, out, taps, i0 * kw, i1 * kw, j0, j1, kw, p, yAt, scale);
        }
    }

    /*
     * Max and average each have their own methods, with no branch on the kind between vector operations:
     * where two vector values met after such a branch, C2 kept the vectors as heap objects, and a 17-wide
     * row of average pooling took 66 cycles per output vector.
     */

    /** One pixel over the taps of kernel rows {@code [t0 / kw, t1 / kw)} and columns {@code [j0, j1)}. */
    private static void maxPixel(float[] in, float[] out, int[] taps, int t0, int t1, int j0, int j1, int kw, int p,
                                 int yAt) {
        FloatVector acc = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int r = t0; r < t1; r += kw) {
            for (int j = j0; j < j1; j++) {
                acc = acc.max(FloatVector.fromArray(S, in, p + taps[r + j]));
            }
        }
        acc.intoArray(out, yAt);
    }

    /** As {@link #maxPixel}, summing; times {@code scale} (1 / count; no tap inside divides by zero, NaN). */
    private static void averagePixel(float[] in, float[] out, int[] taps, int t0, int t1, int j0, int j1, int kw, int p,
                                     int yAt, float scale) {
        FloatVector acc = FloatVector.zero(S);
        for (int r = t0; r < t1; r += kw) {
            for (int j = j0; j < j1; j++) {
                acc = acc.add(FloatVector.fromArray(S, in, p + taps[r + j]));
            }
        }
        acc.mul(scale).intoArray(out, yAt);
    }

    private static void maxQuad(float[] in, float[] out, int[] taps, int t0, int t1, int p, int step, int yAt) {
        FloatVector a0 = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int t = t0; t < t1; t++) {
            int q = p + taps[t];
            a0 = a0.max(FloatVector.fromArray(S, in, q));
            a1 = a1.max(FloatVector.fromArray(S, in, q + step));
            a2 = a2.max(FloatVector.fromArray(S, in, q + 2 * step));
            a3 = a3.max(FloatVector.fromArray(S, in, q + 3 * step));
        }
        a0.intoArray(out, yAt);
        a1.intoArray(out, yAt + B);
        a2.intoArray(out, yAt + 2 * B);
        a3.intoArray(out, yAt + 3 * B);
    }

    private static void averageQuad(float[] in, float[] out, int[] taps, int t0, int t1, int p, int step, int yAt,
                                    float scale) {
        FloatVector a0 = FloatVector.zero(S);
        FloatVector a1 = a0;
        FloatVector a2 = a0;
        FloatVector a3 = a0;
        for (int t = t0; t < t1; t++) {
            int q = p + taps[t];
            a0 = a0.add(FloatVector.fromArray(S, in, q));
            a1 = a1.add(FloatVector.fromArray(S, in, q + step));
            a2 = a2.add(FloatVector.fromArray(S, in, q + 2 * step));
            a3 = a3.add(FloatVector.fromArray(S, in, q + 3 * step));
        }
        a0.mul(scale).intoArray(out, yAt);
        a1.mul(scale).intoArray(out, yAt + B);
        a2.mul(scale).intoArray(out, yAt + 2 * B);
        a3.mul(scale).intoArray(out, yAt + 3 * B);
    }
}
