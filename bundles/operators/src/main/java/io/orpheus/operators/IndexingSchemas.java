package io.orpheus.operators;

import static io.orpheus.operators.Sigs.*;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Operators that join, cut or pick parts of tensors: Concat, Split, Slice, Pad, Gather. */
final class IndexingSchemas {

    private IndexingSchemas() {
    }

    static List<OperatorSchema> all() {
        return List.of(
                OpSchema.op("Concat").versions(1, 4, 11, 13)
                        .signature(v -> sig(1, N, 1, 1, required("axis", AttributeType.INT)))
                        .infer(IndexingSchemas::inferConcat).build(),
                OpSchema.op("Split").versions(1, 2, 11, 13, 18)
                        .signature(IndexingSchemas::splitSignature)
                        .infer(IndexingSchemas::inferSplit).build(),
                OpSchema.op("Slice").versions(1, 10, 11, 13)
                        .signature(v -> v >= 10 ? sig(3, 5, 1, 1)
                                : unary(optional("axes", AttributeType.INTS), required("ends", AttributeType.INTS),
                                        required("starts", AttributeType.INTS)))
                        .infer(IndexingSchemas::inferSlice).build(),
                OpSchema.op("Pad").versions(1, 2, 11, 13, 18, 19, 21, 23, 24, 25)
                        .signature(IndexingSchemas::padSignature)
                        .infer(IndexingSchemas::inferPad).build(),
                OpSchema.op("Gather").versions(1, 11, 13)
                        .signature(v -> binary(intAttr("axis", 0)))
                        .infer(IndexingSchemas::inferGather).build());
    }

    private static Signature splitSignature(int v) {
        if (v >= 18) {
            return sig(1, 2, 1, N, intAttr("axis", 0), optional("num_outputs", AttributeType.INT));
        }
        if (v >= 13) {
            return sig(1, 2, 1, N, intAttr("axis", 0));
        }
        return sig(1, 1, 1, N, intAttr("axis", 0), optional("split", AttributeType.INTS));
    }

    private static Signature padSignature(int v) {
        if (v >= 18) {
            return sig(2, 4, 1, 1, stringAttr("mode", "constant"));
        }
        if (v >= 11) {
            return sig(2, 3, 1, 1, stringAttr("mode", "constant"));
        }
        return unary(stringAttr("mode", "constant"), required("pads", AttributeType.INTS), floatAttr("value", 0f));
    }

    private static void inferConcat(InferenceContext ctx) {
        DataType t = Infer.sameTypeAll(ctx, TypeSets.ANY);
        if (!ctx.node().has("axis")) {
            throw ctx.fail("required attribute axis is missing");
        }
        long axisAttr = ctx.node().attrInt("axis", 0);
        List<Dim> out = null;
        int axis = -1;
        boolean axisKnown = true;
        long axisSum = 0;
        String seen = "";
        for (int i = 0; i < ctx.inputCount(); i++) {
            List<Dim> s = Infer.shape(ctx, i);
            if (s == null) {
                axisKnown = false;
                continue;
            }
            seen += (seen.isEmpty() ? "" : ", ") + Dims.str(s);
            if (out == null) {
                axis = Infer.axis(ctx, axisAttr, s.size(), "axis");
                out = new ArrayList<>(s);
            } else if (s.size() != out.size()) {
                throw ctx.fail("inputs have different ranks: " + seen);
            }
            for (int d = 0; d < s.size(); d++) {
                if (d == axis) {
                    continue;
                }
                Dim a = out.get(d);
                Dim b = s.get(d);
                if (a.isKnown() && b.isKnown() && a.value() != b.value()) {
                    throw ctx.fail("inputs differ off the concat axis " + axis + ": " + seen);
                }
                if (!a.isKnown() && (b.isKnown() || !a.isSymbolic() && b.isSymbolic())) {
                    out.set(d, b);
                }
            }
            Dim along = s.get(axis);
            if (along.isKnown()) {
                axisSum += along.value();
            } else {
                axisKnown = false;
            }
        }
        if (out != null) {
            boolean single = ctx.inputCount() == 1;
            out.set(axis, axisKnown ? Dim.of(axisSum) : single ? out.get(axis) : Dim.unknown());
        }
        ctx.setOutput(0, t, out);
    }

