package io.orpheus.backend.xnnpack;

import com.sun.jna.Pointer;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * One prepared convolution: a {@code convolution2d_nhwc_f32} operator holding the packed weights and bias;
 * for a fused node with a residual, an {@code add_nd_f32} operator after it; for an activation that is not a
 * clamp, an element-wise operator last. The clamp (Relu, Relu6) is the output_min/max of the last of the
 * convolution and the add, so that it follows the residual add as FusedConv requires.
 *
 * <p>X, Z and the result are channels-last: taken from and handed to neighbouring XNNPACK kernels as they
 * are (the {@link ChannelsLast} layout), transposed once per tensor where a neighbour reads plain NCHW.
 */
final class ConvKernel extends XnnKernel {

    private final ConvImplementation.ConvShape shape;
    private final ConvActivation activation;
    private final boolean residual;
    private final Pointer conv;
    private final Pointer add;
    private final Pointer act;

    ConvKernel(Xnnpack xnn, NodeContext ctx, String implementation, ConvImplementation.ConvShape shape,
            ConvActivation activation) {
        super(xnn, ctx, implementation);
        this.shape = shape;
        this.activation = activation;
        this.residual = FloatInputs.present(ctx, 3);
        try {
            Window w = shape.window();
            float convMin = residual ? Float.NEGATIVE_INFINITY : activation.min();
            float convMax = residual ? Float.POSITIVE_INFINITY : activation.max();
            try (Arena prepare = Arena.ofConfined()) {
                MemorySegment kernel = ohwiWeights(ctx.constantInput(1), prepare);
                Tensor b = FloatInputs.present(ctx, 2) ? ctx.constantInput(2) : null;
                MemorySegment bias = b == null ? null : bias(b, prepare);
                int c = shape.inChannels();
                int m = shape.outChannels();
                this.conv = create("xnn_create_convolution2d_nhwc_f32", out ->
                        lib.xnn_create_convolution2d_nhwc_f32(w.padTop(), w.padRight(), w.padBottom(), w.padLeft(),
                                w.kH(), w.kW(), w.strideH(), w.strideW(), w.dilationH(), w.dilationW(), shape.groups(),
                                shape.groupIn(), shape.groupOut(), c, m, NativeFloats.pointer(kernel),
                                bias == null ? null : NativeFloats.pointer(bias), convMin, convMax, 0, out));
            }
            this.add = residual ? create("xnn_create_add_nd_f32",
                    out -> lib.xnn_create_add_nd_f32(activation.min(), activation.max(), 0, out)) : null;
            UnaryOp op = activation.operator();
            float alpha = ctx.node().attrFloat(ConvActivation.ALPHA_ATTR, ConvActivation.DEFAULT_LEAKY_ALPHA);
            this.act = op == null ? null : op.create(this, shape.outChannels(), alpha, 0f);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** (M, C/group, kH, kW) as XNNPACK's (groups, M/group, kH, kW, C/group), which is (M, kH, kW, C/group). */
    private MemorySegment ohwiWeights(Tensor w, Arena arena) {
        float[] oihw = w.toHeap().floats();
        int m = shape.outChannels();
        int in = shape.groupIn();
        int taps = oihw.length / (m * in);
        float[] ohwi = new float[oihw.length];
        NativeFloats.transpose(oihw, ohwi, m, in, taps);
        MemorySegment s = NativeFloats.allocate(arena, ohwi.length);
        MemorySegment.copy(ohwi, 0, s, ValueLayout.JAVA_FLOAT, 0, ohwi.length);
        return s;
    }

    private MemorySegment bias(Tensor b, Arena arena) {
        float[] v = b.toHeap().floats();
        if (v.length != shape.outChannels()) {
            throw new KernelException(node, implementation, "bias has " + v.length + " values for "
                    + shape.outChannels() + " output channels");
        }
        MemorySegment s = NativeFloats.allocate(arena, v.length);
        MemorySegment.copy(v, 0, s, ValueLayout.JAVA_FLOAT, 0, v.length);
        return s;
    }

    @Override
    String algorithm() {
        Window w = shape.window();
        return "convolution2d_nhwc_f32 " + w.kH() + "x" + w.kW() + " stride " + w.strideH() + "x" + w.strideW()
                + " dilation " + w.dilationH() + "x" + w.dilationW() + " groups " + shape.groups()
                + (residual ? " + add_nd_f32 (residual)" : "")
                + (activation == ConvActivation.NONE ? "" : " + " + activation.attributeValue()
                        + (activation.operator() == null ? " as output clamp" : " as " + activation.operator().operator()))
                + "; channels-last, NCHW<->NHWC only next to non-XNNPACK kernels";
    }

    @Override
    public void run(KernelContext ctx) {
        Tensor x = ctx.input(0);
        long[] xs = x.shape();
        Window w = shape.window();
        if (xs.length != shape.weightShape().length || xs[1] != shape.inChannels()) {
            throw new KernelException(node, implementation, "input " + Arrays.toString(xs) + " does not fit weights "
                    + Arrays.toString(shape.weightShape()) + " in " + shape.groups() + " groups");
        }
        int batch = Math.toIntExact(xs[0]);
        int[] in = w.inputPlane(xs);
        int[] out;
        try {
            out = w.outputPlane(in[0], in[1]);
        } catch (IllegalArgumentException e) {
            throw new KernelException(node, implementation, e.getMessage(), e);
        }
        long[] ys = w.outputShape(batch, shape.outChannels(), out);
        Tensor z = residual ? ctx.input(3) : null;
        if (residual && (z == null || !Arrays.equals(z.shape(), ys))) {
            throw new KernelException(node, implementation, "residual Z " + (z == null ? "is missing"
                    : Arrays.toString(z.shape())) + ", expected the output's shape " + Arrays.toString(ys));
        }
        clock.run();
        int m = shape.outChannels();
        int outPlane = out[0] * out[1];
        try (Arena run = Arena.ofConfined()) {
            ChannelsLast.Output y = ChannelsLast.output(ctx, 0, ys, run);
            if (y.isEmpty()) {
                return;
            }
            long count = (long) batch * m * outPlane;
            MemorySegment xn = ChannelsLast.input(ctx, 0, batch, shape.inChannels(), in[0] * in[1], run, clock);
            MemorySegment zn = z == null ? null : ChannelsLast.input(ctx, 3, batch, m, outPlane, run, clock);
            // Each operator after the first reads what the one before wrote; the last writes the result.
            int stages = 1 + (add != null ? 1 : 0) + (act != null ? 1 : 0);
            MemorySegment[] buffers = new MemorySegment[stages];
            for (int st = 0; st < stages - 1; st++) {
                buffers[st] = NativeFloats.allocate(run, count);
            }
            buffers[stages - 1] = y.target();
            long t0 = System.nanoTime();
            lock();
            try {
                Pointer pool = threadPool(ctx);
                int st = 0;
                check(lib.xnn_setup_convolution2d_nhwc_f32(conv, batch, in[0], in[1], NativeFloats.pointer(xn),
                        NativeFloats.pointer(buffers[st]), pool), "xnn_setup_convolution2d_nhwc_f32");
                run(conv, pool, "convolution");
                if (add != null) {
                    long[] flat = {count};
                    check(lib.xnn_setup_add_nd_f32(add, 1, flat, 1, flat, NativeFloats.pointer(buffers[st]),
                            NativeFloats.pointer(zn), NativeFloats.pointer(buffers[st + 1]), pool), "xnn_setup_add_nd_f32");
                    run(add, pool, "residual add");
                    st++;
                }
                if (act != null) {
                    UnaryOp op = activation.operator();
                    check(op.setup(lib, act, (long) batch * outPlane, NativeFloats.pointer(buffers[st]),
                            NativeFloats.pointer(buffers[st + 1]), pool), "xnn_setup_" + op.operator());
                    run(act, pool, op.operator());
                }
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
        return i == 0 || i == 3;
    }
}
