package io.orpheus.backend.simd.nchwc;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Window2d;
import io.orpheus.backend.simd.WindowSpec;
import io.orpheus.backend.simd.conv.ConvVariant;
import java.util.Arrays;

/**
 * {@code io.orpheus:BlockedConv(X, W, B?, Z?)}: X, Z and Y in NCHW16c, W [M, C, kh, kw] repacked once
 * when constant (else per run), bias, residual and activation fused; see {@link DirectBlockedConv}.
 */
final class BlockedConvOp extends SimdOp {

    private static final int B = NchwcOps.BLOCK;

    BlockedConvOp() {
        super(NchwcOps.BLOCKED_CONV, "simd.blocked.conv", SimdOp.SPECIALISED);
    }

    @Override
    public String domain() {
        return NchwcOps.DOMAIN;
    }

    @Override
    protected Support check(NodeContext node) {
        Support f = Checks.allFloat(node);
        if (!f.supported()) {
            return f;
        }
        if (!NchwcOps.vectorsFitTheBlock()) {
            return Support.no("needs 16-lane float vectors for 16-channel blocks");
        }
        if (node.node().attrInt("block", B) != B) {
            return Support.no("block " + node.node().attrInt("block", B) + "; only " + B);
        }
        if (node.node().attrInt("group", 1) != 1) {
            return Support.no("group " + node.node().attrInt("group", 1));
        }
        int xRank = Checks.rank(node, 0);
        if (xRank != -1 && xRank != 5) {
            return Support.no("input of rank " + xRank + "; blocked input is [N, C/16, H, W, 16]");
        }
        long[] ws = weightShape(node);
        if (ws == null || ws.length != 4) {
            return Support.no("the weights' shape is not known before running, or not [M, C, kh, kw]");
        }
        if (ws[0] % B != 0 || ws[1] % B != 0) {
            return Support.no("weights " + Arrays.toString(ws) + ": channels are not multiples of " + B);
        }
        WindowSpec.of(node.node(), new long[] {ws[2], ws[3]});
        ConvVariant.activationOf(node.node());
        return Support.yes("direct NCHW16c, 7 pixels x 2 channel blocks");
    }

    private static long[] weightShape(NodeContext node) {
        Tensor w = node.constantInput(1);
        if (w != null) {
            return w.shape();
        }
        ValueInfo t = node.inputType(1);
        return t != null && t.isFullyKnown() ? t.concreteShape() : null;
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        long[] ws = weightShape(node);
        int m = (int) ws[0];
        int c = (int) ws[1];
        int kh = (int) ws[2];
        int kw = (int) ws[3];
        WindowSpec spec = WindowSpec.of(node.node(), new long[] {kh, kw});
        Activation act = ConvVariant.activationOf(node.node());
        Tensor wConst = node.constantInput(1);
        BlockedWeights packed = wConst == null ? null : pack(node, wConst, ws);
        boolean hasBias = Checks.present(node, 2);
        boolean hasResidual = Checks.present(node, 3);
        String detail = name() + (wConst == null ? " (weights packed per run)" : "")
                + (act.isIdentity() ? "" : " + " + act);
        return new Kernel() {
            @Override
            public void run(KernelContext ctx) {
                BlockedWeights w = packed != null ? packed : pack(node, ctx.input(1), ws);
                float[] bias = hasBias ? bias(node, ctx.input(2), m) : null;
                execute(node, ctx, spec, w, bias, act, hasResidual);
            }

            @Override
            public String detail() {
                return detail;
            }
        };
    }

    private BlockedWeights pack(NodeContext node, Tensor w, long[] planned) {
        if (!Arrays.equals(w.shape(), planned)) {
            throw fail(node, "weights " + Arrays.toString(w.shape()) + " differ from the planned "
                    + Arrays.toString(planned));
        }
        return BlockedWeights.pack(w.toHeap().floats(), (int) planned[0], (int) planned[1], (int) planned[2],
                (int) planned[3]);
    }

    private float[] bias(NodeContext node, Tensor b, int m) {
        if (b.size() != m) {
            throw fail(node, "bias has " + b.size() + " elements, expected " + m);
        }
        return b.toHeap().floats();
    }

    private void execute(NodeContext node, KernelContext ctx, WindowSpec spec, BlockedWeights w, float[] bias,
                         Activation act, boolean hasResidual) {
        Tensor x = ctx.input(0).toHeap();
        if (x.rank() != 5 || x.dim(4) != B || x.dim(1) * B != w.c()) {
            throw fail(node, "input " + Arrays.toString(x.shape()) + " is not [N, " + w.c() / B + ", H, W, " + B + "]");
        }
        Window2d win;
        try {
            win = spec.resolve(x.dim(2), x.dim(3), false);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        if (win.outH() < 1 || win.outW() < 1) {
            throw fail(node, "the window does not fit the input " + Arrays.toString(x.shape()));
        }
        int images = x.dim(0);
        Tensor y = ctx.output(0, DataType.FLOAT, images, w.m() / B, win.outH(), win.outW(), B);
        float[] residual = null;
        if (hasResidual) {
            Tensor z = ctx.input(3).toHeap();
            if (!Arrays.equals(z.shape(), y.shape())) {
                throw fail(node, "residual " + Arrays.toString(z.shape()) + " differs from the output "
                        + Arrays.toString(y.shape()));
            }
            residual = z.floats();
        }
        BlockedInput in = BlockedInput.of(ctx, x.floats(), images, w.c() / B, win);
        DirectBlockedConv.run(ctx, new DirectBlockedConv.Operands(in, y.floats(), residual, bias, w, act, win, images));
    }
}