    private static void inferSplit(InferenceContext ctx) {
        DataType t = Infer.dtype(ctx, 0);
        int n = Infer.outputCount(ctx);
        int v = ctx.version();
        long[] split = null;
        boolean splitGiven;
        if (v >= 13) {
            splitGiven = Infer.present(ctx, 1);
            Infer.requireType(ctx, 1, TypeSets.INT64S);
            split = Infer.constLongs(ctx, 1);
        } else {
            split = ctx.node().attrInts("split", null);
            splitGiven = split != null;
        }
        Long numOutputs = v >= 18 && ctx.node().has("num_outputs") ? ctx.node().attrInt("num_outputs", 0) : null;
        if (numOutputs != null) {
            if (splitGiven) {
                throw ctx.fail("both the split input and num_outputs are given; the spec allows one");
            }
            if (numOutputs != n) {
                throw ctx.fail("num_outputs " + numOutputs + " but the node has " + n + " outputs");
            }
        }
        if (split != null) {
            if (split.length != n) {
                throw ctx.fail("split " + Arrays.toString(split) + " has " + split.length + " entries for " + n + " outputs");
            }
            for (long s : split) {
                if (s < 0) {
                    throw ctx.fail("split " + Arrays.toString(split) + " has a negative entry");
                }
            }
        }
        List<Dim> x = Infer.shape(ctx, 0);
        if (x == null) {
            for (int i = 0; i < n; i++) {
                Infer.setIfPresent(ctx, i, t, null);
            }
            return;
        }
        int axis = Infer.axis(ctx, ctx.node().attrInt("axis", 0), x.size(), "axis");
        Dim dim = x.get(axis);
        Dim[] parts = new Dim[n];
        if (split != null) {
            long sum = Arrays.stream(split).sum();
            if (dim.isKnown() && sum != dim.value()) {
                throw ctx.fail("split " + Arrays.toString(split) + " sums to " + sum + " but axis " + axis + " of "
                        + Dims.str(x) + " has size " + dim.value());
            }
            for (int i = 0; i < n; i++) {
                parts[i] = Dim.of(split[i]);
            }
        } else if (splitGiven || !dim.isKnown()) {
            Arrays.fill(parts, Dim.unknown());
        } else if (numOutputs != null) {
            long chunk = SpatialWindow.ceilDiv(dim.value(), n);
            long left = dim.value();
            for (int i = 0; i < n; i++) {
                long part = Math.min(chunk, left);
                parts[i] = Dim.of(part);
                left -= part;
            }
        } else {
            if (dim.value() % n != 0) {
                throw ctx.fail("axis " + axis + " of " + Dims.str(x) + " (size " + dim.value()
                        + ") does not split evenly into " + n + " outputs");
            }
            Arrays.fill(parts, Dim.of(dim.value() / n));
        }
        for (int i = 0; i < n; i++) {
            List<Dim> out = new ArrayList<>(x);
            out.set(axis, parts[i]);
            Infer.setIfPresent(ctx, i, t, out);
        }
    }

    private static void inferSlice(InferenceContext ctx) {
        DataType t = Infer.dtype(ctx, 0);
        long[] starts;
        long[] ends;
        long[] axes;
        long[] steps;
        boolean axesKnown;
        boolean stepsKnown = true;
        if (ctx.version() >= 10) {
            for (int i = 1; i < 5; i++) {
                Infer.requireType(ctx, i, TypeSets.INDICES);
            }
            Infer.sameType(ctx, TypeSets.INDICES, 1, 2, 3, 4);
            starts = Infer.constLongs(ctx, 1);
            ends = Infer.constLongs(ctx, 2);
            axes = Infer.constLongs(ctx, 3);
            axesKnown = axes != null || !Infer.present(ctx, 3);
            steps = Infer.constLongs(ctx, 4);
            stepsKnown = steps != null || !Infer.present(ctx, 4);
        } else {
            starts = ctx.node().attrInts("starts", null);
            ends = ctx.node().attrInts("ends", null);
            axes = ctx.node().attrInts("axes", null);
            axesKnown = true;
            steps = null;
        }
        List<Dim> x = Infer.shape(ctx, 0);
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        int r = x.size();
        if (starts == null || ends == null || !axesKnown || !stepsKnown) {
            List<Dim> out = Dims.unknownOfRank(r);
            if (axes != null) {
                boolean[] sliced = new boolean[r];
                for (int a : ShapeSchemas.normalizeAxes(ctx, axes, r, "axes")) {
                    sliced[a] = true;
                }
                for (int i = 0; i < r; i++) {
                    if (!sliced[i]) {
                        out.set(i, x.get(i));
                    }
                }
            }
            ctx.setOutput(0, t, out);
            return;
        }
        if (ends.length != starts.length || axes != null && axes.length != starts.length
                || steps != null && steps.length != starts.length) {
            throw ctx.fail("starts " + Arrays.toString(starts) + ", ends " + Arrays.toString(ends) + ", axes "
                    + Arrays.toString(axes) + " and steps " + Arrays.toString(steps) + " differ in length");
        }
        if (axes == null) {
            axes = new long[starts.length];
            for (int i = 0; i < axes.length; i++) {
                axes[i] = i;
            }
        }
        int[] ax = ShapeSchemas.normalizeAxes(ctx, axes, r, "axes");
        List<Dim> out = new ArrayList<>(x);
        for (int i = 0; i < ax.length; i++) {
            long step = steps == null ? 1 : steps[i];
            if (step == 0) {
                throw ctx.fail("steps " + Arrays.toString(steps) + " has a zero step");
            }
            out.set(ax[i], sliceLength(x.get(ax[i]), starts[i], ends[i], step));
        }
        ctx.setOutput(0, t, out);
    }

