package io.orpheus.operators;

import static io.orpheus.operators.Sigs.*;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Node;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Convolutions and pools: Conv, ConvTranspose, MaxPool, AveragePool, GlobalAveragePool, GlobalMaxPool. */
final class ConvPoolSchemas {

    private ConvPoolSchemas() {
    }

    static List<OperatorSchema> all() {
        return List.of(
                OpSchema.op("Conv").versions(1, 11, 22)
                        .signature(v -> sig(2, 3, 1, 1, convAttributes()))
                        .infer(ConvPoolSchemas::inferConv).build(),
                OpSchema.op("ConvTranspose").versions(1, 11, 22)
                        .signature(v -> sig(2, 3, 1, 1, plus(convAttributes(),
                                optional("output_padding", AttributeType.INTS),
                                optional("output_shape", AttributeType.INTS))))
                        .infer(ConvPoolSchemas::inferConvTranspose).build(),
                OpSchema.op("MaxPool").versions(1, 8, 10, 11, 12, 22)
                        .signature(ConvPoolSchemas::maxPoolSignature)
                        .infer(ctx -> inferPool(ctx, TypeSets.MAXPOOL)).build(),
                OpSchema.op("AveragePool").versions(1, 7, 10, 11, 19, 22)
                        .signature(ConvPoolSchemas::averagePoolSignature)
                        .infer(ctx -> inferPool(ctx, TypeSets.FLOATS)).build(),
                OpSchema.op("GlobalAveragePool").versions(1, 22)
                        .signature(v -> unary()).infer(ConvPoolSchemas::inferGlobalPool).build(),
                OpSchema.op("GlobalMaxPool").versions(1, 22)
                        .signature(v -> unary()).infer(ConvPoolSchemas::inferGlobalPool).build());
    }

    private static AttributeRule[] convAttributes() {
        return new AttributeRule[] {
            stringAttr("auto_pad", "NOTSET"), optional("dilations", AttributeType.INTS), intAttr("group", 1),
            optional("kernel_shape", AttributeType.INTS), optional("pads", AttributeType.INTS),
            optional("strides", AttributeType.INTS)};
    }

    private static Signature maxPoolSignature(int v) {
        List<AttributeRule> a = new ArrayList<>(List.of(stringAttr("auto_pad", "NOTSET"),
                required("kernel_shape", AttributeType.INTS), optional("pads", AttributeType.INTS),
                optional("strides", AttributeType.INTS)));
        if (v >= 8) {
            a.add(intAttr("storage_order", 0));
        }
        if (v >= 10) {
            a.add(intAttr("ceil_mode", 0));
            a.add(optional("dilations", AttributeType.INTS));
        }
        return sig(1, 1, 1, v >= 8 ? 2 : 1, a.toArray(AttributeRule[]::new));
    }

    private static Signature averagePoolSignature(int v) {
        List<AttributeRule> a = new ArrayList<>(List.of(stringAttr("auto_pad", "NOTSET"),
                required("kernel_shape", AttributeType.INTS), optional("pads", AttributeType.INTS),
                optional("strides", AttributeType.INTS)));
        if (v >= 7) {
            a.add(intAttr("count_include_pad", 0));
        }
        if (v >= 10) {
            a.add(intAttr("ceil_mode", 0));
        }
        if (v >= 19) {
            a.add(optional("dilations", AttributeType.INTS));
        }
        return sig(1, 1, 1, 1, a.toArray(AttributeRule[]::new));
    }

    /** Input 0's shape, checked to be [N, C, spatial...] with at least {@code minRank} dims; null when unknown. */
    private static List<Dim> batchChannelInput(InferenceContext ctx, int minRank) {
        List<Dim> x = Infer.shape(ctx, 0);
        if (x != null && x.size() < minRank) {
            throw ctx.fail("input X has shape " + Dims.str(x) + "; " + ctx.node().opType()
                    + " needs rank >= " + minRank + " (N, C, spatial...)");
        }
        return x;
    }

