package io.orpheus.backend.simd.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.backend.simd.Activation;
import io.orpheus.backend.simd.AlignedFloats;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.PackingGuard;
import io.orpheus.backend.simd.SimdOp;
import io.orpheus.backend.simd.conv.ConvVariant;
import io.orpheus.backend.simd.gemm.GemmDriver;
import io.orpheus.backend.simd.gemm.Gemv;
import io.orpheus.backend.simd.gemm.Operand;
import io.orpheus.backend.simd.gemm.PackedMatrix;
import io.orpheus.backend.simd.gemm.PanelSource;
import io.orpheus.backend.simd.gemm.RuntimePanels;
import io.orpheus.backend.simd.gemm.TileHook;
import java.util.Arrays;

/**
 * Gemm: Y = alpha * A' x B' + beta * C (A', B' optionally transposed, C broadcast), and the fused
 * {@code io.orpheus:FusedGemm} = act(Gemm + Z). A constant B is packed once with alpha folded in; at
 * batch 1 (M = 1) the product is a GEMV over alpha * B'^T kept row-major, also prepared once.
 */
public final class SimdGemm extends SimdOp {

    private final boolean fused;

    public SimdGemm(boolean fused) {
        super(fused ? "FusedGemm" : "Gemm", fused ? "simd.fusedgemm" : "simd.gemm", SimdOp.GENERAL);
        this.fused = fused;
    }

    @Override
    public String domain() {
        return fused ? "io.orpheus" : "";
    }

    @Override
    protected Support check(NodeContext node) {
        Support f = Checks.allFloat(node);
        if (!f.supported()) {
            return f;
        }
        int maxInputs = fused ? 4 : 3;
        if (node.node().inputs().size() > maxInputs) {
            return Support.no(node.node().inputs().size() + " inputs; at most " + maxInputs);
        }
        for (int i = 0; i < 2; i++) {
            int r = Checks.rank(node, i);
            if (r != -1 && r != 2) {
                return Support.no("operand " + i + " has rank " + r + ", not 2");
            }
        }
        if (node.node().has("broadcast")) {
            return Support.no("legacy broadcast attribute");
        }
        if (fused) {
            ConvVariant.activationOf(node.node());
        }
        return Support.yes();
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        boolean ta = node.node().attrInt("transA", 0) != 0;
        boolean tb = node.node().attrInt("transB", 0) != 0;
        float alpha = node.node().attrFloat("alpha", 1f);
        float beta = node.node().attrFloat("beta", 1f);
        Activation act = fused ? ConvVariant.activationOf(node.node()) : Activation.IDENTITY;
        Tensor bConst = node.constantInput(1);
        PackedMatrix packedB = null;
        AlignedFloats gemvB = null;
        if (bConst != null) {
            float[] b = bConst.toHeap().floats();
            int k = tb ? bConst.dim(1) : bConst.dim(0);
            int n = tb ? bConst.dim(0) : bConst.dim(1);
            ValueInfo a = node.inputType(0);
            if (a != null && a.isFullyKnown() && a.concreteShape()[ta ? 1 : 0] == 1) {
                // A has one row in every run of this plan: the GEMM's panels would never be read (a run with
                // more rows would pack B then, as for weights given at run time)
                gemvB = rowMajorTransposed(b, tb, k, n, alpha);
            } else {
                packedB = PackedMatrix.packB(bOperand(b, tb, k, n), n, k, alpha);
            }
        }
        boolean hasC = Checks.present(node, 2);
        boolean hasZ = fused && Checks.present(node, 3);
        PackedMatrix constB = packedB;
        // on a cache-line boundary, moved back after the collector moves it: MobileNet-v1's 1024 -> 1000 layer took
        // x0.89 the time at one thread (x0.97 at two) against its rows 8 bytes off (one session, toggled run by run)
        AlignedFloats constGemv = gemvB;
        PackingGuard gemvGuard = constGemv == null ? null : new PackingGuard(constGemv);
        return ctx -> run(node, ctx, ta, tb, alpha, beta, act, constB, constGemv, gemvGuard, hasC, hasZ);
    }

    /** B' seen as N x K. */
    private static Operand bOperand(float[] b, boolean tb, int k, int n) {
        return tb ? new Operand(b, 0, k, 1) : new Operand(b, 0, 1, n);
    }

    /** alpha * B'^T as a row-major [N, K] matrix. */
    private static AlignedFloats rowMajorTransposed(float[] b, boolean tb, int k, int n, float alpha) {
        AlignedFloats t = AlignedFloats.allocate(n * k);
        float[] out = t.array();
        int o = t.origin();
        for (int j = 0; j < n; j++) {
            for (int i = 0; i < k; i++) {
                out[o + j * k + i] = alpha * (tb ? b[j * k + i] : b[i * n + j]);
            }
        }
        return t;
    }

    private void run(NodeContext node, KernelContext ctx, boolean ta, boolean tb, float alpha, float beta,
                     Activation act, PackedMatrix constB, AlignedFloats constGemv, PackingGuard gemvGuard,
                     boolean hasC, boolean hasZ) {
        Tensor a = ctx.input(0).toHeap();
        Tensor b = ctx.input(1).toHeap();
        if (a.rank() != 2 || b.rank() != 2) {
            throw fail(node, "operands " + Arrays.toString(a.shape()) + " and " + Arrays.toString(b.shape())
                    + " are not matrices");
        }
        int m = ta ? a.dim(1) : a.dim(0);
        int k = ta ? a.dim(0) : a.dim(1);
        int kb = tb ? b.dim(1) : b.dim(0);
        int n = tb ? b.dim(0) : b.dim(1);
        if (k != kb) {
            throw fail(node, "inner dimensions differ: A " + Arrays.toString(a.shape()) + " transA=" + (ta ? 1 : 0)
                    + ", B " + Arrays.toString(b.shape()) + " transB=" + (tb ? 1 : 0));
        }
        Tensor y = ctx.uninitializedOutput(0, DataType.FLOAT, m, n);
        float[] yd = y.floats();
        TileHook init = hasC ? BiasBroadcast.of(node, name(), ctx.input(2).toHeap(), m, n, beta) : TileHook.ZERO;
        TileHook post = Epilogues.post(act, hasZ ? residual(node, ctx.input(3), y) : null);
        float[] ad = a.floats();
        if (m == 1 && constGemv != null) {
            init.apply(yd, 0, n, 0, 1, 0, n);
            gemvGuard.acquire();
            try {
                Gemv.multiplyAdd(ctx, constGemv.array(), constGemv.origin(), n, k, ad, 0, yd, 0, 1);
            } finally {
                gemvGuard.release();
            }
            post.apply(yd, 0, n, 0, 1, 0, n);
            return;
        }
        PanelSource bs;
        float aScale;
        if (constB != null) {
            bs = constB;
            aScale = 1f;
        } else {
            bs = RuntimePanels.b(bOperand(b.floats(), tb, k, n), n, k);
            aScale = alpha;
        }
        Operand aOp = ta ? new Operand(ad, 0, 1, m) : new Operand(ad, 0, k, 1);
        GemmDriver.multiply(ctx, RuntimePanels.a(aOp, m, k, aScale), bs, yd, 0, n, init, post);
    }

    private float[] residual(NodeContext node, Tensor z, Tensor y) {
        if (!Arrays.equals(z.shape(), y.shape())) {
            throw fail(node, "residual " + Arrays.toString(z.shape()) + " differs from the output "
                    + Arrays.toString(y.shape()));
        }
        return z.toHeap().floats();
    }
}
