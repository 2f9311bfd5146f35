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
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Softmax as {@code softmax_nc_f32}, which normalises contiguous rows: from opset 13 the axis must be the last
 * (rows of its extent); before 13 Softmax flattens the input to 2-D at the axis, so a row is everything from
 * the axis on. The row length is fixed when the operator is created, so it must be known at prepare.
 */
final class SoftmaxImplementation implements OpImplementation {

    @Override
    public String opType() {
        return "Softmax";
    }

    @Override
    public String name() {
        return "xnnpack.softmax";
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support typeCheck = FloatInputs.check(ctx, 0);
        if (typeCheck != null) {
            return typeCheck;
        }
        try {
            rowLength(ctx);
        } catch (IllegalArgumentException e) {
            return Support.no(e.getMessage());
        }
        return Support.yes("softmax_nc_f32");
    }

    /** The length of the rows XNNPACK normalises. */
    private static int rowLength(NodeContext ctx) {
        int rank = FloatInputs.rank(ctx, 0);
        if (rank < 1) {
            throw new IllegalArgumentException(rank < 0 ? "input rank unknown" : "scalar input");
        }
        boolean flattens = ctx.opVersion() < 13;
        long axis = ctx.node().attrInt("axis", flattens ? 1 : -1);
        if (axis < -rank || axis >= rank) {
            throw new IllegalArgumentException("axis " + axis + " out of range for rank " + rank);
        }
        int a = (int) (axis < 0 ? axis + rank : axis);
        if (!flattens && a != rank - 1) {
            throw new IllegalArgumentException("axis " + axis + " is not the last: softmax_nc_f32 normalises "
                    + "contiguous rows");
        }
        long length = 1;
        for (int i = a; i < rank; i++) {
            long d = FloatInputs.dim(ctx, 0, i);
            if (d < 0) {
                throw new IllegalArgumentException("extent of axis " + i + " unknown: XNNPACK fixes the row length "
                        + "when the operator is created");
            }
            length *= d;
        }
        if (length < 1) {
            throw new IllegalArgumentException("empty rows");
        }
        return Math.toIntExact(length);
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
            return new SoftmaxKernel(Xnnpack.get(), ctx, name(), rowLength(ctx));
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
    }

    private static final class SoftmaxKernel extends XnnKernel {

        private final int row;
        private final Pointer op;

        SoftmaxKernel(Xnnpack xnn, NodeContext ctx, String implementation, int row) {
            super(xnn, ctx, implementation);
            this.row = row;
            try {
                this.op = UnaryOp.SOFTMAX.create(this, row, 0f, 0f);
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        String algorithm() {
            return "softmax_nc_f32 over rows of " + row;
        }

        @Override
        public void run(KernelContext ctx) {
            Tensor x = ctx.input(0);
            if (x.size() % row != 0) {
                throw new KernelException(node, implementation, "input " + Arrays.toString(x.shape())
                        + " is not made of rows of " + row);
            }
            if (x.size() == 0) {
                ctx.output(0, DataType.FLOAT, x.shape());
                return;
            }
            clock.run();
            try (Arena run = Arena.ofConfined()) {
                MemorySegment in = ChannelsLast.plainInput(ctx, 0, run, clock);
                MemorySegment result = ChannelsLast.plainOutput(ctx, 0, x.shape());
                long t0 = System.nanoTime();
                lock();
                try {
                    Pointer pool = threadPool(ctx);
                    check(UnaryOp.SOFTMAX.setup(lib, op, x.size() / row, NativeFloats.pointer(in),
                            NativeFloats.pointer(result), pool), "xnn_setup_softmax_nc_f32");
                    run(op, pool, "softmax");
                } finally {
                    unlock();
                }
                clock.computed(t0);
            }
        }
    }
}
