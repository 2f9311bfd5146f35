package io.orpheus.backend.dnnl;

import io.orpheus.api.DataType;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;

/** The checks implementations here start with: oneDNN runs these operators on f32 only. */
final class Checks {

    private Checks() {
    }

    /** Null when every present input is known to be FLOAT, else the refusal. */
    static Support floatInputs(NodeContext ctx, int... indices) {
        for (int i : indices) {
            if (i >= ctx.inputCount()) {
                continue;
            }
            ValueInfo v = ctx.inputType(i);
            if (v == null) {
                continue;
            }
            if (v.dtype() != null && v.dtype() != DataType.FLOAT) {
                return Support.no("input " + i + " is " + v.dtype() + "; this backend maps FLOAT (f32) only");
            }
        }
        return null;
    }

    /** Null when all inputs are FLOAT. */
    static Support allFloat(NodeContext ctx) {
        int[] all = new int[ctx.inputCount()];
        for (int i = 0; i < all.length; i++) {
            all[i] = i;
        }
        return floatInputs(ctx, all);
    }

    /** The input's rank when known, else -1. */
    static int rank(NodeContext ctx, int i) {
        if (i >= ctx.inputCount()) {
            return -1;
        }
        ValueInfo v = ctx.inputType(i);
        return v != null && v.hasRank() ? v.rank() : -1;
    }

    /** The input's concrete shape, or null when not fully known. */
    static long[] shape(NodeContext ctx, int i) {
        if (i >= ctx.inputCount()) {
            return null;
        }
        ValueInfo v = ctx.inputType(i);
        return v != null && v.isFullyKnown() ? v.concreteShape() : null;
    }

    /** Whether the node uses any output beyond the first. */
    static boolean extraOutputsUsed(NodeContext ctx) {
        for (int i = 1; i < ctx.node().outputs().size(); i++) {
            if (ctx.node().hasOutput(i)) {
                return true;
            }
        }
        return false;
    }

    static boolean hasZero(long[] shape) {
        for (long d : shape) {
            if (d == 0) {
                return true;
            }
        }
        return false;
    }
}
