package io.orpheus.operators;

import static io.orpheus.operators.Sigs.*;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Reductions over axes: ReduceMean/Max/Min/Sum/Prod, ArgMax, ArgMin and TopK. */
final class ReduceSchemas {

    private ReduceSchemas() {
    }

    static List<OperatorSchema> all() {
        return List.of(
                reduce("ReduceMean", new int[] {1, 11, 13, 18}, 18, TypeSets.MATMUL),
                reduce("ReduceMax", new int[] {1, 11, 12, 13, 18, 20}, 18, TypeSets.MIN_MAX_REDUCIBLE),
                reduce("ReduceMin", new int[] {1, 11, 12, 13, 18, 20}, 18, TypeSets.MIN_MAX_REDUCIBLE),
                reduce("ReduceSum", new int[] {1, 11, 13}, 13, TypeSets.MATMUL),
                reduce("ReduceProd", new int[] {1, 11, 13, 18}, 18, TypeSets.MATMUL),
                argReduce("ArgMax"),
                argReduce("ArgMin"),
                OpSchema.op("TopK").versions(1, 10, 11, 24)
                        .signature(ReduceSchemas::topKSignature)
                        .infer(ReduceSchemas::inferTopK).build());
    }

    /**
     * A reduction whose axes are an attribute before {@code axesInputFrom} and an optional input
     * (with noop_with_empty_axes) from it on.
     */
    private static OperatorSchema reduce(String op, int[] versions, int axesInputFrom, Set<DataType> types) {
        return OpSchema.op(op).versions(versions)
                .signature(v -> v >= axesInputFrom
                        ? sig(1, 2, 1, 1, intAttr("keepdims", 1), intAttr("noop_with_empty_axes", 0))
                        : unary(optional("axes", AttributeType.INTS), intAttr("keepdims", 1)))
                .infer(ctx -> inferReduce(ctx, ctx.version() >= axesInputFrom, types))
                .build();
    }

    private static void inferReduce(InferenceContext ctx, boolean axesAsInput, Set<DataType> types) {
        DataType t = Infer.sameType(ctx, types, 0);
        boolean keep = ctx.node().attrInt("keepdims", 1) != 0;
        long[] axes;
        boolean noop = false;
        if (axesAsInput) {
            Infer.requireType(ctx, 1, TypeSets.INT64S);
            axes = Infer.constLongs(ctx, 1);
            noop = ctx.node().attrInt("noop_with_empty_axes", 0) != 0;
            if (axes == null && Infer.present(ctx, 1)) {
                int r = Infer.rank(ctx, 0);
                ctx.setOutput(0, t, keep && r >= 0 ? Dims.unknownOfRank(r) : null);
                return;
            }
        } else {
            axes = ctx.node().attrInts("axes", null);
        }
        List<Dim> x = Infer.shape(ctx, 0);
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        boolean[] reduced = new boolean[x.size()];
        if (axes == null || axes.length == 0) {
            if (noop) {
                ctx.setOutput(0, t, x);
                return;
            }
            java.util.Arrays.fill(reduced, true);
        } else {
            for (int a : ShapeSchemas.normalizeAxes(ctx, axes, x.size(), "axes")) {
                reduced[a] = true;
            }
        }
        List<Dim> out = new ArrayList<>();
        for (int i = 0; i < x.size(); i++) {
            if (!reduced[i]) {
                out.add(x.get(i));
            } else if (keep) {
                out.add(Dim.of(1));
            }
        }
        ctx.setOutput(0, t, out);
    }

    private static OperatorSchema argReduce(String op) {
        return OpSchema.op(op).versions(1, 11, 12, 13)
                .signature(v -> v >= 12
                        ? unary(intAttr("axis", 0), intAttr("keepdims", 1), intAttr("select_last_index", 0))
                        : unary(intAttr("axis", 0), intAttr("keepdims", 1)))
                .infer(ctx -> {
                    Infer.requireType(ctx, 0, TypeSets.NUMERIC);
                    List<Dim> x = Infer.shape(ctx, 0);
                    List<Dim> out = null;
                    if (x != null) {
                        int axis = Infer.axis(ctx, ctx.node().attrInt("axis", 0), x.size(), "axis");
                        out = new ArrayList<>(x);
                        if (ctx.node().attrInt("keepdims", 1) != 0) {
                            out.set(axis, Dim.of(1));
                        } else {
                            out.remove(axis);
                        }
                    }
                    ctx.setOutput(0, DataType.INT64, out);
                })
                .build();
    }

    private static Signature topKSignature(int v) {
        if (v >= 11) {
            return sig(2, 2, 2, 2, intAttr("axis", -1), intAttr("largest", 1), intAttr("sorted", 1));
        }
        if (v >= 10) {
            return sig(2, 2, 2, 2, intAttr("axis", -1));
        }
        return sig(1, 1, 2, 2, intAttr("axis", -1), required("k", AttributeType.INT));
    }

    private static void inferTopK(InferenceContext ctx) {
        DataType t = Infer.sameType(ctx, ctx.version() >= 11 ? TypeSets.NUMERIC : TypeSets.FLOATS, 0);
        Long k;
        if (ctx.version() >= 10) {
            Infer.requireType(ctx, 1, TypeSets.INT64S);
            List<Dim> kShape = Infer.shape(ctx, 1);
            if (kShape != null && (kShape.size() != 1 || kShape.get(0).isKnown() && kShape.get(0).value() != 1)) {
                throw ctx.fail("K has shape " + Dims.str(kShape) + ", expected [1]");
            }
            long[] kv = Infer.constLongs(ctx, 1);
            if (kv != null && kv.length != 1) {
                throw ctx.fail("K holds " + kv.length + " values, expected one");
            }
            k = kv == null ? null : kv[0];
        } else {
            k = ctx.node().attrInt("k", 0);
        }
        List<Dim> x = Infer.shape(ctx, 0);
        List<Dim> out = null;
        if (x != null) {
            int axis = Infer.axis(ctx, ctx.node().attrInt("axis", -1), x.size(), "axis");
            out = new ArrayList<>(x);
            if (k == null) {
                out.set(axis, Dim.unknown());
            } else {
                Dim d = x.get(axis);
                if (k < 0 || d.isKnown() && k > d.value()) {
                    throw ctx.fail("k " + k + " is out of range for axis " + axis + " of " + Dims.str(x));
                }
                out.set(axis, Dim.of(k));
            }
        }
        ctx.setOutput(0, t, out);
        ctx.setOutput(1, DataType.INT64, out);
    }
}
