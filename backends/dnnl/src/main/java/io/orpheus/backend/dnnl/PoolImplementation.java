package io.orpheus.backend.dnnl;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * MaxPool, AveragePool and GlobalAveragePool on oneDNN's pooling primitive (v2: with dilation),
 * 1-D to 3-D. Average pooling maps count_include_pad to the include/exclude-padding algorithms.
 * ceil_mode rounds the output up (ONNX drops a last window starting in the end padding) and extends the
 * right pad to match. Declined: ceil_mode with auto_pad, or with count_include_pad where the last window
 * reaches past the end padding; MaxPool's Indices output; pads as large as the window.
 */
final class PoolImplementation extends DnnlImplementation {

    enum Kind {
        MAX("MaxPool", "dnnl.maxpool"),
        AVERAGE("AveragePool", "dnnl.averagepool"),
        GLOBAL_AVERAGE("GlobalAveragePool", "dnnl.globalaveragepool");

        final String opType;
        final String implementation;

        Kind(String opType, String implementation) {
            this.opType = opType;
            this.implementation = implementation;
        }
    }

    private static final String CEIL_INCLUDE_PAD = "ceil_mode with count_include_pad where the last window reaches "
            + "past the end padding: ONNX does not count those taps, oneDNN's include-padding average would";

    private final Kind kind;

    PoolImplementation(DnnlBackend backend, Kind kind) {
        super(backend, kind.opType, kind.implementation);
        this.kind = kind;
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support types = Checks.floatInputs(ctx, 0);
        if (types != null) {
            return types;
        }
        if (ctx.inputType(0) == null || ctx.inputType(0).dtype() == null) {
            return Support.no("input type unknown");
        }
        int rank = Checks.rank(ctx, 0);
        if (rank < 3 || rank > 5) {
            return Support.no(rank < 0 ? "input rank unknown" : "oneDNN pools 1-D to 3-D inputs (rank 3 to 5)");
        }
        if (Checks.extraOutputsUsed(ctx)) {
            return Support.no("MaxPool's Indices output is not produced by the inference primitive");
        }
        if (kind == Kind.GLOBAL_AVERAGE) {
            return Support.yes("average pooling over the whole plane");
        }
        Node node = ctx.node();
        boolean ceil = node.attrInt("ceil_mode", 0) != 0;
        if (ceil && !node.attrString("auto_pad", "NOTSET").equals("NOTSET")) {
            return Support.no("ceil_mode with auto_pad: ONNX's output size rule there has no oneDNN equivalent");
        }
        boolean includePad = kind == Kind.AVERAGE && node.attrInt("count_include_pad", 0) != 0;
        long[] kernel = node.attrInts("kernel_shape", null);
        if (kernel == null || kernel.length != rank - 2) {
            return Support.no("kernel_shape missing or not of the input's spatial rank");
        }
        long[] x = Checks.shape(ctx, 0);
        if (x != null) {
            if (Checks.hasZero(x)) {
                return Support.no("empty input");
            }
            try {
                Window given = Window.of(node, Arrays.copyOfRange(x, 2, x.length), kernel, ceil);
                Window w = given.trimmedRightPad();
                if (!w.padsBelowKernel()) {
                    return Support.no("a pad as large as the window leaves windows with no input element");
                }
                if (includePad && !w.rightPadWithin(given)) {
                    return Support.no(CEIL_INCLUDE_PAD);
                }
            } catch (IllegalArgumentException e) {
                return Support.no(e.getMessage());
            }
        } else {
            if (ceil && includePad) {
                return Support.no(CEIL_INCLUDE_PAD + " (shape unknown, cannot tell)");
            }
            long[] pads = node.attrInts("pads", null);
            long[] dil = node.attrInts("dilations", null);
            if (pads != null) {
                for (int i = 0; i < pads.length; i++) {
                    int d = i % kernel.length;
                    long extent = (kernel[d] - 1) * (dil == null ? 1 : dil[d]) + 1;
                    if (pads[i] >= extent) {
                        return Support.no("a pad as large as the window leaves windows with no input element");
                    }
                }
            }
        }
        return Support.yes("pooling primitive");
    }

    @Override
    Kernel newKernel(DnnlEngine engine, NodeContext ctx) {
        return new PoolKernel(engine, ctx, name(), kind);
    }

    private static final class PoolKernel extends DnnlKernel {

        private final Kind kind;

        PoolKernel(DnnlEngine engine, NodeContext ctx, String implementation, Kind kind) {
            super(engine, ctx, implementation);
            this.kind = kind;
            prepareKnownShapes(ctx);
        }

        @Override
        protected void build(Plan plan, long[][] shapes) {
            long[] x = shapes[0];
            if (x.length < 3 || x.length > 5) {
                throw new IllegalArgumentException("input " + Arrays.toString(x) + " is not of rank 3 to 5");
            }
            long[] spatial = Arrays.copyOfRange(x, 2, x.length);
            Window win;
            int algorithm;
            if (kind == Kind.GLOBAL_AVERAGE) {
                win = new Window(spatial, spatial, ones(spatial.length), new long[spatial.length],
                        new long[spatial.length], new long[spatial.length], ones(spatial.length));
                algorithm = DnnlConstants.POOLING_AVG_INCLUDE_PADDING;
            } else {
                Window given = Window.of(node, spatial, node.attrInts("kernel_shape", null),
                        node.attrInt("ceil_mode", 0) != 0);
                win = given.trimmedRightPad();
                algorithm = kind == Kind.MAX ? DnnlConstants.POOLING_MAX
                        : node.attrInt("count_include_pad", 0) != 0 ? DnnlConstants.POOLING_AVG_INCLUDE_PADDING
                        : DnnlConstants.POOLING_AVG_EXCLUDE_PADDING;
                if (algorithm == DnnlConstants.POOLING_AVG_INCLUDE_PADDING && !win.rightPadWithin(given)) {
                    throw new IllegalArgumentException(CEIL_INCLUDE_PAD);
                }
            }
            long[] y = x.clone();
            System.arraycopy(win.output(), 0, y, 2, spatial.length);
            if (Checks.hasZero(x)) {
                plan.setRunner((ctx, run) -> ctx.output(0, DataType.FLOAT, y));
                return;
            }
            Arena a = plan.arena();
            MemoryDesc src = MemoryDesc.plain(lib, a, x);
            MemoryDesc dst = MemoryDesc.plain(lib, a, y);
            Window w = win;
            Primitive p = plan.own(Primitive.create(engine, a, "pooling",
                    d -> lib.dnnl_pooling_v2_forward_desc_init(d, DnnlConstants.FORWARD_INFERENCE, algorithm,
                            src.pointer(), dst.pointer(), ConvKernel.pad(w.strides()), ConvKernel.pad(w.kernel()),
                            ConvKernel.pad(w.dilations()), ConvKernel.pad(w.padL()), ConvKernel.pad(w.padR())),
                    PostOps.none()), "pooling");
            plan.setRunner((ctx, run) -> {
                Tensor out = ctx.nativeOutput(0, DataType.FLOAT, y);
                MemorySegment dstData = out.segment();
                long t0 = System.nanoTime();
                run.execute(p, new Execution.Args()
                        .add(DnnlConstants.ARG_SRC, run.memory(src, Boundary.toNativeOrSelf(run, ctx.input(0), clock)))
                        .add(DnnlConstants.ARG_DST, run.memory(dst, dstData)));
                clock.computed(t0);
            });
        }

        private static long[] ones(int n) {
            long[] v = new long[n];
            Arrays.fill(v, 1);
            return v;
        }
    }
}