    /** Elements a slice [start, end) by step keeps along a dimension, as the spec clamps them. */
    private static Dim sliceLength(Dim dim, long start, long end, long step) {
        if (!dim.isKnown()) {
            boolean whole = step == 1 && start == 0 && end >= Integer.MAX_VALUE;
            return whole ? dim : Dim.unknown();
        }
        long d = dim.value();
        long s = start < 0 ? start + d : start;
        long e = end < 0 ? end + d : end;
        if (step > 0) {
            s = Math.max(0, Math.min(d, s));
            e = Math.max(0, Math.min(d, e));
            return Dim.of(e > s ? (e - s + step - 1) / step : 0);
        }
        s = Math.max(-1, Math.min(d - 1, s));
        e = Math.max(-1, Math.min(d - 1, e));
        long neg = -step;
        return Dim.of(s > e ? (s - e + neg - 1) / neg : 0);
    }

    private static void inferPad(InferenceContext ctx) {
        int v = ctx.version();
        String mode = ctx.node().attrString("mode", "constant");
        boolean known = mode.equals("constant") || mode.equals("reflect") || mode.equals("edge")
                || v >= 19 && mode.equals("wrap");
        if (!known) {
            throw ctx.fail("mode '" + mode + "' is not one version " + v + " knows");
        }
        DataType t;
        long[] pads;
        long[] axes = null;
        boolean axesKnown = true;
        if (v >= 11) {
            t = Infer.sameType(ctx, TypeSets.ANY, 0, 2);
            Infer.requireType(ctx, 1, TypeSets.INT64S);
            Infer.requireType(ctx, 3, TypeSets.INDICES);
            pads = Infer.constLongs(ctx, 1);
            if (v >= 18) {
                axes = Infer.constLongs(ctx, 3);
                axesKnown = axes != null || !Infer.present(ctx, 3);
            }
        } else {
            t = Infer.dtype(ctx, 0);
            pads = ctx.node().attrInts("pads", null);
        }
        List<Dim> x = Infer.shape(ctx, 0);
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        int r = x.size();
        if (pads == null || !axesKnown) {
            ctx.setOutput(0, t, Dims.unknownOfRank(r));
            return;
        }
        int[] ax;
        if (axes == null) {
            ax = new int[r];
            for (int i = 0; i < r; i++) {
                ax[i] = i;
            }
        } else {
            ax = ShapeSchemas.normalizeAxes(ctx, axes, r, "axes");
        }
        if (pads.length != 2 * ax.length) {
            throw ctx.fail("pads " + Arrays.toString(pads) + " has " + pads.length + " values, expected "
                    + 2 * ax.length + " for input " + Dims.str(x));
        }
        List<Dim> out = new ArrayList<>(x);
        for (int i = 0; i < ax.length; i++) {
            long total = pads[i] + pads[i + ax.length];
            Dim d = x.get(ax[i]);
            if (total == 0) {
                continue;
            }
            if (!d.isKnown()) {
                out.set(ax[i], Dim.unknown());
                continue;
            }
            long size = d.value() + total;
            if (size < 0) {
                throw ctx.fail("pads " + Arrays.toString(pads) + " remove more than axis " + ax[i] + " of "
                        + Dims.str(x) + " holds");
            }
            out.set(ax[i], Dim.of(size));
        }
        ctx.setOutput(0, t, out);
    }

    private static void inferGather(InferenceContext ctx) {
        DataType t = Infer.dtype(ctx, 0);
        Infer.requireType(ctx, 1, TypeSets.INDICES);
        List<Dim> data = Infer.shape(ctx, 0);
        List<Dim> indices = Infer.shape(ctx, 1);
        if (data != null && data.isEmpty()) {
            throw ctx.fail("data is a scalar; Gather needs rank >= 1");
        }
        if (data == null || indices == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        int axis = Infer.axis(ctx, ctx.node().attrInt("axis", 0), data.size(), "axis");
        Dim along = data.get(axis);
        long[] idx = Infer.constLongs(ctx, 1);
        if (idx != null && along.isKnown()) {
            for (long i : idx) {
                if (i < -along.value() || i >= along.value()) {
                    throw ctx.fail("index " + i + " is out of range for axis " + axis + " of " + Dims.str(data));
                }
            }
        }
        List<Dim> out = new ArrayList<>(data.subList(0, axis));
        out.addAll(indices);
        out.addAll(data.subList(axis + 1, data.size()));
        ctx.setOutput(0, t, out);
    }
}
