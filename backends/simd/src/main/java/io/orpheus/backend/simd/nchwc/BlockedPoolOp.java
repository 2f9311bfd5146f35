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
 * padding, dilation (max) and ceil_mode. Tasks are (image, channel block, output row); the global
 * pool's are (image, channel block).
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
        return ctx -> window(node, ctx, spec, ceil, includePad);
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

    private void window(NodeContext node, KernelContext ctx, WindowSpec spec, boolean ceil, boolean includePad) {
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
        // row-major tasks: each worker's contiguous share is a band of rows across all planes, the rows
        // the next layer's share reads (see the worker pool's shares)
        ctx.parallelFor(planes * win.outH(), t -> row(in, out, win, t % planes, t / planes, includePad));
    }

    /** Output row {@code oh} of plane (image, block) {@code plane}; taps outside the input are skipped. */
    private void row(float[] in, float[] out, Window2d win, int plane, int oh, boolean includePad) {
        int inBase = plane * win.inPlane() * B;
        int outRow = (plane * win.outH() + oh) * win.outW() * B;
        int top = oh * win.sh() - win.padTop();
        int rowsInside = 0;
        int rowsPadded = 0;
        for (int i = 0; i < win.kh(); i++) {
            int iy = top + i * win.dh();
            rowsInside += iy >= 0 && iy < win.inH() ? 1 : 0;
            rowsPadded += iy < win.inH() + win.padBottom() ? 1 : 0;
        }
        for (int ow = 0; ow < win.outW(); ow++) {
            int left = ow * win.sw() - win.padLeft();
            FloatVector acc = kind == Kind.MAX ? FloatVector.broadcast(S, Float.NEGATIVE_INFINITY) : FloatVector.zero(S);
            int colsInside = 0;
            int colsPadded = 0;
            for (int j = 0; j < win.kw(); j++) {
                int ix = left + j * win.dw();
                colsPadded += ix < win.inW() + win.padRight() ? 1 : 0;
                if (ix < 0 || ix >= win.inW()) {
                    continue;
                }
                colsInside++;
                for (int i = 0; i < win.kh(); i++) {
                    int iy = top + i * win.dh();
                    if (iy < 0 || iy >= win.inH()) {
                        continue;
                    }
                    FloatVector v = FloatVector.fromArray(S, in, inBase + (iy * win.inW() + ix) * B);
                    acc = kind == Kind.MAX ? acc.max(v) : acc.add(v);
                }
            }
            if (kind == Kind.AVERAGE) {
                int count = includePad ? rowsPadded * colsPadded : rowsInside * colsInside;
                acc = acc.div((float) count);
            }
            acc.intoArray(out, outRow + ow * B);
        }
    }
}
