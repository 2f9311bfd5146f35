package io.orpheus.backend.blas;

import io.orpheus.api.DataType;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;

/** The check every implementation here starts with: sgemm is single precision, so FLOAT only. */
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
                return Support.no("input " + i + " is " + v.dtype() + "; OpenBLAS sgemm runs FLOAT only");
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
}
