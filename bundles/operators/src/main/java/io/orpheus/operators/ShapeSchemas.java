package io.orpheus.operators;

import static io.orpheus.operators.Sigs.*;

import io.orpheus.api.DataType;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Operators that rearrange or describe a tensor's shape: Reshape, Flatten, Transpose, Squeeze,
 * Unsqueeze, Expand, Tile, Shape, Size, DepthToSpace, SpaceToDepth, Identity.
 */
final class ShapeSchemas {

    private ShapeSchemas() {
    }

    static List<OperatorSchema> all() {
        return List.of(
                OpSchema.op("Reshape").versions(1, 5, 13, 14, 19, 21, 23, 24, 25)
                        .signature(v -> v >= 14 ? binary(intAttr("allowzero", 0)) : binary())
                        .infer(ShapeSchemas::inferReshape).build(),
                OpSchema.op("Flatten").versions(1, 9, 11, 13, 21, 23, 24, 25)
                        .signature(v -> unary(intAttr("axis", 1)))
                        .infer(ShapeSchemas::inferFlatten).build(),
                OpSchema.op("Transpose").versions(1, 13, 21, 23, 24, 25)
                        .signature(v -> unary(optional("perm", AttributeType.INTS)))
                        .infer(ShapeSchemas::inferTranspose).build(),
                OpSchema.op("Squeeze").versions(1, 11, 13, 21, 23, 24, 25)
                        .signature(v -> v >= 13 ? sig(1, 2, 1, 1) : unary(optional("axes", AttributeType.INTS)))
                        .infer(ShapeSchemas::inferSqueeze).build(),
                OpSchema.op("Unsqueeze").versions(1, 11, 13, 21, 23, 24, 25)
                        .signature(v -> v >= 13 ? binary() : unary(required("axes", AttributeType.INTS)))
                        .infer(ShapeSchemas::inferUnsqueeze).build(),
                OpSchema.op("Expand").versions(8, 13)
                        .signature(v -> binary())
                        .infer(ShapeSchemas::inferExpand).build(),
                OpSchema.op("Tile").versions(1, 6, 13)
                        .signature(v -> binary())
                        .infer(ShapeSchemas::inferTile).build(),
                OpSchema.op("Shape").versions(1, 13, 15, 19, 21, 23, 24, 25)
                        .signature(v -> v >= 15 ? unary(optional("end", AttributeType.INT), intAttr("start", 0)) : unary())
                        .infer(ShapeSchemas::inferShape).build(),
                OpSchema.op("Size").versions(1, 13, 19, 21, 23, 24, 25)
                        .signature(v -> unary())
                        .infer(ctx -> ctx.setOutput(0, DataType.INT64, List.of())).build(),
                OpSchema.op("DepthToSpace").versions(1, 11, 13)
                        .signature(v -> v >= 11
                                ? unary(required("blocksize", AttributeType.INT), stringAttr("mode", "DCR"))
                                : unary(required("blocksize", AttributeType.INT)))
                        .infer(ctx -> inferBlocks(ctx, true)).build(),
                OpSchema.op("SpaceToDepth").versions(1, 13)
                        .signature(v -> unary(required("blocksize", AttributeType.INT)))
                        .infer(ctx -> inferBlocks(ctx, false)).build(),
                OpSchema.op("Identity").versions(1, 13, 14, 16, 19, 21, 23, 24, 25)
                        .signature(v -> unary())
                        .infer(ctx -> Infer.passThrough(ctx, 0, Infer.dtype(ctx, 0), 0)).build());
    }

    private static void inferReshape(InferenceContext ctx) {
        DataType t = Infer.dtype(ctx, 0);
        Infer.requireType(ctx, 1, TypeSets.INT64S);
        Infer.requireRank(ctx, 1, 1);
        long[] requested = Infer.constLongs(ctx, 1);
        if (requested == null) {
            List<Dim> shapeOfShape = Infer.shape(ctx, 1);
            boolean rankKnown = shapeOfShape != null && shapeOfShape.get(0).isKnown();
            ctx.setOutput(0, t, rankKnown ? Dims.unknownOfRank((int) shapeOfShape.get(0).value()) : null);
            return;
        }
        ctx.setOutput(0, t, reshape(ctx, Infer.shape(ctx, 0), requested,
                ctx.version() >= 14 && ctx.node().attrInt("allowzero", 0) != 0));
    }

