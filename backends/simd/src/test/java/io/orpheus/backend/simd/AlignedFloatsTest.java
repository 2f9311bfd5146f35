package io.orpheus.backend.simd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** A constant's elements from any origin within the slack, and the guard moving them back onto a boundary. */
class AlignedFloatsTest {

    private static AlignedFloats holding(float[] src) {
        AlignedFloats f = AlignedFloats.allocate(src.length);
        System.arraycopy(src, 0, f.array(), f.origin(), src.length);
        return f;
    }

    private static float[] elements(AlignedFloats f) {
        return Arrays.copyOfRange(f.array(), f.origin(), f.origin() + f.length());
    }

    @Test
    void allocationsStartWithinTheSlackAndMovesKeepTheElements() {
        float[] src = new float[1000];
        for (int i = 0; i < src.length; i++) {
            src[i] = i * 0.5f - 7f;
        }
        AlignedFloats f = holding(src);
        assertEquals(src.length, f.length());
        assertEquals(src.length + AlignedFloats.SLACK, f.array().length);
        assertTrue(f.origin() >= 0 && f.origin() <= AlignedFloats.SLACK, "origin " + f.origin());
        assertArrayEquals(src, elements(f));
        for (int b : new int[] {15, 0, 9, 4}) {
            f.moveTo(b);
            assertEquals(b, f.origin());
            assertArrayEquals(src, elements(f), "from " + b);
        }
        f.moveTo(16);
        assertEquals(4, f.origin(), "past the slack: left where it is");
    }

    @Test
    void theGuardMovesItOntoTheArraysBoundary() {
        float[] src = new float[64];
        Arrays.fill(src, 3f);
        AlignedFloats f = holding(src);
        // 5: never a boundary (arrays are 8-byte aligned), as if the collector had moved the array
        f.moveTo(5);
        PackingGuard guard = new PackingGuard(f);
        guard.acquire();
        try {
            assertNotEquals(5, f.origin());
            assertArrayEquals(src, elements(f));
        } finally {
            guard.release();
        }
    }
}
