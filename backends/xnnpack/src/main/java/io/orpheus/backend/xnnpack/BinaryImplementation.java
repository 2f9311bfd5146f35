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
import io.orpheus.api.graph.ValueInfo;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Add, Sub, Mul, Div and two-input Max/Min as XNNPACK's {@code *_nd_f32} operators, which broadcast as numpy
 * (and ONNX) do, over at most {@value #MAX_RANK} dimensions; shapes are given at every setup, so any shapes
 * of those ranks run.
 */
final class BinaryImplementation implements OpImplementation {

    /** XNN_MAX_TENSOR_DIMS of this XNNPACK version. */
    static final int MAX_RANK = 6;

    private enum Operation {
        ADD("Add", "add_nd_f32"), SUB("Sub", "subtract_nd_f32"), MUL("Mul", "multiply_nd_f32"),
        DIV("Div", "divide_nd_f32"), MAX("Max", "maximum_nd_f32"), MIN("Min", "minimum_nd_f32");

        final String opType;
        final String operator;

        Operation(String opType, String operator) {
            this.opType = opType;
            this.operator = operator;
        }
    }

    private final Operation operation;

    private BinaryImplementation(Operation operation) {
        this.operation = operation;
    }

    static List<BinaryImplementation> all() {
        return Arrays.stream(Operation.values()).map(BinaryImplementation::new).toList();
    }

    @Override
    public String opType() {
        return operation.opType;
    }

    @Override
    public String name() {
        return "xnnpack." + operation.opType.toLowerCase(Locale.ROOT);
    }

    @Override
    public Support supports(NodeContext ctx) {
        if (ctx.inputCount() != 2) {
            return Support.no(ctx.inputCount() + " inputs: " + operation.operator + " takes exactly two");
        }
        Support typeCheck = FloatInputs.check(ctx, 0, 1);
        if (typeCheck != null) {
            return typeCheck;
        }
        for (int i = 0; i < 2; i++) {
            if (FloatInputs.rank(ctx, i) > MAX_RANK) {
                return Support.no("input " + i + " has rank " + FloatInputs.rank(ctx, i) + "; XNNPACK broadcasts over "
                        + MAX_RANK + " dimensions at most");
            }
        }
        return Support.yes(operation.operator);
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
            return new BinaryKernel(Xnnpack.get(), ctx, name(), operation);
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
    }

    /** The numpy broadcast of two shapes, or null when they do not broadcast. */
    static long[] broadcast(long[] a, long[] b) {
        int rank = Math.max(a.length, b.length);
        long[] out = new long[rank];
        for (int i = 0; i < rank; i++) {
            long da = i < rank - a.length ? 1 : a[i - (rank - a.length)];
            long db = i < rank - b.length ? 1 : b[i - (rank - b.length)];
            if (da != db && da != 1 && db != 1) {
                return null;
            }
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    /**
     * Whether the node can run channels-last, from the shapes known at prepare: the output has a channel
     * axis and spatial ones, and every input either has the output's shape (it is then read channels-last)
     * or is a broadcast operand whose elements are in the same order either way (one value per channel, or
     * no channel axis), like a batch normalization's scale. Per input, whether it is of the first kind; null
     * when the node cannot.
     */
    static boolean[] channelsLastOperands(NodeContext ctx) {
        ValueInfo out = ctx.outputType(0);
        if (out == null || !out.hasRank() || out.rank() < 3 || out.rank() > MAX_RANK || ctx.inputCount() != 2) {
            return null;
        }
        boolean[] full = new boolean[2];
        for (int i = 0; i < 2; i++) {
            ValueInfo in = ctx.inputType(i);
            if (in == null || !in.hasRank() || in.rank() > out.rank()) {
                return null;
            }
            if (in.rank() == out.rank() && in.shape().equals(out.shape())
                    && in.shape().stream().allMatch(d -> d.isKnown() || d.isSymbolic())) {
                full[i] = true;
                continue;
            }
            if (!in.isFullyKnown()) {
                return null;
            }
            long[] padded = padded(in.concreteShape(), out.rank());
            long spatial = 1;
            for (int d = 2; d < padded.length; d++) {
                spatial *= padded[d];
            }
            if (padded[1] != 1 && spatial != 1) {
                return null;
            }
        }
        return full[0] || full[1] ? full : null;
    }

    /** {@code shape} with leading 1s up to {@code rank} (numpy broadcasting aligns on the right). */
    private static long[] padded(long[] shape, int rank) {
        long[] p = new long[rank];
        Arrays.fill(p, 1);
        System.arraycopy(shape, 0, p, rank - shape.length, shape.length);
        return p;
    }

    /** The shape of an operand's elements in channels-last order: (N, spatial..., C) after right alignment. */
    static long[] channelsLastShape(long[] shape, int rank) {
        long[] p = padded(shape, rank);
        long[] cl = new long[rank];
        cl[0] = p[0];
        System.arraycopy(p, 2, cl, 1, rank - 2);
        cl[rank - 1] = p[1];
        return cl;
    }

    private static final class BinaryKernel extends XnnKernel {

        private final Operation operation;
        private final Pointer op;
        /** Per input, whether it has the output's shape; null when the node cannot run channels-last. */
        private final boolean[] fullOperands;

        BinaryKernel(Xnnpack xnn, NodeContext ctx, String implementation, Operation operation) {
            super(xnn, ctx, implementation);
            this.operation = operation;
            this.fullOperands = channelsLastOperands(ctx);
            float lo = Float.NEGATIVE_INFINITY;
            float hi = Float.POSITIVE_INFINITY;
            try {
                this.op = create("xnn_create_" + operation.operator, out -> switch (operation) {
                    case ADD -> lib.xnn_create_add_nd_f32(lo, hi, 0, out);
                    case SUB -> lib.xnn_create_subtract_nd_f32(lo, hi, 0, out);
                    case MUL -> lib.xnn_create_multiply_nd_f32(lo, hi, 0, out);
                    case DIV -> lib.xnn_create_divide_nd_f32(lo, hi, 0, out);
                    case MAX -> lib.xnn_create_maximum_nd_f32(0, out);
                    case MIN -> lib.xnn_create_minimum_nd_f32(0, out);
                });
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        String algorithm() {
            return operation.operator + " with numpy broadcasting";
        }

        @Override
        protected boolean writesChannelsLast() {
            return fullOperands != null;
        }

        @Override
        protected boolean readsChannelsLast(int i) {
            return fullOperands != null && i < 2 && fullOperands[i];
        }

        @Override
        public void run(KernelContext ctx) {
            Tensor a = ctx.input(0);
            Tensor b = ctx.input(1);
            long[] shape = broadcast(a.shape(), b.shape());
            if (shape == null || shape.length > MAX_RANK) {
                throw new KernelException(node, implementation, "shapes " + Arrays.toString(a.shape()) + " and "
                        + Arrays.toString(b.shape()) + (shape == null ? " do not broadcast" : " exceed rank " + MAX_RANK));
            }
            if (Tensor.checkedSize(shape) == 0) {
                ctx.output(0, DataType.FLOAT, shape);
                return;
            }
            clock.run();
            boolean channelsLast = ChannelsLast.is(ctx.outputLayout(0));
            // a scalar is given to XNNPACK as one dimension of 1
            long[] sa = a.rank() == 0 ? new long[] {1} : a.shape();
            long[] sb = b.rank() == 0 ? new long[] {1} : b.shape();
            try (Arena run = Arena.ofConfined()) {
                Pointer pa;
                Pointer pb;
                Pointer py;
                if (channelsLast) {
                    pa = NativeFloats.pointer(channelsLastOperand(ctx, 0, shape, run));
                    pb = NativeFloats.pointer(channelsLastOperand(ctx, 1, shape, run));
                    py = NativeFloats.pointer(ctx.nativeOutput(0, ChannelsLast.LAYOUT, DataType.FLOAT, shape).segment());
                    sa = channelsLastShape(sa, shape.length);
                    sb = channelsLastShape(sb, shape.length);
                } else {
                    pa = NativeFloats.pointer(ChannelsLast.plainInput(ctx, 0, run, clock));
                    pb = NativeFloats.pointer(ChannelsLast.plainInput(ctx, 1, run, clock));
                    py = NativeFloats.pointer(ChannelsLast.plainOutput(ctx, 0, shape));
                }
                long t0 = System.nanoTime();
                lock();
                try {
                    Pointer pool = threadPool(ctx);
                    int status = switch (operation) {
                        case ADD -> lib.xnn_setup_add_nd_f32(op, sa.length, sa, sb.length, sb, pa, pb, py, pool);
                        case SUB -> lib.xnn_setup_subtract_nd_f32(op, sa.length, sa, sb.length, sb, pa, pb, py, pool);
                        case MUL -> lib.xnn_setup_multiply_nd_f32(op, sa.length, sa, sb.length, sb, pa, pb, py, pool);
                        case DIV -> lib.xnn_setup_divide_nd_f32(op, sa.length, sa, sb.length, sb, pa, pb, py, pool);
                        case MAX -> lib.xnn_setup_maximum_nd_f32(op, sa.length, sa, sb.length, sb, pa, pb, py, pool);
                        case MIN -> lib.xnn_setup_minimum_nd_f32(op, sa.length, sa, sb.length, sb, pa, pb, py, pool);
                    };
                    check(status, "xnn_setup_" + operation.operator);
                    run(op, pool, operation.operator);
                } finally {
                    unlock();
                }
                clock.computed(t0);
            }
        }

        /** An operand of a channels-last run: the full-shape ones channels-last, the others as they are. */
        private MemorySegment channelsLastOperand(KernelContext ctx, int i, long[] outShape, Arena run) {
            if (fullOperands[i]) {
                if (!Arrays.equals(ctx.input(i).shape(), outShape)) {
                    throw new KernelException(node, implementation, "input " + i + " " + Arrays.toString(
                            ctx.input(i).shape()) + " should have the output's shape " + Arrays.toString(outShape));
                }
                int[] ncp = ChannelsLast.ncp(outShape);
                return ChannelsLast.input(ctx, i, ncp[0], ncp[1], ncp[2], run, clock);
            }
            return ChannelsLast.plainInput(ctx, i, run, clock);
        }
    }
}