    private static void inferConv(InferenceContext ctx) {
        DataType t = Infer.sameType(ctx, TypeSets.FLOATS, 0, 1, 2);
        Node n = ctx.node();
        List<Dim> x = batchChannelInput(ctx, 3);
        List<Dim> w = Infer.shape(ctx, 1);
        long group = n.attrInt("group", 1);
        if (group < 1) {
            throw ctx.fail("group " + group + " must be positive");
        }
        if (x != null && w != null) {
            if (w.size() != x.size()) {
                throw ctx.fail("X has shape " + Dims.str(x) + " but W has shape " + Dims.str(w)
                        + "; their ranks must agree");
            }
            Dim c = x.get(1);
            Dim wc = w.get(1);
            if (c.isKnown() && wc.isKnown() && c.value() != wc.value() * group) {
                throw ctx.fail("mismatched channels: X " + Dims.str(x) + " has " + c.value() + " channels but W "
                        + Dims.str(w) + " expects " + wc.value() + " x group " + group + " = " + wc.value() * group);
            }
        }
        Dim m = w == null ? Dim.unknown() : w.get(0);
        if (m.isKnown() && m.value() % group != 0) {
            throw ctx.fail("W " + Dims.str(w) + " has " + m.value() + " output channels, not divisible by group " + group);
        }
        checkBias(ctx, m);
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        int spatial = x.size() - 2;
        long[] kernel = kernelShape(ctx, w, spatial);
        SpatialWindow win = SpatialWindow.read(ctx, spatial, kernel);
        List<Dim> out = new ArrayList<>();
        out.add(x.get(0));
        out.add(m);
        for (int i = 0; i < spatial; i++) {
            out.add(win.output(ctx, i, x.get(i + 2), false, false));
        }
        ctx.setOutput(0, t, out);
    }

    /** The kernel_shape attribute, checked against the weights' spatial dims, or those dims when known. */
    private static long[] kernelShape(InferenceContext ctx, List<Dim> w, int spatial) {
        long[] attr = ctx.node().attrInts("kernel_shape", null);
        List<Dim> wSpatial = w == null ? null : w.subList(2, w.size());
        if (attr != null) {
            if (wSpatial != null) {
                for (int i = 0; i < Math.min(attr.length, wSpatial.size()); i++) {
                    Dim d = wSpatial.get(i);
                    if (d.isKnown() && d.value() != attr[i]) {
                        throw ctx.fail("kernel_shape " + Arrays.toString(attr) + " disagrees with W " + Dims.str(w));
                    }
                }
            }
            return attr;
        }
        return wSpatial != null && Dims.allKnown(wSpatial) && wSpatial.size() == spatial ? Dims.values(wSpatial) : null;
    }

    private static void checkBias(InferenceContext ctx, Dim channels) {
        List<Dim> b = Infer.shape(ctx, 2);
        if (b == null) {
            return;
        }
        if (b.size() != 1) {
            throw ctx.fail("bias B has shape " + Dims.str(b) + ", expected 1-D [" + channels + "]");
        }
        if (b.get(0).isKnown() && channels.isKnown() && b.get(0).value() != channels.value()) {
            throw ctx.fail("bias B has shape " + Dims.str(b) + " but there are " + channels.value() + " output channels");
        }
    }