    /** Reshape's output for a constant target shape with 0 (copy) and -1 (infer) entries. */
    static List<Dim> reshape(InferenceContext ctx, List<Dim> in, long[] requested, boolean allowZero) {
        String target = Arrays.toString(requested);
        int inferred = -1;
        boolean hasZero = false;
        List<Dim> out = new ArrayList<>(requested.length);
        for (int i = 0; i < requested.length; i++) {
            long r = requested[i];
            if (r == -1) {
                if (inferred >= 0) {
                    throw ctx.fail("shape " + target + " has more than one -1");
                }
                inferred = i;
                out.add(Dim.unknown());
            } else if (r < -1) {
                throw ctx.fail("shape " + target + " has invalid entry " + r);
            } else if (r == 0 && !allowZero) {
                if (in == null) {
                    out.add(Dim.unknown());
                } else if (i >= in.size()) {
                    throw ctx.fail("shape " + target + " copies dimension " + i + " (0) but the input "
                            + Dims.str(in) + " has rank " + in.size());
                } else {
                    out.add(in.get(i));
                }
            } else {
                hasZero |= r == 0;
                out.add(Dim.of(r));
            }
        }
        if (allowZero && hasZero && inferred >= 0) {
            throw ctx.fail("shape " + target + " has both 0 and -1 while allowzero is set");
        }
        if (in == null) {
            return out;
        }
        // Cancel symbols present on both sides; what remains must be known to count elements.
        Map<Dim, Integer> symbols = new HashMap<>();
        long inKnown = 1;
        boolean inOpaque = false;
        for (Dim d : in) {
            if (d.isKnown()) {
                inKnown = Math.multiplyExact(inKnown, d.value());
            } else if (d.isSymbolic()) {
                symbols.merge(d, 1, Integer::sum);
            } else {
                inOpaque = true;
            }
        }
        long outKnown = 1;
        boolean outOpaque = false;
        for (int i = 0; i < out.size(); i++) {
            Dim d = out.get(i);
            if (i == inferred) {
                continue;
            }
            if (d.isKnown()) {
                outKnown = Math.multiplyExact(outKnown, d.value());
            } else if (d.isSymbolic() && symbols.getOrDefault(d, 0) > 0) {
                symbols.merge(d, -1, Integer::sum);
            } else {
                outOpaque = true;
            }
        }
        boolean inResolved = !inOpaque && symbols.values().stream().allMatch(c -> c == 0);
        if (!inResolved || outOpaque) {
            return out;
        }
        if (inferred >= 0) {
            if (outKnown == 0) {
                if (inKnown != 0) {
                    throw ctx.fail("cannot infer -1 in shape " + target + " for input " + Dims.str(in));
                }
                return out;
            }
            if (inKnown % outKnown != 0) {
                throw ctx.fail("input " + Dims.str(in) + " cannot be reshaped to " + target);
            }
            out.set(inferred, Dim.of(inKnown / outKnown));
        } else if (inKnown != outKnown) {
            throw ctx.fail("input " + Dims.str(in) + " has " + inKnown + " elements, shape " + target
                    + " holds " + outKnown);
        }
        return out;
    }

    private static void inferFlatten(InferenceContext ctx) {
        List<Dim> x = Infer.shape(ctx, 0);
        List<Dim> out = null;
        if (x != null) {
            long axis = ctx.node().attrInt("axis", 1);
            if (axis < -x.size() || axis > x.size()) {
                throw ctx.fail("axis " + axis + " is out of range for input shape " + Dims.str(x));
            }
            int a = (int) (axis < 0 ? axis + x.size() : axis);
            out = List.of(Dims.product(x.subList(0, a)), Dims.product(x.subList(a, x.size())));
        }
        ctx.setOutput(0, Infer.dtype(ctx, 0), out);
    }

    private static void inferTranspose(InferenceContext ctx) {
        List<Dim> x = Infer.shape(ctx, 0);
        long[] perm = ctx.node().attrInts("perm", null);
        List<Dim> out = null;
        if (x != null) {
            int r = x.size();
            if (perm == null) {
                perm = new long[r];
                for (int i = 0; i < r; i++) {
                    perm[i] = r - 1 - i;
                }
            }
            if (perm.length != r) {
                throw ctx.fail("perm " + Arrays.toString(perm) + " has " + perm.length + " entries for input "
                        + Dims.str(x) + " of rank " + r);
            }
            boolean[] seen = new boolean[r];
            out = new ArrayList<>(r);
            for (long p : perm) {
                int a = (int) (p < 0 ? p + r : p);
                if (p < -r || p >= r || seen[a]) {
                    throw ctx.fail("perm " + Arrays.toString(perm) + " is not a permutation of the " + r
                            + " axes of " + Dims.str(x));
                }
                seen[a] = true;
                out.add(x.get(a));
            }
        } else if (perm != null) {
            out = Dims.unknownOfRank(perm.length);
        }
        ctx.setOutput(0, Infer.dtype(ctx, 0), out);
    }

