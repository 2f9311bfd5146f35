package io.orpheus.backend.simd.conv;

import io.orpheus.backend.simd.Vectors;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;

/** a[aOff + i] += b[bOff + i], vectorised. */
final class ElementwiseAdd {

    private ElementwiseAdd() {
    }

    static void addInPlace(float[] a, int aOff, float[] b, int bOff, int len) {
        int l = Vectors.LANES;
        int i = 0;
        for (; i + l <= len; i += l) {
            FloatVector.fromArray(Vectors.F, a, aOff + i).add(FloatVector.fromArray(Vectors.F, b, bOff + i))
                    .intoArray(a, aOff + i);
        }
        if (i < len) {
            VectorMask<Float> m = Vectors.F.indexInRange(i, len);
            FloatVector.fromArray(Vectors.F, a, aOff + i, m).add(FloatVector.fromArray(Vectors.F, b, bOff + i, m))
                    .intoArray(a, aOff + i, m);
        }
    }
}
