package io.orpheus.backend.xnnpack;

import com.sun.jna.Pointer;
import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * GlobalAveragePool as {@code global_average_pooling_nwc_f32}: the spatial axes, whatever their number, are
 * XNNPACK's width, so (N, C, spatial...) goes in transposed as (N, W, C); the (N, C) result is already in
 * NCHW order, its spatial axes all 1.
 */
final class GlobalAveragePoolImplementation implements OpImplementation {

    @Override
    public String opType() {
        return "GlobalAveragePool";
    }

    @Override
    public String name() {
        return "xnnpack.globalaveragepool";
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support typeCheck = FloatInputs.check(ctx, 0);
        if (typeCheck != null) {
            return typeCheck;
        }
        int rank = FloatInputs.rank(ctx, 0);
        if (rank < 3) {
            return Support.no(rank < 0 ? "input rank unknown" : "input rank " + rank + " has no spatial axis");
        }
        if (FloatInputs.dim(ctx, 0, 1) < 1) {
            return Support.no("channel count unknown or zero: XNNPACK fixes it when the operator is created");
        }
        return Support.yes("global_average_pooling_nwc_f32");
    }

    /** Native: inputs from other native kernels arrive without a heap copy (see {@link ChannelsLast}). */
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
            return new GlobalPoolKernel(Xnnpack.get(), ctx, name(), Math.toIntExact(FloatInputs.dim(ctx, 0, 1)));
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
    }

    private static final class GlobalPoolKernel extends XnnKernel {

        private final int channels;
        private final Pointer op;

        GlobalPoolKernel(Xnnpack xnn, NodeContext ctx, String implementation, int channels) {
            super(xnn, ctx, implementation);
            this.channels = channels;
            try {
                this.op = create("xnn_create_global_average_pooling_nwc_f32", out ->
                        lib.xnn_create_global_average_pooling_nwc_f32(channels, channels, channels,
                                Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, 0, out));
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        String algorithm() {
            return "global_average_pooling_nwc_f32 over " + channels + " channels; reads channels-last input as it is,"
                    + " transposes NCHW input once";
        }

        @Override
        protected boolean readsChannelsLast(int i) {
            return i == 0;
        }

        @Override
        public void run(KernelContext ctx) {
            Tensor x = ctx.input(0);
            long[] xs = x.shape();
            if (xs.length < 3 || xs[1] != channels) {
                throw new KernelException(node, implementation, "input " + Arrays.toString(xs) + " is not (N, "
                        + channels + ", spatial...)");
            }
            int batch = Math.toIntExact(xs[0]);
            int width = x.size() / Math.max(1, batch * channels);
            long[] ys = new long[xs.length];
            Arrays.fill(ys, 1);
            ys[0] = batch;
            ys[1] = channels;
            if ((long) batch * channels == 0) {
                ctx.output(0, DataType.FLOAT, ys);
                return;
            }
            if (width == 0) {
                throw new KernelException(node, implementation, "input " + Arrays.toString(xs)
                        + " has an empty spatial axis: its average is undefined");
            }
            clock.run();
            try (Arena run = Arena.ofConfined()) {
                MemorySegment xn = ChannelsLast.input(ctx, 0, batch, channels, width, run, clock);
                MemorySegment yn = ChannelsLast.plainOutput(ctx, 0, ys);
                long t0 = System.nanoTime();
                lock();
                try {
                    Pointer pool = threadPool(ctx);
                    check(lib.xnn_setup_global_average_pooling_nwc_f32(op, batch, width, NativeFloats.pointer(xn),
                            NativeFloats.pointer(yn), pool), "xnn_setup_global_average_pooling_nwc_f32");
                    run(op, pool, "global average pooling");
                } finally {
                    unlock();
                }
                clock.computed(t0);
            }
        }
    }
}
