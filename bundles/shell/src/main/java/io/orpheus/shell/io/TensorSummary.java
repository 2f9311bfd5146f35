package io.orpheus.shell.io;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import java.util.Locale;

/** One line describing a tensor: name, dtype, shape and, for numbers, min, max and mean. */
public final class TensorSummary {

    private TensorSummary() {
    }

    public static String of(String name, Tensor tensor) {
        Tensor t = tensor.toHeap();
        String head = name + ": " + t.dtype() + " " + shape(t.shape());
        DataType d = t.dtype();
        if (d == DataType.STRING || d == DataType.COMPLEX64 || d == DataType.COMPLEX128) {
            return head;
        }
        if (t.size() == 0) {
            return head + " (empty)";
        }
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum = 0;
        long nans = 0;
        for (int i = 0; i < t.size(); i++) {
            double v = t.getDouble(i);
            if (Double.isNaN(v)) {
                nans++;
                continue;
            }
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
        }
        long counted = t.size() - nans;
        String stats = counted == 0 ? " all NaN" : String.format(Locale.ROOT, " min=%.6g max=%.6g mean=%.6g",
                min, max, sum / counted);
        return head + stats + (nans > 0 && counted > 0 ? " (" + nans + " NaN)" : "");
    }

    public static String shape(long[] shape) {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < shape.length; i++) {
            sb.append(i == 0 ? "" : ",").append(shape[i]);
        }
        return sb.append(']').toString();
    }
}
