package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.HeapAlignment;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.AlignedFloats;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.Scratch;
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
 * padding, dilation (max) and ceil_mode. Tasks are (band of output rows, image x channel block), band-major;
 * the global pool's are (image, channel block).
 */
final class BlockedPoolOp extends SimdOp {

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_512;
    private static final int B = NchwcOps.BLOCK;
    /** Parallel tasks per worker, so that uneven rows balance. */
    private static final int TASKS_PER_THREAD = 6;

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

    /** Array offsets are honoured, so the runtime may write the output straight into a Concat's output. */
    @Override
    public boolean writesOutputSlices() {
        return true;
    }

    /** X is read from its array offset, so the runtime may align it (see {@code HeapAlignment}). */
    @Override
    public boolean readsInputSlices() {
        return true;
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
        ColumnCounts counts = new ColumnCounts();
        return ctx -> window(node, ctx, spec, ceil, includePad, counts);
    }

    /**
     * Per output column, how many of its window's columns the average divides by: those inside the
     * input, or (count_include_pad) those inside the padded extent. A kernel keeps the last lists,
     * which change only with the window's geometry.
     */
    private static final class ColumnCounts {

        /** The counts and their reciprocals: a multiply per output vector instead of a division (10% faster). */
        private record Counts(Window2d win, int[] inside, int[] padded, float[] insideInverse, float[] paddedInverse) {
        }

        private volatile Counts last;

        Counts of(Window2d win) {
            Counts c = last;
            if (c == null || !c.win().equals(win)) {
                int[] inside = new int[win.outW()];
                int[] padded = new int[win.outW()];
                for (int ow = 0; ow < win.outW(); ow++) {
                    int left = ow * win.sw() - win.padLeft();
                    for (int j = 0; j < win.kw(); j++) {
                        int col = left + j * win.dw();
                        inside[ow] += col >= 0 && col < win.inW() ? 1 : 0;
                        padded[ow] += col < win.inW() + win.padRight() ? 1 : 0;
                    }
                }
                float[] insideInverse = new float[win.outW()];
                float[] paddedInverse = new float[win.outW()];
                for (int ow = 0; ow < win.outW(); ow++) {
                    insideInverse[ow] = 1f / inside[ow];
                    paddedInverse[ow] = 1f / padded[ow];
                }
                c = new Counts(win, inside, padded, insideInverse, paddedInverse);
                last = c;
            }
            return c;
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
        int inOffset = x.arrayOffset();
        int outOffset = y.arrayOffset();
        float scale = 1f / plane;
        ctx.parallelFor(x.dim(0) * x.dim(1), t -> {
            int base = inOffset + t * plane * B;
            FloatVector sum = FloatVector.zero(S);
            for (int p = 0; p < plane; p++) {
                sum = sum.add(FloatVector.fromArray(S, in, base + p * B));
            }
            sum.mul(scale).intoArray(out, outOffset + t * B);
        });
    }

    private void window(NodeContext node, KernelContext ctx, WindowSpec spec, boolean ceil, boolean includePad,
                        ColumnCounts counts) {
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
        run(ctx, new Planes(x.floats(), x.arrayOffset(), y.floats(), y.arrayOffset()), x.dim(0) * x.dim(1), win,
                includePad, counts.of(win));
    }

