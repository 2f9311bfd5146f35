package io.orpheus.backend.xnnpack;

import com.sun.jna.Pointer;
import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Node;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Locale;

/**
 * A unary ONNX operator on one XNNPACK element-wise operator over the whole tensor (one channel, as many
 * rows as elements: XNNPACK then processes it as one contiguous run). No layout change is needed.
 */
final class ElementwiseImplementation implements OpImplementation {

    /** The operator's two parameters from the node, or an IllegalArgumentException saying why it cannot map. */
    @FunctionalInterface
    private interface Parameters {
        float[] of(NodeContext ctx);
    }

    private static final float[] NONE = {0f, 0f};

    private final String opType;
    private final UnaryOp op;
    private final Parameters parameters;

    private ElementwiseImplementation(String opType, UnaryOp op, Parameters parameters) {
        this.opType = opType;
        this.op = op;
        this.parameters = parameters;
    }

    /** Every unary ONNX operator this XNNPACK version computes exactly. */
    static List<ElementwiseImplementation> all() {
        return List.of(
                new ElementwiseImplementation("Relu", UnaryOp.CLAMP, ctx -> new float[] {0f, Float.POSITIVE_INFINITY}),
                new ElementwiseImplementation("Clip", UnaryOp.CLAMP, ElementwiseImplementation::clipBounds),
                new ElementwiseImplementation("Sigmoid", UnaryOp.SIGMOID, ctx -> NONE),
                new ElementwiseImplementation("HardSwish", UnaryOp.HARDSWISH, ctx -> NONE),
                new ElementwiseImplementation("LeakyRelu", UnaryOp.LEAKY_RELU, ElementwiseImplementation::leakyAlpha),
                new ElementwiseImplementation("Elu", UnaryOp.ELU, ElementwiseImplementation::eluAlpha),
                new ElementwiseImplementation("Abs", UnaryOp.ABS, ctx -> NONE),
                new ElementwiseImplementation("Neg", UnaryOp.NEGATE, ctx -> NONE),
                new ElementwiseImplementation("Floor", UnaryOp.FLOOR, ctx -> NONE),
                new ElementwiseImplementation("Ceil", UnaryOp.CEILING, ctx -> NONE),
                new ElementwiseImplementation("Sqrt", UnaryOp.SQUARE_ROOT, ctx -> NONE),
                new ElementwiseImplementation("Round", UnaryOp.BANKERS_ROUNDING, ctx -> NONE));
    }

    /** Clip's bounds: attributes before opset 11, constant scalar inputs from 11; XNNPACK needs min < max. */
    private static float[] clipBounds(NodeContext ctx) {
        Node node = ctx.node();
        float lo;
        float hi;
        if (ctx.opVersion() < 11) {
            lo = node.attrFloat("min", -Float.MAX_VALUE);
            hi = node.attrFloat("max", Float.MAX_VALUE);
        } else {
            lo = bound(ctx, 1, Float.NEGATIVE_INFINITY);
            hi = bound(ctx, 2, Float.POSITIVE_INFINITY);
        }
        if (Float.isNaN(lo) || Float.isNaN(hi) || !(lo < hi)) {
            throw new IllegalArgumentException("bounds [" + lo + ", " + hi + "]: clamp_nc_f32 needs min < max");
        }
        return new float[] {lo, hi};
    }

    private static float bound(NodeContext ctx, int input, float absent) {
        if (!FloatInputs.present(ctx, input)) {
            return absent;
        }
        Tensor t = ctx.constantInput(input);
        if (t == null) {
            throw new IllegalArgumentException((input == 1 ? "min" : "max") + " is not constant: XNNPACK fixes the "
                    + "bounds when the operator is created");
        }
        if (t.size() != 1) {
            throw new IllegalArgumentException((input == 1 ? "min" : "max") + " is not a scalar");
        }
        return (float) t.toHeap().getDouble(0);
    }

    private static float[] leakyAlpha(NodeContext ctx) {
        float alpha = ctx.node().attrFloat("alpha", 0.01f);
        if (!Float.isFinite(alpha)) {
            throw new IllegalArgumentException("alpha " + alpha + " is not finite");
        }
        return new float[] {alpha, 0f};
    }