    private static void inferConvTranspose(InferenceContext ctx) {
        DataType t = Infer.sameType(ctx, TypeSets.FLOATS, 0, 1, 2);
        Node n = ctx.node();
        List<Dim> x = batchChannelInput(ctx, 3);
        List<Dim> w = Infer.shape(ctx, 1);
        long group = n.attrInt("group", 1);
        if (group < 1) {
            throw ctx.fail("group " + group + " must be positive");
        }
        if (x != null && w != null) {
            if (w.size() != x.size()) {
                throw ctx.fail("X has shape " + Dims.str(x) + " but W has shape " + Dims.str(w)
                        + "; their ranks must agree");
            }
            Dim c = x.get(1);
            Dim wc = w.get(0);
            if (c.isKnown() && wc.isKnown() && c.value() != wc.value()) {
                throw ctx.fail("mismatched channels: X " + Dims.str(x) + " has " + c.value() + " channels but W "
                        + Dims.str(w) + " takes " + wc.value());
            }
        }
        Dim m = w == null ? Dim.unknown() : Dims.times(w.get(1), group);
        checkBias(ctx, m);
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        int spatial = x.size() - 2;
        long[] kernel = kernelShape(ctx, w, spatial);
        SpatialWindow win = SpatialWindow.read(ctx, spatial, kernel);
        long[] outputPadding = SpatialWindow.perAxis(ctx, "output_padding", n.attrInts("output_padding", null), spatial, 0);
        long[] outputShape = n.attrInts("output_shape", null);
        if (outputShape != null && outputShape.length == spatial + 2) {
            outputShape = Arrays.copyOfRange(outputShape, 2, outputShape.length);
        }
        if (outputShape != null && outputShape.length != spatial) {
            throw ctx.fail("output_shape " + Arrays.toString(outputShape) + " has " + outputShape.length
                    + " values, expected " + spatial + " for " + spatial + " spatial axes");
        }
        List<Dim> out = new ArrayList<>();
        out.add(x.get(0));
        out.add(m);
        for (int i = 0; i < spatial; i++) {
            Dim in = x.get(i + 2);
            if (outputShape != null) {
                out.add(Dim.of(outputShape[i]));
            } else if (!in.isKnown() || kernel == null) {
                out.add(Dim.unknown());
            } else if (win.samePadding()) {
                out.add(Dim.of(in.value() * win.strides()[i]));
            } else {
                boolean valid = win.autoPad().equals("VALID");
                long pads = valid ? 0 : win.pads()[i] + win.pads()[i + spatial];
                long effK = (kernel[i] - 1) * win.dilations()[i] + 1;
                long size = win.strides()[i] * (in.value() - 1) + outputPadding[i] + effK - pads;
                if (size <= 0) {
                    throw ctx.fail("spatial axis " + i + " of X " + Dims.str(x) + " gives output size " + size);
                }
                out.add(Dim.of(size));
            }
        }
        ctx.setOutput(0, t, out);
    }

    private static void inferPool(InferenceContext ctx, java.util.Set<DataType> types) {
        DataType t = Infer.sameType(ctx, types, 0);
        Node n = ctx.node();
        long[] kernel = n.attrInts("kernel_shape", null);
        if (kernel == null) {
            throw ctx.fail("required attribute kernel_shape is missing");
        }
        List<Dim> x = batchChannelInput(ctx, 3);
        List<Dim> out = null;
        if (x != null) {
            int spatial = x.size() - 2;
            SpatialWindow win = SpatialWindow.read(ctx, spatial, kernel);
            boolean ceil = n.attrInt("ceil_mode", 0) != 0;
            out = new ArrayList<>();
            out.add(x.get(0));
            out.add(x.get(1));
            for (int i = 0; i < spatial; i++) {
                out.add(win.output(ctx, i, x.get(i + 2), ceil, true));
            }
        }
        ctx.setOutput(0, t, out);
        Infer.setIfPresent(ctx, 1, DataType.INT64, out);
    }

    private static void inferGlobalPool(InferenceContext ctx) {
        DataType t = Infer.sameType(ctx, TypeSets.FLOATS, 0);
        List<Dim> x = batchChannelInput(ctx, 2);
        List<Dim> out = null;
        if (x != null) {
            out = new ArrayList<>(x.subList(0, 2));
            for (int i = 2; i < x.size(); i++) {
                out.add(Dim.of(1));
            }
        }
        ctx.setOutput(0, t, out);
    }
}
