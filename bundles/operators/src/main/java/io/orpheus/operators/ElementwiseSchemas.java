package io.orpheus.operators;

import static io.orpheus.operators.Sigs.*;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Element-wise operators: activations and unary math (output type and shape as the input), binary
 * arithmetic and comparisons (numpy broadcasting), variadic Sum/Max/Min/Mean, Where, Clip, PRelu.
 */
final class ElementwiseSchemas {

    private ElementwiseSchemas() {
    }

    static List<OperatorSchema> all() {
        List<OperatorSchema> s = new ArrayList<>();
        s.add(unaryOp("Relu", TypeSets.SIGNED, new int[] {1, 6, 13, 14}));
        s.add(unaryOp("LeakyRelu", TypeSets.FLOATS, new int[] {1, 6, 16}, floatAttr("alpha", 0.01f)));
        s.add(unaryOp("Sigmoid", TypeSets.FLOATS, new int[] {1, 6, 13}));
        s.add(unaryOp("HardSigmoid", TypeSets.FLOATS, new int[] {1, 6, 22},
                floatAttr("alpha", 0.2f), floatAttr("beta", 0.5f)));
        s.add(unaryOp("HardSwish", TypeSets.FLOATS, new int[] {14, 22}));
        s.add(unaryOp("Tanh", TypeSets.FLOATS, new int[] {1, 6, 13}));
        s.add(unaryOp("Elu", TypeSets.FLOATS, new int[] {1, 6, 22}, floatAttr("alpha", 1.0f)));
        // The spec prints these rounded; the defaults are the float nearest the SELU constants.
        s.add(unaryOp("Selu", TypeSets.FLOATS, new int[] {1, 6, 22},
                floatAttr("alpha", 1.67326319217681884765625f), floatAttr("gamma", 1.05070102214813232421875f)));
        s.add(unaryOp("Softplus", TypeSets.FLOATS, new int[] {1, 22}));
        s.add(unaryOp("Mish", TypeSets.FLOATS, new int[] {18, 22}));
        s.add(unaryOp("Erf", TypeSets.NUMERIC, new int[] {9, 13}));
        s.add(gelu());
        s.add(unaryOp("Softsign", TypeSets.FLOATS, new int[] {1, 22}));
        s.add(unaryOp("ThresholdedRelu", TypeSets.FLOATS, new int[] {10, 22}, floatAttr("alpha", 1.0f)));
        s.add(unaryOp("Celu", TypeSets.FLOATS, new int[] {12, 28}, floatAttr("alpha", 1.0f)));
        for (String op : List.of("Sqrt", "Exp", "Log", "Reciprocal", "Floor", "Ceil")) {
            s.add(unaryOp(op, TypeSets.FLOATS, new int[] {1, 6, 13}));
        }
        s.add(unaryOp("Abs", TypeSets.NUMERIC, new int[] {1, 6, 13}));
        s.add(unaryOp("Neg", TypeSets.SIGNED, new int[] {1, 6, 13}));
        s.add(unaryOp("Round", TypeSets.FLOATS, new int[] {11, 22}));
        s.add(unaryOp("Sign", TypeSets.NUMERIC, new int[] {9, 13}));
        s.add(unaryOp("Not", TypeSets.BOOLS, new int[] {1}));

        for (String op : List.of("Add", "Sub", "Mul", "Div")) {
            s.add(broadcasting(op, new int[] {1, 6, 7, 13, 14}, TypeSets.NUMERIC, null));
        }
        s.add(broadcasting("Equal", new int[] {1, 7, 11, 13, 19}, TypeSets.EQUAL, DataType.BOOL));
        s.add(broadcasting("Greater", new int[] {1, 7, 9, 13}, TypeSets.NUMERIC, DataType.BOOL));
        s.add(broadcasting("Less", new int[] {1, 7, 9, 13}, TypeSets.NUMERIC, DataType.BOOL));
        s.add(broadcasting("GreaterOrEqual", new int[] {12, 16}, TypeSets.NUMERIC, DataType.BOOL));
        s.add(broadcasting("LessOrEqual", new int[] {12, 16}, TypeSets.NUMERIC, DataType.BOOL));
        s.add(broadcasting("And", new int[] {1, 7}, TypeSets.BOOLS, DataType.BOOL));
        s.add(broadcasting("Or", new int[] {1, 7}, TypeSets.BOOLS, DataType.BOOL));
        s.add(pow());

        s.add(variadic("Sum", new int[] {1, 6, 8, 13}, TypeSets.FLOATS));
        s.add(variadic("Mean", new int[] {1, 6, 8, 13}, TypeSets.FLOATS));
        s.add(variadic("Max", new int[] {1, 6, 8, 12, 13}, TypeSets.NUMERIC));
        s.add(variadic("Min", new int[] {1, 6, 8, 12, 13}, TypeSets.NUMERIC));

        s.add(where());
        s.add(clip());
        s.add(prelu());
        return s;
    }

    /** One input, one output of the same type and shape. */
    static OperatorSchema unaryOp(String op, Set<DataType> types, int[] versions, AttributeRule... attrs) {
        return OpSchema.op(op).versions(versions)
                .signature(v -> unary(attrs))
                .infer(ctx -> Infer.passThrough(ctx, 0, Infer.sameType(ctx, types, 0), 0))
                .build();
    }

    private static OperatorSchema gelu() {
        return OpSchema.op("Gelu").versions(20)
                .signature(v -> unary(stringAttr("approximate", "none")))
                .infer(ctx -> {
                    String approximate = ctx.node().attrString("approximate", "none");
                    if (!approximate.equals("none") && !approximate.equals("tanh")) {
                        throw ctx.fail("approximate '" + approximate + "' is not 'none' or 'tanh'");
                    }
                    Infer.passThrough(ctx, 0, Infer.sameType(ctx, TypeSets.FLOATS, 0), 0);
                })
                .build();
    }

