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

/** BatchNormalization, InstanceNormalization, LayerNormalization, LRN, Softmax and LogSoftmax. */
final class NormalizationSchemas {

    private NormalizationSchemas() {
    }

    static List<OperatorSchema> all() {
        return List.of(
                OpSchema.op("BatchNormalization").versions(1, 6, 7, 9, 14, 15)
                        .signature(NormalizationSchemas::batchNormSignature)
                        .infer(NormalizationSchemas::inferBatchNorm).build(),
                OpSchema.op("InstanceNormalization").versions(1, 6, 22)
                        .signature(v -> sig(3, 3, 1, 1, floatAttr("epsilon", 1e-5f)))
                        .infer(NormalizationSchemas::inferInstanceNorm).build(),
                OpSchema.op("LayerNormalization").versions(17)
                        .signature(v -> sig(2, 3, 1, 3, intAttr("axis", -1), floatAttr("epsilon", 1e-5f),
                                intAttr("stash_type", 1)))
                        .infer(NormalizationSchemas::inferLayerNorm).build(),
                OpSchema.op("LRN").versions(1, 13)
                        .signature(v -> unary(floatAttr("alpha", 1e-4f), floatAttr("beta", 0.75f),
                                floatAttr("bias", 1.0f), required("size", AttributeType.INT)))
                        .infer(ctx -> {
                            if (ctx.node().attrInt("size", 1) < 1) {
                                throw ctx.fail("size " + ctx.node().attrInt("size", 1) + " must be positive");
                            }
                            Infer.passThrough(ctx, 0, Infer.sameType(ctx, TypeSets.FLOATS, 0), 0);
                        }).build(),
                softmax("Softmax"),
                softmax("LogSoftmax"));
    }

    private static Signature batchNormSignature(int v) {
        if (v >= 14) {
            return sig(5, 5, 1, 3, floatAttr("epsilon", 1e-5f), floatAttr("momentum", 0.9f), intAttr("training_mode", 0));
        }
        if (v >= 9) {
            return sig(5, 5, 1, 5, floatAttr("epsilon", 1e-5f), floatAttr("momentum", 0.9f));
        }
        return sig(5, 5, 1, 5, floatAttr("epsilon", 1e-5f), floatAttr("momentum", 0.9f), intAttr("spatial", 1));
    }

    private static void inferBatchNorm(InferenceContext ctx) {
        int v = ctx.version();
        DataType t;
        DataType statsType;
        if (v >= 15) {
            t = Infer.sameType(ctx, TypeSets.FLOATS, 0);
            Infer.sameType(ctx, TypeSets.FLOATS, 1, 2);
            statsType = Infer.sameType(ctx, TypeSets.FLOATS, 3, 4);
        } else if (v >= 14) {
            t = Infer.sameType(ctx, TypeSets.FLOATS, 0, 1, 2);
            statsType = Infer.sameType(ctx, TypeSets.FLOATS, 3, 4);
        } else {
            t = Infer.sameType(ctx, TypeSets.FLOATS, 0, 1, 2, 3, 4);
            statsType = t;
        }
        List<Dim> x = Infer.shape(ctx, 0);
        if (x != null && x.size() < 2) {
            throw ctx.fail("input X has shape " + Dims.str(x) + "; BatchNormalization needs rank >= 2 (N, C, ...)");
        }
        Dim c = x == null ? Dim.unknown() : x.get(1);
        boolean perChannel = v >= 9 || ctx.node().attrInt("spatial", 1) != 0;
        if (perChannel) {
            for (int i = 1; i <= 4; i++) {
                c = checkChannelVector(ctx, i, c);
            }
        }
        Infer.passThrough(ctx, 0, t, 0);
        List<Dim> stats = perChannel ? List.of(c) : null;
        Infer.setIfPresent(ctx, 1, statsType, stats);
        Infer.setIfPresent(ctx, 2, statsType, stats);
        Infer.setIfPresent(ctx, 3, t, stats);
        Infer.setIfPresent(ctx, 4, t, stats);
    }

    /** Checks that input {@code i} is 1-D with {@code channels} entries; returns the channel count as known now. */
    private static Dim checkChannelVector(InferenceContext ctx, int i, Dim channels) {
        List<Dim> s = Infer.shape(ctx, i);
        if (s == null) {
            return channels;
        }
        if (s.size() != 1) {
            throw ctx.fail(Infer.name(ctx, i) + " has shape " + Dims.str(s) + ", expected 1-D [" + channels + "]");
        }
        Dim d = s.get(0);
        if (d.isKnown() && channels.isKnown() && d.value() != channels.value()) {
            throw ctx.fail("mismatched channels: " + Infer.name(ctx, i) + " has shape " + Dims.str(s)
                    + " but X has " + channels.value() + " channels");
        }
        return channels.isKnown() ? channels : d;
    }

    private static void inferInstanceNorm(InferenceContext ctx) {
        DataType t = Infer.sameType(ctx, TypeSets.FLOATS, 0, 1, 2);
        List<Dim> x = Infer.shape(ctx, 0);
        if (x != null && x.size() < 2) {
            throw ctx.fail("input has shape " + Dims.str(x) + "; InstanceNormalization needs rank >= 2 (N, C, ...)");
        }
        Dim c = x == null ? Dim.unknown() : x.get(1);
        for (int i = 1; i <= 2; i++) {
            c = checkChannelVector(ctx, i, c);
        }
        Infer.passThrough(ctx, 0, t, 0);
    }

    private static void inferLayerNorm(InferenceContext ctx) {
        DataType t = Infer.sameType(ctx, TypeSets.FLOATS, 0, 1, 2);
        long stash = ctx.node().attrInt("stash_type", 1);
        DataType u = DataType.fromOnnx((int) stash);
        if (u == null || !TypeSets.FLOATS.contains(u)) {
            throw ctx.fail("stash_type " + stash + " is not a floating-point ONNX type");
        }
        List<Dim> x = Infer.shape(ctx, 0);
        List<Dim> reduced = null;
        if (x != null) {
            int axis = Infer.axis(ctx, ctx.node().attrInt("axis", -1), x.size(), "axis");
            List<Dim> normalized = x.subList(axis, x.size());
            for (int i = 1; i <= 2; i++) {
                List<Dim> s = Infer.shape(ctx, i);
                if (s != null) {
                    ElementwiseSchemas.checkUnidirectional(ctx, s, normalized);
                }
            }
            reduced = new ArrayList<>(x.subList(0, axis));
            for (int i = axis; i < x.size(); i++) {
                reduced.add(Dim.of(1));
            }
        }
        Infer.passThrough(ctx, 0, t, 0);
        Infer.setIfPresent(ctx, 1, u, reduced);
        Infer.setIfPresent(ctx, 2, u, reduced);
    }

    /** Before version 13 the input is coerced to 2-D around {@code axis} (default 1); from 13 one axis (default -1). */
    private static OperatorSchema softmax(String op) {
        return OpSchema.op(op).versions(1, 11, 13)
                .signature(v -> unary(intAttr("axis", v >= 13 ? -1 : 1)))
                .infer(ctx -> {
                    DataType t = Infer.sameType(ctx, TypeSets.FLOATS, 0);
                    List<Dim> x = Infer.shape(ctx, 0);
                    if (x != null) {
                        long axis = ctx.node().attrInt("axis", ctx.version() >= 13 ? -1 : 1);
                        if (!x.isEmpty() || axis != -1 && axis != 0) {
                            Infer.axis(ctx, axis, x.size(), "axis");
                        }
                    }
                    ctx.setOutput(0, t, x);
                })
                .build();
    }
}
