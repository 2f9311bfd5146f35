package io.orpheus.operators;

import static io.orpheus.operators.Sigs.*;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

/** Resize and the deprecated Upsample it replaced. */
final class ResizeSchemas {

    private ResizeSchemas() {
    }

    static List<OperatorSchema> all() {
        return List.of(
                OpSchema.op("Resize").versions(10, 11, 13, 18, 19)
                        .signature(ResizeSchemas::resizeSignature)
                        .infer(ResizeSchemas::inferResize).build(),
                OpSchema.op("Upsample").versions(1, 7, 9, 10).deprecatedFrom(10)
                        .signature(v -> v >= 9 ? binary(stringAttr("mode", "nearest"))
                                : unary(stringAttr("mode", "nearest"), required("scales", AttributeType.FLOATS)))
                        .infer(ResizeSchemas::inferUpsample).build());
    }

    private static Signature resizeSignature(int v) {
        if (v == 10) {
            return binary(stringAttr("mode", "nearest"));
        }
        List<AttributeRule> rules = new ArrayList<>(List.of(stringAttr("coordinate_transformation_mode", "half_pixel"),
                floatAttr("cubic_coeff_a", -0.75f), intAttr("exclude_outside", 0), floatAttr("extrapolation_value", 0f),
                stringAttr("mode", "nearest"), stringAttr("nearest_mode", "round_prefer_floor")));
        if (v >= 18) {
            rules.add(intAttr("antialias", 0));
            rules.add(optional("axes", AttributeType.INTS));
            rules.add(stringAttr("keep_aspect_ratio_policy", "stretch"));
        }
        return sig(v >= 13 ? 1 : 3, 4, 1, 1, rules.toArray(AttributeRule[]::new));
    }

    private static void checkOneOf(InferenceContext ctx, String attr, String dflt, Set<String> allowed) {
        String value = ctx.node().attrString(attr, dflt);
        if (!allowed.contains(value)) {
            throw ctx.fail(attr + " '" + value + "' is not one of " + allowed);
        }
    }

    private static void inferResize(InferenceContext ctx) {
        int v = ctx.version();
        DataType t = Infer.dtype(ctx, 0);
        checkOneOf(ctx, "mode", "nearest", v == 10 ? Set.of("nearest", "linear") : Set.of("nearest", "linear", "cubic"));
        int scalesAt = v == 10 ? 1 : 2;
        Infer.requireType(ctx, scalesAt, TypeSets.FLOATS);
        if (v >= 11) {
            checkOneOf(ctx, "coordinate_transformation_mode", "half_pixel", Set.of("half_pixel", "half_pixel_symmetric",
                    "pytorch_half_pixel", "align_corners", "asymmetric", "tf_half_pixel_for_nn", "tf_crop_and_resize"));
            checkOneOf(ctx, "nearest_mode", "round_prefer_floor",
                    Set.of("round_prefer_floor", "round_prefer_ceil", "floor", "ceil"));
            Infer.requireType(ctx, 1, TypeSets.FLOATS);
            Infer.requireType(ctx, 3, TypeSets.INT64S);
        }
        if (v >= 18) {
            checkOneOf(ctx, "keep_aspect_ratio_policy", "stretch", Set.of("stretch", "not_larger", "not_smaller"));
        }
        List<Dim> x = Infer.shape(ctx, 0);
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        int r = x.size();
        long[] axesAttr = v >= 18 ? ctx.node().attrInts("axes", null) : null;
        int[] axes;
        if (axesAttr == null) {
            axes = new int[r];
            for (int i = 0; i < r; i++) {
                axes[i] = i;
            }
        } else {
            axes = ShapeSchemas.normalizeAxes(ctx, axesAttr, r, "axes");
        }
        double[] scales = Infer.constDoubles(ctx, scalesAt);
        long[] sizes = v >= 11 ? Infer.constLongs(ctx, 3) : null;
        boolean scalesGiven = Infer.present(ctx, scalesAt) && (scales == null || scales.length > 0);
        boolean sizesGiven = v >= 11 && Infer.present(ctx, 3) && (sizes == null || sizes.length > 0);
        if (scalesGiven && sizesGiven) {
            throw ctx.fail("both scales and sizes are given; only one may be");
        }
        if (!scalesGiven && !sizesGiven) {
            throw ctx.fail("neither scales nor sizes is given");
        }
        List<Dim> out = new ArrayList<>(x);
        boolean known = sizesGiven ? sizes != null : scales != null;
        if (!known) {
            for (int a : axes) {
                out.set(a, Dim.unknown());
            }
            ctx.setOutput(0, t, out);
            return;
        }
        int count = sizesGiven ? sizes.length : scales.length;
        if (count != axes.length) {
            throw ctx.fail((sizesGiven ? "sizes " + Arrays.toString(sizes) : "scales " + Arrays.toString(scales))
                    + " has " + count + " entries, expected " + axes.length + " for input " + Dims.str(x));
        }
        if (sizesGiven) {
            resizeToSizes(ctx, x, axes, sizes, out);
        } else {
            double[] crop = cropFactors(ctx, r, axes);
            for (int i = 0; i < axes.length; i++) {
                Dim d = x.get(axes[i]);
                if (scales[i] <= 0) {
                    throw ctx.fail("scales " + Arrays.toString(scales) + " must be positive");
                }
                double factor = crop == null ? Double.NaN : crop[i] * scales[i];
                if (factor == 1.0) {
                    continue;
                }
                out.set(axes[i], d.isKnown() && crop != null
                        ? Dim.of((long) Math.floor(d.value() * factor)) : Dim.unknown());
            }
        }
        ctx.setOutput(0, t, out);
    }