    /** Two inputs of one type, multidirectional broadcasting; output of the inputs' type or {@code result}. */
    private static OperatorSchema broadcasting(String op, int[] versions, Set<DataType> types, DataType result) {
        return OpSchema.op(op).versions(versions)
                .signature(v -> binary())
                .infer(ctx -> {
                    DataType t = Infer.sameType(ctx, types, 0, 1);
                    ctx.setOutput(0, result != null ? result : t, Infer.broadcastInputs(ctx, 0, 1));
                })
                .build();
    }

    private static OperatorSchema pow() {
        return OpSchema.op("Pow").versions(1, 7, 12, 13, 15)
                .signature(v -> binary())
                .infer(ctx -> {
                    DataType t = Infer.sameType(ctx, TypeSets.POW_BASE, 0);
                    Infer.requireType(ctx, 1, TypeSets.NUMERIC);
                    ctx.setOutput(0, t, Infer.broadcastInputs(ctx, 0, 1));
                })
                .build();
    }

    private static OperatorSchema variadic(String op, int[] versions, Set<DataType> types) {
        return OpSchema.op(op).versions(versions)
                .signature(v -> sig(1, N, 1, 1))
                .infer(ctx -> {
                    DataType t = Infer.sameTypeAll(ctx, types);
                    int[] all = new int[ctx.inputCount()];
                    for (int i = 0; i < all.length; i++) {
                        all[i] = i;
                    }
                    ctx.setOutput(0, t, ctx.version() >= 8 ? Infer.broadcastInputs(ctx, all) : sameShapes(ctx, all));
                })
                .build();
    }

    /** Before broadcasting was introduced, variadic inputs had to agree in shape. */
    private static List<Dim> sameShapes(InferenceContext ctx, int[] inputs) {
        List<Dim> acc = null;
        for (int i : inputs) {
            List<Dim> s = Infer.shape(ctx, i);
            if (s == null) {
                return null;
            }
            if (acc == null) {
                acc = new ArrayList<>(s);
                continue;
            }
            if (s.size() != acc.size()) {
                throw ctx.fail("version " + ctx.version() + " needs inputs of one shape, got " + Dims.str(acc)
                        + " and " + Dims.str(s));
            }
            for (int d = 0; d < s.size(); d++) {
                Dim a = acc.get(d);
                Dim b = s.get(d);
                if (a.isKnown() && b.isKnown() && a.value() != b.value()) {
                    throw ctx.fail("version " + ctx.version() + " needs inputs of one shape, got " + Dims.str(acc)
                            + " and " + Dims.str(s));
                }
                if (!a.isKnown() && b.isKnown()) {
                    acc.set(d, b);
                }
            }
        }
        return acc;
    }

    private static OperatorSchema where() {
        return OpSchema.op("Where").versions(9, 16)
                .signature(v -> sig(3, 3, 1, 1))
                .infer(ctx -> {
                    Infer.requireType(ctx, 0, TypeSets.BOOLS);
                    DataType t = Infer.sameType(ctx, TypeSets.ANY, 1, 2);
                    ctx.setOutput(0, t, Infer.broadcastInputs(ctx, 0, 1, 2));
                })
                .build();
    }

    private static OperatorSchema clip() {
        return OpSchema.op("Clip").versions(1, 6, 11, 12, 13)
                .signature(v -> v < 11
                        ? unary(floatAttr("min", -Float.MAX_VALUE), floatAttr("max", Float.MAX_VALUE))
                        : sig(1, 3, 1, 1))
                .infer(ctx -> {
                    Set<DataType> types = ctx.version() < 12 ? TypeSets.FLOATS : TypeSets.NUMERIC;
                    DataType t = Infer.sameType(ctx, types, 0, 1, 2);
                    for (int i = 1; i <= 2; i++) {
                        List<Dim> bound = Infer.shape(ctx, i);
                        if (bound != null && Dims.allKnown(bound) && Dims.product(bound).value() != 1) {
                            throw ctx.fail(Infer.name(ctx, i) + " must be a scalar, has shape " + Dims.str(bound));
                        }
                    }
                    Infer.passThrough(ctx, 0, t, 0);
                })
                .build();
    }

    private static OperatorSchema prelu() {
        return OpSchema.op("PRelu").versions(1, 6, 7, 9, 16)
                .signature(v -> binary())
                .infer(ctx -> {
                    DataType t = Infer.sameType(ctx, TypeSets.MATMUL, 0, 1);
                    List<Dim> x = Infer.shape(ctx, 0);
                    List<Dim> slope = Infer.shape(ctx, 1);
                    if (x != null && slope != null) {
                        checkUnidirectional(ctx, slope, x);
                    }
                    ctx.setOutput(0, t, x);
                })
                .build();
    }

    /** Fails unless {@code from} broadcasts to {@code to} without changing {@code to}. */
    static void checkUnidirectional(InferenceContext ctx, List<Dim> from, List<Dim> to) {
        boolean ok = from.size() <= to.size();
        for (int i = 0; ok && i < from.size(); i++) {
            Dim f = from.get(i);
            Dim t = to.get(to.size() - from.size() + i);
            if (f.isKnown() && f.value() != 1 && t.isKnown() && t.value() != f.value()) {
                ok = false;
            }
        }
        if (!ok) {
            throw ctx.fail("shape " + Dims.str(from) + " cannot broadcast to " + Dims.str(to));
        }
    }
}
