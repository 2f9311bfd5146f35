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
import io.orpheus.api.graph.Node;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * MaxPool as {@code max_pooling2d_nhwc_f32} (dilations included) and AveragePool as
 * {@code average_pooling2d_nhwc_f32}, 1-D lifted to 2-D, NCHW<->NHWC at the boundary. XNNPACK's average
 * leaves padding out of the count, which is ONNX's {@code count_include_pad=0}; the windows are floor-rounded.
 * Declined: ceil_mode=1, count_include_pad=1 with padding, dilated average pooling, 1x1 windows (XNNPACK
 * refuses them), MaxPool's Indices output, an unknown channel count.
 */
final class PoolImplementation implements OpImplementation {

    private final boolean max;

    private PoolImplementation(boolean max) {
        this.max = max;
    }

    static PoolImplementation maxPool() {
        return new PoolImplementation(true);
    }

    static PoolImplementation averagePool() {
        return new PoolImplementation(false);
    }

    @Override
    public String opType() {
        return max ? "MaxPool" : "AveragePool";
    }

    @Override
    public String name() {
        return max ? "xnnpack.maxpool" : "xnnpack.averagepool";
    }

    private String operator() {
        return max ? "max_pooling2d_nhwc_f32" : "average_pooling2d_nhwc_f32";
    }

    @Override
    public Support supports(NodeContext ctx) {
        Support typeCheck = FloatInputs.check(ctx, 0);
        if (typeCheck != null) {
            return typeCheck;
        }
        try {
            plan(ctx);
        } catch (IllegalArgumentException e) {
            return Support.no(e.getMessage());
        }
        return Support.yes(operator() + ", NCHW<->NHWC at the kernel boundary");
    }

    /** The window and channel count, or the reason XNNPACK cannot pool this node exactly. */
    private Pooling plan(NodeContext ctx) {
        Node node = ctx.node();
        if (max && node.outputs().size() > 1 && node.hasOutput(1)) {
            throw new IllegalArgumentException("the Indices output has no XNNPACK operator");
        }
        if (node.attrInt("ceil_mode", 0) != 0) {
            throw new IllegalArgumentException("ceil_mode=1: XNNPACK rounds pooled extents down");
        }
        long[] kernel = node.attrInts("kernel_shape", null);
        if (kernel == null) {
            throw new IllegalArgumentException("no kernel_shape");
        }
        int rank = FloatInputs.rank(ctx, 0);
        if (rank < 0) {
            throw new IllegalArgumentException("input rank unknown");
        }
        if (rank != kernel.length + 2 || rank != 3 && rank != 4) {
            throw new IllegalArgumentException("input rank " + rank + " with kernel_shape " + Arrays.toString(kernel)
                    + ": only 1-D and 2-D pooling run on XNNPACK");
        }
        long channels = FloatInputs.dim(ctx, 0, 1);
        if (channels < 1) {
            throw new IllegalArgumentException("channel count unknown or zero: XNNPACK fixes it when the operator "
                    + "is created");
        }
        long[] spatial = FloatInputs.spatial(ctx, 0);
        Window w = Window.of(node, kernel, spatial);
        if (w.kH() * w.kW() == 1) {
            throw new IllegalArgumentException("1x1 window: XNNPACK refuses 1x1 pooling");
        }
        if (!max && w.isDilated()) {
            throw new IllegalArgumentException("dilated average pooling has no XNNPACK operator");
        }
        if (!max && node.attrInt("count_include_pad", 0) != 0 && w.hasPadding()) {
            throw new IllegalArgumentException("count_include_pad=1 with padding: XNNPACK averages over the "
                    + "input pixels only");
        }
        if (spatial != null) {
            long[] lifted = new long[rank];
            System.arraycopy(spatial, 0, lifted, 2, spatial.length);
            int[] plane = w.inputPlane(lifted);
            w.outputPlane(plane[0], plane[1]);
        }
        return new Pooling(w, Math.toIntExact(channels));
    }

