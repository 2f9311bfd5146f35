package io.orpheus.operators;

import static io.orpheus.operators.Sigs.*;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.List;

/** Operators that make or retype tensors: Constant, ConstantOfShape, Range, Cast, CastLike, Dropout. */
final class TensorSchemas {

    private TensorSchemas() {
    }

    static List<OperatorSchema> all() {
        return List.of(
                OpSchema.op("Constant").versions(1, 9, 11, 12, 13, 19, 21, 23, 24, 25)
                        .signature(TensorSchemas::constantSignature)
                        .infer(TensorSchemas::inferConstant).build(),
                OpSchema.op("ConstantOfShape").versions(9, 20, 21, 23, 24, 25)
                        .signature(v -> unary(optional("value", AttributeType.TENSOR)))
                        .infer(TensorSchemas::inferConstantOfShape).build(),
                OpSchema.op("Range").versions(11, 27)
                        .signature(v -> v >= 27 ? sig(3, 3, 1, 1, intAttr("stash_type", 1)) : sig(3, 3, 1, 1))
                        .infer(TensorSchemas::inferRange).build(),
                OpSchema.op("Cast").versions(1, 6, 9, 13, 19, 21, 23, 24, 25)
                        .signature(v -> unary(castAttributes(v, required("to", AttributeType.INT))))
                        .infer(TensorSchemas::inferCast).build(),
                OpSchema.op("CastLike").versions(15, 19, 21, 23, 24, 25)
                        .signature(v -> binary(castAttributes(v)))
                        .infer(ctx -> Infer.passThrough(ctx, 0, Infer.dtype(ctx, 1), 0)).build(),
                OpSchema.op("Dropout").versions(1, 6, 7, 10, 12, 13, 22)
                        .signature(v -> v >= 12 ? sig(1, 3, 1, 2, optional("seed", AttributeType.INT))
                                : sig(1, 1, 1, 2, floatAttr("ratio", 0.5f)))
                        .infer(TensorSchemas::inferDropout).build());
    }

    private static AttributeRule[] castAttributes(int v, AttributeRule... first) {
        List<AttributeRule> rules = new ArrayList<>(List.of(first));
        if (v >= 19) {
            rules.add(intAttr("saturate", 1));
        }
        if (v >= 24) {
            rules.add(stringAttr("round_mode", "up"));
        }
        return rules.toArray(AttributeRule[]::new);
    }

    private static final List<String> VALUE_ATTRIBUTES = List.of("value", "sparse_value", "value_float",
            "value_floats", "value_int", "value_ints", "value_string", "value_strings");

    private static Signature constantSignature(int v) {
        if (v < 11) {
            return sig(0, 0, 1, 1, required("value", AttributeType.TENSOR));
        }
        List<AttributeRule> rules = new ArrayList<>(List.of(optional("sparse_value", AttributeType.SPARSE_TENSOR),
                optional("value", AttributeType.TENSOR)));
        if (v >= 12) {
            rules.addAll(List.of(optional("value_float", AttributeType.FLOAT), optional("value_floats", AttributeType.FLOATS),
                    optional("value_int", AttributeType.INT), optional("value_ints", AttributeType.INTS),
                    optional("value_string", AttributeType.STRING), optional("value_strings", AttributeType.STRINGS)));
        }
        return sig(0, 0, 1, 1, rules.toArray(AttributeRule[]::new));
    }

    private static void inferConstant(InferenceContext ctx) {
        List<Attribute> given = new ArrayList<>();
        for (String name : VALUE_ATTRIBUTES) {
            Attribute a = ctx.node().attribute(name);
            if (a != null) {
                given.add(a);
            }
        }
        if (given.size() != 1) {
            throw ctx.fail("exactly one value attribute must be set, found " + given.size()
                    + (given.isEmpty() ? "" : " " + given.stream().map(Attribute::name).toList()));
        }
        Attribute a = given.get(0);
        switch (a.name()) {
            case "value", "sparse_value" -> {
                Tensor t = a.asTensor();
                ctx.setOutput(0, t.dtype(), t.shape());
            }
            case "value_float" -> ctx.setOutput(0, DataType.FLOAT);
            case "value_int" -> ctx.setOutput(0, DataType.INT64);
            case "value_string" -> ctx.setOutput(0, DataType.STRING);
            case "value_floats" -> ctx.setOutput(0, DataType.FLOAT, a.asFloats().length);
            case "value_ints" -> ctx.setOutput(0, DataType.INT64, a.asInts().length);
            case "value_strings" -> ctx.setOutput(0, DataType.STRING, a.asStrings().size());
            default -> throw new IllegalStateException(a.name());
        }
    }