    /**
     * Pools {@code planes} blocked planes. Each output row is two passes over a row of column vectors:
     * down the kernel rows inside the input, one vector per input column (the padding's columns and any
     * past the input are the identity: -inf, or 0 for sums), then along each output pixel's kernel
     * columns. The window's padding and borders need no case of their own, and a 3x3 window costs 2 + 2
     * operations per output vector instead of 8. Three kernel rows and three columns run unrolled. One
     * thread, per output vector: Inception's 768-channel 17x17 average pool 8.2-11.1 -> 5.7-7.4 ns, the
     * 192-channel 35x35 one 10.2-11.1 -> 4.9-6.5 ns; its pools summed in the network 1.9-2.3 -> 1.4-1.6 ms.
     */
    private void run(KernelContext ctx, Planes io, int planes, Window2d win, boolean includePad,
                     ColumnCounts.Counts counts) {
        int outH = win.outH();
        Bands bands = Bands.of(outH, planes, ctx.threads(), TASKS_PER_THREAD);
        // band-major tasks: each worker's contiguous share is a band of rows across all planes, the rows the
        // next layer's share reads (see the worker pool's shares). Within a task one plane's rows follow each
        // other, so the input rows two windows share are still in L1: a task per row, plane after plane, read
        // them again from L2 or L3 (Inception-v3's pools at one thread, in the network: 1.61 -> 1.06 ms)
        ctx.parallelFor(planes * bands.count(), t -> {
            int plane = t % planes;
            int r0 = bands.start(t / planes);
            int r1 = bands.end(t / planes);
            for (int oh = r0; oh < r1; oh++) {
                if (kind == Kind.MAX) {
                    maxRow(io, win, plane, oh);
                } else {
                    averageRow(io, win, plane, oh, includePad, counts);
                }
            }
        });
    }

    /**
     * A pool's input and output arrays and where each tensor starts in its own (the output may be a block
     * of a Concat's output).
     */
    private record Planes(float[] in, int inOffset, float[] out, int outOffset) {
    }

    /** Vectors of the row of column reductions: every column the windows of a row read, padding included. */
    private static int columns(Window2d win) {
        return (win.outW() - 1) * win.sw() + (win.kw() - 1) * win.dw() + 1;
    }

    /*
     * Max and average each have their own methods, with no branch on the kind between vector operations:
     * where two vector values met after such a branch, C2 kept the vectors as heap objects, and a 17-wide
     * row of average pooling took 66 cycles per output vector.
     */

    private static void maxRow(Planes io, Window2d win, int plane, int oh) {
        float[] in = io.in();
        float[] out = io.out();
        int top = oh * win.sh() - win.padTop();
        int i0 = Window2d.firstTapInside(top, win.dh());
        int i1 = Math.max(i0, Window2d.endTapInside(top, win.dh(), win.kh(), win.inH()));
        int n = columns(win);
        float[] col = Scratch.get(Scratch.STAGE, n * B + AlignedFloats.SLACK);
        // the column vectors on cache lines where the scratch lies now: Inception-v3's average pools took
        // x0.88-0.96 the time against them 8 bytes off (one session, toggled run by run)
        int c0 = HeapAlignment.floatsToBoundary(col);
        int rowStride = win.inW() * B;
        int step = win.dh() * rowStride;
        int e0 = Math.min(n, win.padLeft());
        int e1 = Math.max(e0, Math.min(n, win.padLeft() + win.inW()));
        FloatVector identity = FloatVector.broadcast(S, Float.NEGATIVE_INFINITY);
        for (int e = 0; e < e0; e++) {
            identity.intoArray(col, c0 + e * B);
        }
        int p = io.inOffset() + (plane * win.inH() + top + i0 * win.dh()) * rowStride + (e0 - win.padLeft()) * B;
        if (i1 - i0 == 3) {
            for (int e = e0; e < e1; e++, p += B) {
                FloatVector.fromArray(S, in, p).max(FloatVector.fromArray(S, in, p + step))
                        .max(FloatVector.fromArray(S, in, p + 2 * step)).intoArray(col, c0 + e * B);
            }
        } else {
            for (int e = e0; e < e1; e++, p += B) {
                FloatVector acc = identity;
                for (int i = i0, q = p; i < i1; i++, q += step) {
                    acc = acc.max(FloatVector.fromArray(S, in, q));
                }
                acc.intoArray(col, c0 + e * B);
            }
        }
        for (int e = e1; e < n; e++) {
            identity.intoArray(col, c0 + e * B);
        }
        int y = io.outOffset() + (plane * win.outH() + oh) * win.outW() * B;
        int colStep = win.dw() * B;
        int outStep = win.sw() * B;
        if (win.kw() == 3 && win.dw() == 1) {
            for (int ow = 0, q = c0; ow < win.outW(); ow++, y += B, q += outStep) {
                FloatVector.fromArray(S, col, q).max(FloatVector.fromArray(S, col, q + B))
                        .max(FloatVector.fromArray(S, col, q + 2 * B)).intoArray(out, y);
            }
        } else {
            for (int ow = 0, q = c0; ow < win.outW(); ow++, y += B, q += outStep) {
                FloatVector acc = FloatVector.fromArray(S, col, q);
                for (int j = 1; j < win.kw(); j++) {
                    acc = acc.max(FloatVector.fromArray(S, col, q + j * colStep));
                }
                acc.intoArray(out, y);
            }
        }
    }

