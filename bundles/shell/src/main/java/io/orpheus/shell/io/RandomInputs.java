package io.orpheus.shell.io;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.ValueInfo;
import java.util.SplittableRandom;

/**
 * Deterministic random data for a model input: symbolic or unknown dimensions become 1; floats are
 * uniform in [0, 1) (the range of normalised images), integers in [0, 10), booleans fair coins.
 */
public final class RandomInputs {

    private RandomInputs() {
    }

    public static Tensor forInput(ValueInfo in, long seed) {
        if (in.dtype() == null) {
            throw new IllegalArgumentException("input '" + in.name() + "' has no known element type; give it with --input");
        }
        if (!in.hasRank()) {
            throw new IllegalArgumentException("input '" + in.name() + "' has no known rank; give it with --input");
        }
        if (in.dtype() == DataType.STRING) {
            throw new IllegalArgumentException("input '" + in.name() + "' holds strings; give it with --input");
        }
        long[] shape = in.shape().stream().mapToLong(d -> d.isKnown() ? d.value() : 1).toArray();
        Tensor t = Tensor.allocate(in.dtype(), shape);
        SplittableRandom r = new SplittableRandom(seed);
        DataType d = in.dtype();
        for (int i = 0; i < t.size(); i++) {
            if (d == DataType.BOOL) {
                t.setLong(i, r.nextBoolean() ? 1 : 0);
            } else if (d.isFloatingPoint()) {
                t.setDouble(i, r.nextDouble());
            } else if (d.isInteger()) {
                t.setLong(i, r.nextInt(10));
            } else {
                throw new IllegalArgumentException("input '" + in.name() + "' is " + d + ", which cannot be generated; give it with --input");
            }
        }
        return t;
    }

    /** Whether some dimension is symbolic or unknown (set to 1 when generating). */
    public static boolean hasSymbolicDims(ValueInfo in) {
        return in.hasRank() && !in.shape().stream().allMatch(Dim::isKnown);
    }
}
