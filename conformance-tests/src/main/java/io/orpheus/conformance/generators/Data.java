package io.orpheus.conformance.generators;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import java.util.Arrays;
import java.util.Random;

/** Seeded random tensors and shape formatting for generated cases. */
final class Data {

    private Data() {
    }

    /** Float32 uniform in [lo, hi). */
    static Tensor uniform(Random r, double lo, double hi, long... shape) {
        Tensor t = Tensor.allocate(DataType.FLOAT, shape);
        float[] a = t.floats();
        for (int i = 0; i < a.length; i++) {
            a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        }
        return t;
    }

    /** Float32 of magnitude in [lo, hi) with a random sign: never near zero (divisors). */
    static Tensor awayFromZero(Random r, double lo, double hi, long... shape) {
        Tensor t = uniform(r, lo, hi, shape);
        float[] a = t.floats();
        for (int i = 0; i < a.length; i++) {
            if (r.nextBoolean()) {
                a[i] = -a[i];
            }
        }
        return t;
    }

    /** Float32 small integers in [lo, hi]: makes ties and equalities likely. */
    static Tensor smallIntegers(Random r, int lo, int hi, long... shape) {
        Tensor t = Tensor.allocate(DataType.FLOAT, shape);
        float[] a = t.floats();
        for (int i = 0; i < a.length; i++) {
            a[i] = lo + r.nextInt(hi - lo + 1);
        }
        return t;
    }

    /** Integers of any integer type, uniform in [lo, hi]. */
    static Tensor integers(Random r, DataType type, long lo, long hi, long... shape) {
        Tensor t = Tensor.allocate(type, shape);
        for (int i = 0; i < t.size(); i++) {
            t.setLong(i, lo + (long) (r.nextDouble() * (hi - lo + 1)));
        }
        return t;
    }

    static Tensor int64s(long... values) {
        return Tensor.of(values.clone(), values.length);
    }

    static String shape(long... shape) {
        return Arrays.toString(shape).replace(" ", "");
    }
}