    private static float[] eluAlpha(NodeContext ctx) {
        float alpha = ctx.node().attrFloat("alpha", 1f);
        if (!(alpha > 0f) || !Float.isFinite(alpha) || alpha < Float.MIN_NORMAL) {
            throw new IllegalArgumentException("alpha " + alpha + ": XNNPACK's elu takes a positive normal alpha only");
        }
        return new float[] {alpha, 0f};
    }

    @Override
    public String opType() {
        return opType;
    }

    @Override
    public String name() {
        return "xnnpack." + opType.toLowerCase(Locale.ROOT);
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support typeCheck = FloatInputs.check(ctx, 0, 1, 2);
        if (typeCheck != null) {
            return typeCheck;
        }
        try {
            parameters.of(ctx);
        } catch (IllegalArgumentException e) {
            return Support.no(e.getMessage());
        }
        return Support.yes(op.operator());
    }

    /** Native: inputs from other native kernels arrive without a heap copy, outputs stay native. */
    @Override
    public StorageKind storage() {
        return StorageKind.NATIVE;
    }

    @Override
    public Kernel prepare(NodeContext ctx) {
        Support s = supports(ctx);
        if (!s.supported()) {
            throw new KernelException(ctx.node(), name(), s.reason());
        }
        try {
            return new ElementwiseKernel(Xnnpack.get(), ctx, name(), op, parameters.of(ctx));
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
    }

    private static final class ElementwiseKernel extends XnnKernel {

        private final UnaryOp op;
        private final float[] parameters;
        private final Pointer handle;
        private final boolean spatialRank;

        ElementwiseKernel(Xnnpack xnn, NodeContext ctx, String implementation, UnaryOp op, float[] parameters) {
            super(xnn, ctx, implementation);
            this.spatialRank = FloatInputs.rank(ctx, 0) >= 3;
            this.op = op;
            this.parameters = parameters;
            try {
                this.handle = op.create(this, 1, parameters[0], parameters[1]);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        String algorithm() {
            return op.operator() + (op == UnaryOp.CLAMP ? " [" + parameters[0] + ", " + parameters[1] + "]"
                    : op == UnaryOp.LEAKY_RELU || op == UnaryOp.ELU ? " alpha " + parameters[0] : "")
                    + " over the tensor as one contiguous row set";
        }

        /** Channels-last where the input's rank has a channel axis and spatial ones: the order is the same for it. */
        @Override
        protected boolean writesChannelsLast() {
            return spatialRank;
        }

        @Override
        protected boolean readsChannelsLast(int i) {
            return i == 0 && spatialRank;
        }

        @Override
        public void run(KernelContext ctx) {
            Tensor x = ctx.input(0);
            if (x.size() == 0) {
                ctx.output(0, DataType.FLOAT, x.shape());
                return;
            }
            clock.run();
            // element-wise, so it runs in whichever order the output is granted; the input is brought to it
            boolean channelsLast = ChannelsLast.is(ctx.outputLayout(0));
            try (Arena run = Arena.ofConfined()) {
                MemorySegment in;
                MemorySegment result;
                if (channelsLast) {
                    int[] ncp = ChannelsLast.ncp(x.shape());
                    in = ChannelsLast.input(ctx, 0, ncp[0], ncp[1], ncp[2], run, clock);
                    result = ctx.nativeOutput(0, ChannelsLast.LAYOUT, DataType.FLOAT, x.shape()).segment();
                } else {
                    in = ChannelsLast.plainInput(ctx, 0, run, clock);
                    result = ChannelsLast.plainOutput(ctx, 0, x.shape());
                }
                long t0 = System.nanoTime();
                lock();
                try {
                    Pointer pool = threadPool(ctx);
                    check(op.setup(lib, handle, x.size(), NativeFloats.pointer(in), NativeFloats.pointer(result),
                            pool), "xnn_setup_" + op.operator());
                    run(handle, pool, op.operator());
                } finally {
                    unlock();
                }
                clock.computed(t0);
            }
        }
    }
}