    private static void inferConstantOfShape(InferenceContext ctx) {
        Infer.requireType(ctx, 0, TypeSets.INT64S);
        Infer.requireRank(ctx, 0, 1);
        Attribute value = ctx.node().attribute("value");
        DataType t = DataType.FLOAT;
        if (value != null) {
            Tensor v = value.asTensor();
            if (v.size() != 1) {
                throw ctx.fail("value must hold one element, holds " + v.size());
            }
            t = v.dtype();
        }
        long[] shape = Infer.constLongs(ctx, 0);
        if (shape != null) {
            for (long d : shape) {
                if (d < 0) {
                    throw ctx.fail("shape " + java.util.Arrays.toString(shape) + " has a negative dimension");
                }
            }
            ctx.setOutput(0, t, shape);
            return;
        }
        List<Dim> s = Infer.shape(ctx, 0);
        ctx.setOutput(0, t, s != null && s.get(0).isKnown() ? Dims.unknownOfRank((int) s.get(0).value()) : null);
    }

    private static void inferRange(InferenceContext ctx) {
        DataType t = Infer.sameType(ctx, TypeSets.RANGE, 0, 1, 2);
        for (int i = 0; i < 3; i++) {
            List<Dim> s = Infer.shape(ctx, i);
            if (s != null && Dims.allKnown(s) && Dims.product(s).value() != 1) {
                throw ctx.fail(Infer.name(ctx, i) + " must be a scalar, has shape " + Dims.str(s));
            }
        }
        double[] start = Infer.constDoubles(ctx, 0);
        double[] limit = Infer.constDoubles(ctx, 1);
        double[] delta = Infer.constDoubles(ctx, 2);
        if (start == null || limit == null || delta == null) {
            ctx.setOutput(0, t, List.of(Dim.unknown()));
            return;
        }
        if (delta[0] == 0) {
            throw ctx.fail("delta is 0");
        }
        long count;
        if (t != null && t.isInteger()) {
            long[] s = Infer.constLongs(ctx, 0);
            long[] l = Infer.constLongs(ctx, 1);
            long[] d = Infer.constLongs(ctx, 2);
            count = Math.max(0, Math.ceilDiv(l[0] - s[0], d[0]));
        } else {
            count = (long) Math.max(0, Math.ceil((limit[0] - start[0]) / delta[0]));
        }
        ctx.setOutput(0, t, count);
    }

    private static void inferCast(InferenceContext ctx) {
        Attribute to = ctx.node().attribute("to");
        if (to == null) {
            throw ctx.fail("required attribute 'to' is missing");
        }
        DataType t = DataType.fromOnnx((int) to.asInt());
        if (t == null) {
            throw ctx.fail("'to' = " + to.asInt() + " is not an ONNX data type");
        }
        Infer.passThrough(ctx, 0, t, 0);
    }

    private static void inferDropout(InferenceContext ctx) {
        int v = ctx.version();
        DataType t = Infer.sameType(ctx, TypeSets.ANY_FLOAT, 0);
        if (v >= 12) {
            Infer.requireType(ctx, 1, TypeSets.ANY_FLOAT);
            Infer.requireType(ctx, 2, TypeSets.BOOLS);
        } else {
            float ratio = ctx.node().attrFloat("ratio", 0.5f);
            if (!(ratio >= 0 && ratio < 1)) {
                throw ctx.fail("ratio " + ratio + " is not in [0, 1)");
            }
        }
        Infer.passThrough(ctx, 0, t, 0);
        Infer.setIfPresent(ctx, 1, v >= 10 ? DataType.BOOL : t, Infer.shape(ctx, 0));
    }
}
