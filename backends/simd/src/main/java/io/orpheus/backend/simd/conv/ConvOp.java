package io.orpheus.backend.simd.conv;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.Window2d;
import java.util.Arrays;

/**
 * A convolution algorithm for Conv or FusedConv: checks the node, prepares the weights once when they
 * are constant (else on every run), resolves the geometry per run and hands the algorithm its
 * operands with the fused epilogue.
 *
 * @param <W> the algorithm's prepared weights
 */
abstract class ConvOp<W> extends SimdOp {

    private final ConvVariant variant;

    protected ConvOp(ConvVariant variant, String algorithm, int priority) {
        super(variant.opType, variant.namePrefix + algorithm, priority);
        this.variant = variant;
    }

    @Override
    public final String domain() {
        return variant.domain;
    }

    @Override
    protected final Support check(NodeContext node) {
        Support f = Checks.allFloat(node);
        if (!f.supported()) {
            return f;
        }
        if (node.node().inputs().size() > variant.maxInputs()) {
            return Support.no(node.node().inputs().size() + " inputs; " + variant.opType + " takes at most "
                    + variant.maxInputs());
        }
        int xRank = Checks.rank(node, 0);
        if (xRank != -1 && xRank != 4) {
            return Support.no("input of rank " + xRank + ": only 2-D convolutions (NCHW)");
        }
        ConvShape s;
        try {
            s = ConvShape.of(node);
            variant.activation(node.node());
        } catch (IllegalArgumentException e) {
            return Support.no(e.getMessage());
        }
        return accepts(s, node);
    }

    /** Whether this algorithm computes a convolution of that shape (the common checks have passed). */
    protected abstract Support accepts(ConvShape s);

    /** As {@link #accepts(ConvShape)}, for algorithms that also look at the input's shape or the session options. */
    protected Support accepts(ConvShape s, NodeContext node) {
        return accepts(s);
    }

    /** The algorithm's form of the weights [M, C/group, kh, kw]. */
    protected abstract W prepareWeights(ConvShape s, float[] w);

    /**
     * Computes one image batch: X [n, C, H, W] into Y [n, M, outH, outW] (zero-filled), applying the
     * epilogue (bias, residual, activation) to every output element exactly once.
     */
    protected abstract void compute(KernelContext ctx, ConvShape s, Window2d win, int batch, float[] x, float[] y, int yOff,
                                    W weights, ConvEpilogue epilogue);

    @Override
    protected final Kernel kernel(NodeContext node) {
        ConvShape s = ConvShape.of(node);
        Activation act = variant.activation(node.node());
        Tensor wConst = node.constantInput(1);
        W packed = wConst == null ? null : prepareWeights(s, checked(s, wConst).floats());
        boolean hasBias = Checks.present(node, 2);
        Tensor bConst = hasBias ? node.constantInput(2) : null;
        float[] biasConst = bConst == null ? null : checkedBias(node, s, bConst);
        boolean hasResidual = Checks.present(node, 3);
        String detail = name() + (wConst == null ? " (weights prepared per run)" : "") + (act.isIdentity() ? ""
                : " + " + act);
        return new Kernel() {
            @Override
            public void run(KernelContext ctx) {
                W w = packed != null ? packed : prepareWeights(s, checked(s, ctx.input(1)).floats());
                float[] bias = !hasBias ? null : biasConst != null ? biasConst : checkedBias(node, s, ctx.input(2));
                execute(node, ctx, s, w, bias, act, hasResidual);
            }

            @Override
            public String detail() {
                return detail;
            }
        };
    }

    private Tensor checked(ConvShape s, Tensor w) {
        s.checkWeights(w);
        return w.toHeap();
    }

    private float[] checkedBias(NodeContext node, ConvShape s, Tensor b) {
        if (b.size() != s.m()) {
            throw fail(node, "bias has " + b.size() + " elements, expected " + s.m());
        }
        return b.toHeap().floats();
    }

    private void execute(NodeContext node, KernelContext ctx, ConvShape s, W w, float[] bias, Activation act,
                         boolean hasResidual) {
        Tensor x = ctx.input(0).toHeap();
        if (x.rank() != 4 || x.dim(1) != s.cPerGroup() * s.group()) {
            throw fail(node, "input " + Arrays.toString(x.shape()) + " does not have " + s.cPerGroup() * s.group()
                    + " channels in NCHW");
        }
        Window2d win;
        try {
            win = s.window().resolve(x.dim(2), x.dim(3), false);
        } catch (IllegalArgumentException e) {
            throw fail(node, e.getMessage());
        }
        int batch = x.dim(0);
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, batch, s.m(), win.outH(), win.outW());
        float[] residual = null;
        if (hasResidual) {
            Tensor z = ctx.input(3).toHeap();
            if (!Arrays.equals(z.shape(), y.shape())) {
                throw new KernelException(node.node(), name(), "residual " + Arrays.toString(z.shape())
                        + " differs from the output " + Arrays.toString(y.shape()));
            }
            residual = z.floats();
        }
        compute(ctx, s, win, batch, x.floats(), y.floats(), y.arrayOffset(), w,
                new ConvEpilogue(bias, act, residual, y.arrayOffset()));
    }
}