    /** Per-axis (roi_end - roi_start) for tf_crop_and_resize, 1 otherwise; null when the roi is not constant. */
    private static double[] cropFactors(InferenceContext ctx, int rank, int[] axes) {
        double[] f = new double[axes.length];
        Arrays.fill(f, 1.0);
        if (!ctx.node().attrString("coordinate_transformation_mode", "half_pixel").equals("tf_crop_and_resize")) {
            return f;
        }
        double[] roi = Infer.constDoubles(ctx, 1);
        if (roi == null) {
            return null;
        }
        int n = roi.length / 2;
        if (roi.length % 2 != 0 || n != axes.length && n != rank) {
            throw ctx.fail("roi " + Arrays.toString(roi) + " has " + roi.length + " values for " + axes.length + " axes");
        }
        for (int i = 0; i < axes.length; i++) {
            int at = n == axes.length ? i : axes[i];
            f[i] = roi[at + n] - roi[at];
        }
        return f;
    }

    private static void resizeToSizes(InferenceContext ctx, List<Dim> x, int[] axes, long[] sizes, List<Dim> out) {
        String policy = ctx.version() >= 18 ? ctx.node().attrString("keep_aspect_ratio_policy", "stretch") : "stretch";
        for (long s : sizes) {
            if (s < 0) {
                throw ctx.fail("sizes " + Arrays.toString(sizes) + " has a negative entry");
            }
        }
        if (policy.equals("stretch")) {
            for (int i = 0; i < axes.length; i++) {
                out.set(axes[i], Dim.of(sizes[i]));
            }
            return;
        }
        double scale = policy.equals("not_larger") ? Double.MAX_VALUE : 0;
        for (int i = 0; i < axes.length; i++) {
            Dim d = x.get(axes[i]);
            if (!d.isKnown()) {
                for (int a : axes) {
                    out.set(a, Dim.unknown());
                }
                return;
            }
            double s = (double) sizes[i] / d.value();
            scale = policy.equals("not_larger") ? Math.min(scale, s) : Math.max(scale, s);
        }
        for (int a : axes) {
            out.set(a, Dim.of((long) Math.floor(scale * x.get(a).value() + 0.5)));
        }
    }

    private static void inferUpsample(InferenceContext ctx) {
        DataType t = Infer.dtype(ctx, 0);
        checkOneOf(ctx, "mode", "nearest", Set.of("nearest", "linear", "bilinear"));
        double[] scales;
        if (ctx.version() >= 9) {
            Infer.requireType(ctx, 1, TypeSets.FLOATS);
            scales = Infer.constDoubles(ctx, 1);
        } else {
            float[] f = ctx.node().attrFloats("scales", null);
            if (f == null) {
                throw ctx.fail("required attribute scales is missing");
            }
            scales = new double[f.length];
            for (int i = 0; i < f.length; i++) {
                scales[i] = f[i];
            }
        }
        List<Dim> x = Infer.shape(ctx, 0);
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        if (scales == null) {
            ctx.setOutput(0, t, Dims.unknownOfRank(x.size()));
            return;
        }
        if (scales.length != x.size()) {
            throw ctx.fail("scales " + Arrays.toString(scales) + " has " + scales.length + " entries for input "
                    + Dims.str(x));
        }
        List<Dim> out = new ArrayList<>(x.size());
        for (int i = 0; i < scales.length; i++) {
            if (scales[i] < 1) {
                throw ctx.fail("scales " + Arrays.toString(scales) + " must be >= 1");
            }
            Dim d = x.get(i);
            out.add(scales[i] == 1 ? d : d.isKnown() ? Dim.of((long) Math.floor(d.value() * scales[i])) : Dim.unknown());
        }
        ctx.setOutput(0, t, out);
    }
}
