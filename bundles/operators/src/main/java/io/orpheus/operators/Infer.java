package io.orpheus.operators;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.InferenceContext;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/** Reading a node's inputs during inference: types, shapes, constant values, with checks. */
final class Infer {

    private Infer() {
    }

    static boolean present(InferenceContext ctx, int i) {
        return i < ctx.inputCount() && ctx.node().hasInput(i);
    }

    static DataType dtype(InferenceContext ctx, int i) {
        if (!present(ctx, i)) {
            return null;
        }
        ValueInfo v = ctx.inputType(i);
        return v == null ? null : v.dtype();
    }

    /** Input {@code i}'s shape, or null when absent or of unknown rank. */
    static List<Dim> shape(InferenceContext ctx, int i) {
        if (!present(ctx, i)) {
            return null;
        }
        ValueInfo v = ctx.inputType(i);
        return v == null ? null : v.shape();
    }

    static int rank(InferenceContext ctx, int i) {
        List<Dim> s = shape(ctx, i);
        return s == null ? -1 : s.size();
    }

    static String name(InferenceContext ctx, int i) {
        return "input " + i + " ('" + ctx.node().input(i) + "')";
    }

    /** Fails when input {@code i}'s type is known and not one {@code allowed} lists. */
    static void requireType(InferenceContext ctx, int i, Set<DataType> allowed) {
        DataType t = dtype(ctx, i);
        if (t != null && !allowed.contains(t)) {
            Set<String> names = new TreeSet<>();
            allowed.forEach(a -> names.add(a.name()));
            throw ctx.fail(name(ctx, i) + " has type " + t + "; " + ctx.node().opType() + " takes " + names);
        }
    }

    /**
     * Checks that inputs bound to one type variable agree and are allowed; returns their type, or
     * null when none is known.
     */
    static DataType sameType(InferenceContext ctx, Set<DataType> allowed, int... inputs) {
        DataType found = null;
        int foundAt = -1;
        for (int i : inputs) {
            requireType(ctx, i, allowed);
            DataType t = dtype(ctx, i);
            if (t == null) {
                continue;
            }
            if (found == null) {
                found = t;
                foundAt = i;
            } else if (found != t) {
                throw ctx.fail(name(ctx, foundAt) + " is " + found + " but " + name(ctx, i) + " is " + t
                        + "; they must have the same type");
            }
        }
        return found;
    }

    /** Inputs 0..n-1 all bound to one type variable. */
    static DataType sameTypeAll(InferenceContext ctx, Set<DataType> allowed) {
        int[] all = new int[ctx.inputCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return sameType(ctx, allowed, all);
    }

    /** Integer values of a constant input, or null when it is absent or not constant. */
    static long[] constLongs(InferenceContext ctx, int i) {
        if (!present(ctx, i)) {
            return null;
        }
        Tensor t = ctx.constantInput(i);
        if (t == null) {
            return null;
        }
        if (!t.dtype().isInteger()) {
            throw ctx.fail(name(ctx, i) + " must hold integers, holds " + t.dtype());
        }
        return t.toLongArray();
    }

    /** Numeric values of a constant input as doubles, or null when absent or not constant. */
    static double[] constDoubles(InferenceContext ctx, int i) {
        if (!present(ctx, i)) {
            return null;
        }
        Tensor t = ctx.constantInput(i);
        if (t == null) {
            return null;
        }
        Tensor h = t.toHeap();
        double[] out = new double[h.size()];
        for (int k = 0; k < out.length; k++) {
            out[k] = h.getDouble(k);
        }
        return out;
    }

    /** Fails unless input {@code i}, when its rank is known, has rank {@code expected}. */
    static void requireRank(InferenceContext ctx, int i, int expected) {
        List<Dim> s = shape(ctx, i);
        if (s != null && s.size() != expected) {
            throw ctx.fail(name(ctx, i) + " has shape " + Dims.str(s) + ", rank " + s.size()
                    + "; expected rank " + expected);
        }
    }

    /** Normalises an axis against a rank, failing with the shape when out of range. */
    static int axis(InferenceContext ctx, long axis, int rank, String what) {
        if (axis < -rank || axis >= rank) {
            throw ctx.fail(what + " " + axis + " is out of range for rank " + rank);
        }
        return (int) (axis < 0 ? axis + rank : axis);
    }

    /** Output {@code out} copies input {@code in}'s shape, with type {@code dtype}. */
    static void passThrough(InferenceContext ctx, int out, DataType dtype, int in) {
        ctx.setOutput(out, dtype, shape(ctx, in));
    }

    /** The broadcast of several inputs' shapes; null when one is unknown; fails when incompatible. */
    static List<Dim> broadcastInputs(InferenceContext ctx, int... inputs) {
        List<Dim> acc = null;
        StringBuilder seen = new StringBuilder();
        for (int i : inputs) {
            List<Dim> s = shape(ctx, i);
            if (s == null) {
                return null;
            }
            seen.append(seen.isEmpty() ? "" : " and ").append(Dims.str(s));
            List<Dim> next = acc == null ? s : Dims.broadcast(acc, s);
            if (next == null) {
                throw ctx.fail("cannot broadcast shapes " + seen);
            }
            acc = next;
        }
        return acc;
    }

    /** Output count as the node lists it (trailing omitted outputs included). */
    static int outputCount(InferenceContext ctx) {
        return ctx.node().outputs().size();
    }

    /** Output {@code i} has type {@code dtype} and a shape of unknown rank. */
    static void rankUnknown(InferenceContext ctx, int i, DataType dtype) {
        ctx.setOutput(i, dtype, (List<Dim>) null);
    }

    /** Sets output {@code i} only when the node has it. */
    static void setIfPresent(InferenceContext ctx, int i, DataType dtype, List<Dim> shape) {
        if (ctx.node().hasOutput(i)) {
            ctx.setOutput(i, dtype, shape);
        }
    }
}