    /** Axes from the attribute (before version 13) or input 1; null when given but not constant. */
    private static long[] axesAttrOrInput(InferenceContext ctx, boolean[] given) {
        if (ctx.version() < 13) {
            long[] a = ctx.node().attrInts("axes", null);
            given[0] = a != null;
            return a;
        }
        given[0] = Infer.present(ctx, 1);
        Infer.requireType(ctx, 1, TypeSets.INT64S);
        return Infer.constLongs(ctx, 1);
    }

    /** Normalised, distinct axes; fails on out-of-range or repeated entries. */
    static int[] normalizeAxes(InferenceContext ctx, long[] axes, int rank, String what) {
        int[] out = new int[axes.length];
        boolean[] seen = new boolean[rank];
        for (int i = 0; i < axes.length; i++) {
            if (axes[i] < -rank || axes[i] >= rank) {
                throw ctx.fail(what + " " + Arrays.toString(axes) + " has " + axes[i] + ", out of range for rank " + rank);
            }
            out[i] = (int) (axes[i] < 0 ? axes[i] + rank : axes[i]);
            if (seen[out[i]]) {
                throw ctx.fail(what + " " + Arrays.toString(axes) + " repeats an axis");
            }
            seen[out[i]] = true;
        }
        return out;
    }

    private static void inferSqueeze(InferenceContext ctx) {
        DataType t = Infer.dtype(ctx, 0);
        boolean[] given = new boolean[1];
        long[] axes = axesAttrOrInput(ctx, given);
        List<Dim> x = Infer.shape(ctx, 0);
        if (x == null || given[0] && axes == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        List<Dim> out = new ArrayList<>();
        if (axes == null || axes.length == 0 && ctx.version() >= 13) {
            for (Dim d : x) {
                if (!d.isKnown()) {
                    Infer.rankUnknown(ctx, 0, t);
                    return;
                }
                if (d.value() != 1) {
                    out.add(d);
                }
            }
        } else {
            boolean[] drop = new boolean[x.size()];
            for (int a : normalizeAxes(ctx, axes, x.size(), "axes")) {
                Dim d = x.get(a);
                if (d.isKnown() && d.value() != 1) {
                    throw ctx.fail("cannot squeeze axis " + a + " of " + Dims.str(x) + ": its size is " + d.value());
                }
                drop[a] = true;
            }
            for (int i = 0; i < x.size(); i++) {
                if (!drop[i]) {
                    out.add(x.get(i));
                }
            }
        }
        ctx.setOutput(0, t, out);
    }

    private static void inferUnsqueeze(InferenceContext ctx) {
        DataType t = Infer.dtype(ctx, 0);
        boolean[] given = new boolean[1];
        long[] axes = axesAttrOrInput(ctx, given);
        List<Dim> x = Infer.shape(ctx, 0);
        if (axes == null) {
            if (!given[0]) {
                throw ctx.fail("axes are required");
            }
            List<Dim> axesShape = Infer.shape(ctx, 1);
            boolean countKnown = x != null && axesShape != null && axesShape.size() == 1 && axesShape.get(0).isKnown();
            ctx.setOutput(0, t, countKnown ? Dims.unknownOfRank(x.size() + (int) axesShape.get(0).value()) : null);
            return;
        }
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        int rank = x.size() + axes.length;
        boolean[] inserted = new boolean[rank];
        for (int a : normalizeAxes(ctx, axes, rank, "axes")) {
            inserted[a] = true;
        }
        List<Dim> out = new ArrayList<>(rank);
        int next = 0;
        for (int i = 0; i < rank; i++) {
            out.add(inserted[i] ? Dim.of(1) : x.get(next++));
        }
        ctx.setOutput(0, t, out);
    }

    private static void inferExpand(InferenceContext ctx) {
        DataType t = Infer.dtype(ctx, 0);
        Infer.requireType(ctx, 1, TypeSets.INT64S);
        Infer.requireRank(ctx, 1, 1);
        List<Dim> x = Infer.shape(ctx, 0);
        long[] target = Infer.constLongs(ctx, 1);
        List<Dim> targetDims;
        if (target != null) {
            for (long d : target) {
                if (d < 0) {
                    throw ctx.fail("shape " + Arrays.toString(target) + " has a negative dimension");
                }
            }
            targetDims = Dims.known(target);
        } else {
            List<Dim> shapeOfShape = Infer.shape(ctx, 1);
            if (shapeOfShape == null || !shapeOfShape.get(0).isKnown()) {
                Infer.rankUnknown(ctx, 0, t);
                return;
            }
            targetDims = Dims.unknownOfRank((int) shapeOfShape.get(0).value());
        }
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        List<Dim> out = Dims.broadcast(x, targetDims);
        if (out == null) {
            throw ctx.fail("input " + Dims.str(x) + " cannot expand to " + Dims.str(targetDims));
        }
        ctx.setOutput(0, t, out);
    }

    private static void inferTile(InferenceContext ctx) {
        DataType t = Infer.dtype(ctx, 0);
        Infer.requireType(ctx, 1, TypeSets.INT64S);
        Infer.requireRank(ctx, 1, 1);
        List<Dim> x = Infer.shape(ctx, 0);
        long[] repeats = Infer.constLongs(ctx, 1);
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        if (repeats == null) {
            ctx.setOutput(0, t, Dims.unknownOfRank(x.size()));
            return;
        }
        if (repeats.length != x.size()) {
            throw ctx.fail("repeats " + Arrays.toString(repeats) + " has " + repeats.length
                    + " entries for input " + Dims.str(x) + " of rank " + x.size());
        }
        List<Dim> out = new ArrayList<>(x.size());
        for (int i = 0; i < repeats.length; i++) {
            if (repeats[i] < 0) {
                throw ctx.fail("repeats " + Arrays.toString(repeats) + " has a negative entry");
            }
            out.add(repeats[i] == 0 ? Dim.of(0) : Dims.times(x.get(i), repeats[i]));
        }
        ctx.setOutput(0, t, out);
    }

    private static void inferShape(InferenceContext ctx) {
        int rank = Infer.rank(ctx, 0);
        if (rank < 0) {
            ctx.setOutput(0, DataType.INT64, List.of(Dim.unknown()));
            return;
        }
        long start = clampToRank(ctx.node().attrInt("start", 0), rank);
        long end = clampToRank(ctx.node().attrInt("end", rank), rank);
        ctx.setOutput(0, DataType.INT64, Math.max(0, end - start));
    }

    private static long clampToRank(long v, int rank) {
        long a = v < 0 ? v + rank : v;
        return Math.max(0, Math.min(rank, a));
    }

    private static void inferBlocks(InferenceContext ctx, boolean depthToSpace) {
        DataType t = Infer.dtype(ctx, 0);
        long b = ctx.node().attrInt("blocksize", 0);
        if (b < 1) {
            throw ctx.fail("blocksize " + b + " must be positive");
        }
        String mode = ctx.node().attrString("mode", "DCR");
        if (!mode.equals("DCR") && !mode.equals("CRD")) {
            throw ctx.fail("mode '" + mode + "' is not DCR or CRD");
        }
        Infer.requireRank(ctx, 0, 4);
        List<Dim> x = Infer.shape(ctx, 0);
        if (x == null) {
            Infer.rankUnknown(ctx, 0, t);
            return;
        }
        List<Dim> out = new ArrayList<>(4);
        out.add(x.get(0));
        if (depthToSpace) {
            Dim c = x.get(1);
            if (c.isKnown() && c.value() % (b * b) != 0) {
                throw ctx.fail("channels of " + Dims.str(x) + " are not divisible by blocksize^2 = " + b * b);
            }
            out.add(Dims.div(c, b * b));
            out.add(Dims.times(x.get(2), b));
            out.add(Dims.times(x.get(3), b));
        } else {
            for (int i = 2; i < 4; i++) {
                Dim d = x.get(i);
                if (d.isKnown() && d.value() % b != 0) {
                    throw ctx.fail("spatial dims of " + Dims.str(x) + " are not divisible by blocksize " + b);
                }
            }
            out.add(Dims.times(x.get(1), b * b));
            out.add(Dims.div(x.get(2), b));
            out.add(Dims.div(x.get(3), b));
        }
        ctx.setOutput(0, t, out);
    }
}
