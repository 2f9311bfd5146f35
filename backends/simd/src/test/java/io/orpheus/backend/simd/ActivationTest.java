package io.orpheus.backend.simd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ActivationTest {

    /** Special values and random ones, with a tail shorter than a vector. */
    private static float[] values() {
        float[] special = {Float.NaN, -0f, 0f, Float.NEGATIVE_INFINITY, Float.POSITIVE_INFINITY, Float.MIN_VALUE,
            -Float.MIN_VALUE, Float.MAX_VALUE, -Float.MAX_VALUE, 1f, -1f, Float.intBitsToFloat(0xffc00001)};
        float[] v = new float[3 * Vectors.LANES + 5];
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < v.length; i++) {
            v[i] = i < special.length ? special[i] : (float) (r.nextDouble() * 4 - 2);
        }
        return v;
    }

    @Test
    void reluIsMathMaxWithZeroBitForBit() {
        float[] x = values();
        float[] y = new float[x.length];
        Activation.RELU.apply(x, 0, y, 0, x.length);
        for (int i = 0; i < x.length; i++) {
            // bit patterns: -0 must become +0, and NaN stay NaN
            assertEquals(Float.floatToIntBits(Math.max(x[i], 0f)), Float.floatToIntBits(y[i]), "relu(" + x[i] + ")");
        }
    }

    @Test
    void reluOnOneVectorMatchesTheArrayForm() {
        float[] x = values();
        for (int at = 0; at + Vectors.LANES <= x.length; at += Vectors.LANES) {
            float[] y = new float[Vectors.LANES];
            Activation.RELU.apply(jdk.incubator.vector.FloatVector.fromArray(Vectors.F, x, at)).intoArray(y, 0);
            for (int i = 0; i < y.length; i++) {
                assertEquals(Float.floatToIntBits(Math.max(x[at + i], 0f)), Float.floatToIntBits(y[i]));
            }
        }
    }
}
