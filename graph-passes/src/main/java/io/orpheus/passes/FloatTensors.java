package io.orpheus.passes;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;

/** Constant operands of the arithmetic rewrites, read as doubles and written back as FLOAT tensors. */
final class FloatTensors {

    private FloatTensors() {
    }

    static boolean isFloat(Tensor t) {
        return t != null && t.dtype() == DataType.FLOAT;
    }

    static double[] values(Tensor t) {
        Tensor h = t.toHeap();
        double[] out = new double[h.size()];
        if (h.dtype() == DataType.FLOAT) {
            // the common case, read straight from the array: millions of weights per network
            float[] f = h.floats();
            int at = h.arrayOffset();
            for (int i = 0; i < out.length; i++) {
                out[i] = f[at + i];
            }
            return out;
        }
        for (int i = 0; i < out.length; i++) {
            out[i] = h.getDouble(i);
        }
        return out;
    }

    /** A copy of a FLOAT tensor's elements, for rewrites of millions of weights (half a double copy's memory). */
    static float[] copyOfFloats(Tensor t) {
        Tensor h = t.toHeap();
        float[] out = new float[h.size()];
        System.arraycopy(h.floats(), h.arrayOffset(), out, 0, out.length);
        return out;
    }

    static Tensor of(double[] values, long... shape) {
        float[] f = new float[values.length];
        for (int i = 0; i < f.length; i++) {
            f[i] = (float) values[i];
        }
        return Tensor.of(f, shape);
    }
}
