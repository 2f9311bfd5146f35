package io.orpheus.operators;

import static io.orpheus.operators.Sigs.*;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import java.util.ArrayList;
import java.util.List;

/** Matrix products: Gemm and MatMul. */
final class LinearSchemas {

    private LinearSchemas() {
    }

    static List<OperatorSchema> all() {
        return List.of(
                OpSchema.op("Gemm").versions(1, 6, 7, 9, 11, 13)
                        .signature(v -> sig(v >= 11 ? 2 : 3, 3, 1, 1, floatAttr("alpha", 1.0f), floatAttr("beta", 1.0f),
                                intAttr("transA", 0), intAttr("transB", 0)))
                        .infer(LinearSchemas::inferGemm).build(),
                OpSchema.op("MatMul").versions(1, 9, 13)
                        .signature(v -> binary())
                        .infer(LinearSchemas::inferMatMul).build());
    }

    private static void inferGemm(InferenceContext ctx) {
        DataType t = Infer.sameType(ctx, TypeSets.MATMUL, 0, 1, 2);
        List<Dim> a = Infer.shape(ctx, 0);
        List<Dim> b = Infer.shape(ctx, 1);
        if (a != null && a.size() != 2 || b != null && b.size() != 2) {
            throw ctx.fail("Gemm needs 2-D A and B, got A " + Dims.str(a) + " and B " + Dims.str(b));
        }
        boolean transA = ctx.node().attrInt("transA", 0) != 0;
        boolean transB = ctx.node().attrInt("transB", 0) != 0;
        Dim m = a == null ? Dim.unknown() : a.get(transA ? 1 : 0);
        Dim ka = a == null ? Dim.unknown() : a.get(transA ? 0 : 1);
        Dim kb = b == null ? Dim.unknown() : b.get(transB ? 1 : 0);
        Dim n = b == null ? Dim.unknown() : b.get(transB ? 0 : 1);
        if (ka.isKnown() && kb.isKnown() && ka.value() != kb.value()) {
            throw ctx.fail("inner dimensions differ: A " + Dims.str(a) + (transA ? " (transposed)" : "") + " and B "
                    + Dims.str(b) + (transB ? " (transposed)" : ""));
        }
        List<Dim> out = List.of(m, n);
        List<Dim> c = Infer.shape(ctx, 2);
        if (c != null) {
            ElementwiseSchemas.checkUnidirectional(ctx, c, out);
        }
        ctx.setOutput(0, t, a == null && b == null ? null : out);
    }

    private static void inferMatMul(InferenceContext ctx) {
        DataType t = Infer.sameType(ctx, TypeSets.MATMUL, 0, 1);
        List<Dim> a = Infer.shape(ctx, 0);
        List<Dim> b = Infer.shape(ctx, 1);
        if (a != null && a.isEmpty() || b != null && b.isEmpty()) {
            throw ctx.fail("MatMul does not take scalars: A " + Dims.str(a) + ", B " + Dims.str(b));
        }
        if (a == null || b == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        List<Dim> aa = a.size() == 1 ? List.of(Dim.of(1), a.get(0)) : a;
        List<Dim> bb = b.size() == 1 ? List.of(b.get(0), Dim.of(1)) : b;
        Dim ka = aa.get(aa.size() - 1);
        Dim kb = bb.get(bb.size() - 2);
        if (ka.isKnown() && kb.isKnown() && ka.value() != kb.value()) {
            throw ctx.fail("inner dimensions differ: A " + Dims.str(a) + " and B " + Dims.str(b));
        }
        List<Dim> batch = Dims.broadcast(aa.subList(0, aa.size() - 2), bb.subList(0, bb.size() - 2));
        if (batch == null) {
            throw ctx.fail("batch dimensions of A " + Dims.str(a) + " and B " + Dims.str(b) + " cannot broadcast");
        }
        List<Dim> out = new ArrayList<>(batch);
        if (a.size() > 1) {
            out.add(aa.get(aa.size() - 2));
        }
        if (b.size() > 1) {
            out.add(bb.get(bb.size() - 1));
        }
        ctx.setOutput(0, t, out);
    }
}
