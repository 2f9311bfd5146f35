package io.orpheus.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.backend.HeapAlignment;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The api's array-address probe, run with the build's JVM flags (native access enabled). */
class HeapAlignmentTest {

    @Test
    void theProbeWorksWhereNativeAccessIsEnabled() {
        assertTrue(HeapAlignment.available(), "memmove through a critical downcall should answer under the build's flags");
    }

    @Test
    void offsetsAreWithinALineAndFollowWhereTheJvmPutTheArrays() {
        List<float[]> arrays = new ArrayList<>();
        TreeSet<Integer> seen = new TreeSet<>();
        for (int i = 0; i < 256; i++) {
            float[] a = new float[1 + i % 13];
            arrays.add(a);
            int k = HeapAlignment.floatsToBoundary(a);
            assertTrue(k >= 0 && k < HeapAlignment.BYTES / Float.BYTES, "offset " + k);
            seen.add(k);
        }
        // objects are 8-byte aligned and these differ in size: they cannot all sit at one offset from a line
        assertTrue(seen.size() > 1, "every array at offset " + seen + ": the probe does not read addresses");
    }
}
