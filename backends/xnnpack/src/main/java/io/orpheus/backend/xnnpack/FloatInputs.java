package io.orpheus.backend.xnnpack;

import io.orpheus.api.DataType;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;

/** The checks every implementation here starts with: XNNPACK's f32 operators take FLOAT only. */
final class FloatInputs {

    private FloatInputs() {
    }

    /** Null when every present input among {@code indices} is FLOAT (or of unknown type), else the refusal. */
    static Support check(NodeContext node, int... indices) {
        for (int i : indices) {
            if (i >= node.inputCount()) {
                continue;
            }
            ValueInfo v = node.inputType(i);
            if (v != null && v.dtype() != null && v.dtype() != DataType.FLOAT) {
                return Support.no("input " + i + " is " + v.dtype() + "; the XNNPACK f32 operators take FLOAT only");
            }
        }
        return null;
    }

    /** The input's rank when known, else -1. */
    static int rank(NodeContext node, int i) {
        if (i >= node.inputCount()) {
            return -1;
        }
        ValueInfo v = node.inputType(i);
        return v != null && v.hasRank() ? v.rank() : -1;
    }

    /** Whether input {@code i} is listed and not omitted. */
    static boolean present(NodeContext node, int i) {
        return i < node.inputCount() && !node.node().input(i).isEmpty();
    }

    /** Axis {@code axis} of input {@code i} when known, else -1. */
    static long dim(NodeContext node, int i, int axis) {
        if (i >= node.inputCount()) {
            return -1;
        }
        ValueInfo v = node.inputType(i);
        if (v == null || !v.hasRank() || axis >= v.rank()) {
            return -1;
        }
        return v.shape().get(axis).isKnown() ? v.shape().get(axis).value() : -1;
    }

    /** The spatial extents (axes 2..) of input {@code i} when all are known, else null. */
    static long[] spatial(NodeContext node, int i) {
        int rank = rank(node, i);
        if (rank < 3) {
            return null;
        }
        long[] s = new long[rank - 2];
        for (int a = 2; a < rank; a++) {
            s[a - 2] = dim(node, i, a);
            if (s[a - 2] < 0) {
                return null;
            }
        }
        return s;
    }
}