    /** As {@link #maxRow}, summing; each output times 1 / its count of taps (no tap: 0 / 0, NaN). */
    private static void averageRow(Planes io, Window2d win, int plane, int oh, boolean includePad,
                                   ColumnCounts.Counts counts) {
        float[] in = io.in();
        float[] out = io.out();
        int top = oh * win.sh() - win.padTop();
        int i0 = Window2d.firstTapInside(top, win.dh());
        int i1 = Math.max(i0, Window2d.endTapInside(top, win.dh(), win.kh(), win.inH()));
        int rowCount;
        float[] colScales;
        if (includePad) {
            rowCount = 0;
            for (int i = 0; i < win.kh(); i++) {
                rowCount += top + i * win.dh() < win.inH() + win.padBottom() ? 1 : 0;
            }
            colScales = counts.paddedInverse();
        } else {
            rowCount = i1 - i0;
            colScales = counts.insideInverse();
        }
        int n = columns(win);
        float[] col = Scratch.get(Scratch.STAGE, n * B + AlignedFloats.SLACK);
        int c0 = HeapAlignment.floatsToBoundary(col);
        int rowStride = win.inW() * B;
        int step = win.dh() * rowStride;
        int e0 = Math.min(n, win.padLeft());
        int e1 = Math.max(e0, Math.min(n, win.padLeft() + win.inW()));
        FloatVector zero = FloatVector.zero(S);
        for (int e = 0; e < e0; e++) {
            zero.intoArray(col, c0 + e * B);
        }
        int p = io.inOffset() + (plane * win.inH() + top + i0 * win.dh()) * rowStride + (e0 - win.padLeft()) * B;
        if (i1 - i0 == 3) {
            for (int e = e0; e < e1; e++, p += B) {
                FloatVector.fromArray(S, in, p).add(FloatVector.fromArray(S, in, p + step))
                        .add(FloatVector.fromArray(S, in, p + 2 * step)).intoArray(col, c0 + e * B);
            }
        } else {
            for (int e = e0; e < e1; e++, p += B) {
                FloatVector acc = zero;
                for (int i = i0, q = p; i < i1; i++, q += step) {
                    acc = acc.add(FloatVector.fromArray(S, in, q));
                }
                acc.intoArray(col, c0 + e * B);
            }
        }
        for (int e = e1; e < n; e++) {
            zero.intoArray(col, c0 + e * B);
        }
        int y = io.outOffset() + (plane * win.outH() + oh) * win.outW() * B;
        int outStep = win.sw() * B;
        float rowScale = 1f / rowCount;
        if (win.kw() == 3) {
            for (int ow = 0, q = c0; ow < win.outW(); ow++, y += B, q += outStep) {
                FloatVector.fromArray(S, col, q).add(FloatVector.fromArray(S, col, q + B))
                        .add(FloatVector.fromArray(S, col, q + 2 * B)).mul(rowScale * colScales[ow]).intoArray(out, y);
            }
        } else {
            for (int ow = 0, q = c0; ow < win.outW(); ow++, y += B, q += outStep) {
                FloatVector acc = FloatVector.fromArray(S, col, q);
                for (int j = 1; j < win.kw(); j++) {
                    acc = acc.add(FloatVector.fromArray(S, col, q + j * B));
                }
                acc.mul(rowScale * colScales[ow]).intoArray(out, y);
            }
        }
    }
}
