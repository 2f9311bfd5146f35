package io.orpheus.backend.reference.nn;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;

/**
 * Float views of tensors for the float-computing kernels: FLOAT tensors are used in place, other
 * numeric types are decoded to a float copy and results are encoded back on commit.
 */
final class FloatData {

    private FloatData() {
    }

    /** The elements as floats: the tensor's own array for FLOAT (do not write to it), else a decoded copy. */
    static float[] read(Tensor t) {
        Tensor heap = t.toHeap();
        return heap.dtype() == DataType.FLOAT ? heap.floats() : heap.toFloatArray();
    }

    /** A buffer to compute {@code out} in: its own array for FLOAT, else a scratch array for {@link #commit}. */
    static float[] buffer(Tensor out) {
        return out.dtype() == DataType.FLOAT ? out.floats() : new float[out.size()];
    }

    /** Stores a buffer from {@link #buffer} into {@code out} (nothing to do for FLOAT). */
    static void commit(Tensor out, float[] buf) {
        if (out.dtype() != DataType.FLOAT) {
            for (int i = 0; i < buf.length; i++) {
                out.setDouble(i, buf[i]);
            }
        }
    }

    /** Whether a kernel computing in floats can take this element type. */
    static boolean isFloat(DataType t) {
        return t == DataType.FLOAT || t == DataType.DOUBLE || t == DataType.FLOAT16 || t == DataType.BFLOAT16;
    }

    /**
     * Whether the node's first input has an element type the kernel computes: a floating-point type,
     * or with {@code integers} also an integer type. Unknown types are admitted (the kernel checks).
     */
    static Support supportsInput(NodeContext node, boolean integers) {
        ValueInfo in = node.inputCount() > 0 ? node.inputType(0) : null;
        DataType t = in == null ? null : in.dtype();
        if (t == null || isFloat(t) || (integers && t.isInteger())) {
            return Support.yes();
        }
        return Support.no("element type " + t + " is not supported");
    }
}