    private record Pooling(Window window, int channels) {
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
            return new PoolKernel(Xnnpack.get(), ctx, name(), plan(ctx));
        } catch (IllegalStateException e) {
            throw new KernelException(ctx.node(), name(), e.getMessage(), e);
        }
    }

    private final class PoolKernel extends XnnKernel {

        private final Pooling pooling;
        private final Pointer op;

        PoolKernel(Xnnpack xnn, NodeContext ctx, String implementation, Pooling pooling) {
            super(xnn, ctx, implementation);
            this.pooling = pooling;
            Window w = pooling.window();
            long c = pooling.channels();
            float lo = Float.NEGATIVE_INFINITY;
            float hi = Float.POSITIVE_INFINITY;
            try {
                this.op = max
                        ? create("xnn_create_" + operator(), out -> lib.xnn_create_max_pooling2d_nhwc_f32(w.padTop(),
                                w.padRight(), w.padBottom(), w.padLeft(), w.kH(), w.kW(), w.strideH(), w.strideW(),
                                w.dilationH(), w.dilationW(), c, c, c, lo, hi, 0, out))
                        : create("xnn_create_" + operator(), out -> lib.xnn_create_average_pooling2d_nhwc_f32(
                                w.padTop(), w.padRight(), w.padBottom(), w.padLeft(), w.kH(), w.kW(), w.strideH(),
                                w.strideW(), c, c, c, lo, hi, 0, out));
            } catch (RuntimeException e) {
                close();
                throw e;
            }
        }

        @Override
        String algorithm() {
            Window w = pooling.window();
            return operator() + " " + w.kH() + "x" + w.kW() + " stride " + w.strideH() + "x" + w.strideW()
                    + (w.isDilated() ? " dilation " + w.dilationH() + "x" + w.dilationW() : "")
                    + " pads " + w.padTop() + "," + w.padLeft() + "," + w.padBottom() + "," + w.padRight()
                    + "; channels-last, NCHW<->NHWC only next to non-XNNPACK kernels";
        }

        @Override
        public void run(KernelContext ctx) {
            Tensor x = ctx.input(0);
            long[] xs = x.shape();
            Window w = pooling.window();
            if (xs.length != w.spatialRank() + 2 || xs[1] != pooling.channels()) {
                throw new KernelException(node, implementation, "input " + Arrays.toString(xs) + " is not (N, "
                        + pooling.channels() + ", spatial) of rank " + (w.spatialRank() + 2));
            }
            int batch = Math.toIntExact(xs[0]);
            int[] in = w.inputPlane(xs);
            int[] out;
            try {
                out = w.outputPlane(in[0], in[1]);
            } catch (IllegalArgumentException e) {
                throw new KernelException(node, implementation, e.getMessage(), e);
            }
            clock.run();
            try (Arena run = Arena.ofConfined()) {
                ChannelsLast.Output y = ChannelsLast.output(ctx, 0, w.outputShape(batch, pooling.channels(), out), run);
                if (y.isEmpty()) {
                    return;
                }
                MemorySegment xn = ChannelsLast.input(ctx, 0, batch, pooling.channels(), in[0] * in[1], run, clock);
                long t0 = System.nanoTime();
                lock();
                try {
                    Pointer pool = threadPool(ctx);
                    int status = max
                            ? lib.xnn_setup_max_pooling2d_nhwc_f32(op, batch, in[0], in[1], NativeFloats.pointer(xn),
                                    NativeFloats.pointer(y.target()), pool)
                            : lib.xnn_setup_average_pooling2d_nhwc_f32(op, batch, in[0], in[1],
                                    NativeFloats.pointer(xn), NativeFloats.pointer(y.target()), pool);
                    check(status, "xnn_setup_" + operator());
                    run(op, pool, operator());
                } finally {
                    unlock();
                }
                clock.computed(t0);
                y.finish(clock);
            }
        }

        @Override
        protected boolean writesChannelsLast() {
            return true;
        }

        @Override
        protected boolean readsChannelsLast(int i) {
            return i == 0;
        }
    }
}
