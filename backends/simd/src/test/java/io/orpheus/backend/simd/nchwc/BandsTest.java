package io.orpheus.backend.simd.nchwc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** How the blocked kernels cut an axis of their work into the bands of their parallel tasks. */
class BandsTest {

    @Test
    void bandsCoverTheAxisInOrderAndDifferByAtMostOne() {
        for (int length = 1; length <= 300; length++) {
            for (int count = 1; count <= length; count += Math.max(1, count / 3)) {
                Bands b = new Bands(length, count);
                assertEquals(0, b.start(0));
                assertEquals(length, b.end(count - 1));
                int shortest = Integer.MAX_VALUE;
                int longest = 0;
                for (int k = 0; k < count; k++) {
                    assertEquals(b.end(k), b.start(k + 1), "bands meet");
                    int size = b.end(k) - b.start(k);
                    shortest = Math.min(shortest, size);
                    longest = Math.max(longest, size);
                }
                assertTrue(shortest >= 1, length + " in " + count + ": an empty band");
                assertTrue(longest - shortest <= 1, length + " in " + count + ": " + shortest + " to " + longest);
                assertEquals(longest, b.longest(), "the longest band, which sizes a task's scratch");
            }
        }
    }

    @Test
    void twoWorkersGetHalvesOfAPlaneWhereFixedLengthBandsGaveThemTwoThirdsAndOneThird() {
        // MobileNet-v1's 128-channel 56x56 depthwise layer at two threads: 8 planes, 12 tasks wanted
        Bands b = Bands.of(56, 8, 2, 6);
        assertEquals(2, b.count());
        assertEquals(28, b.end(0));
        assertEquals(56, b.end(1));
    }

    @Test
    void theCountFollowsTheTasksWantedPerThread() {
        assertEquals(7, Bands.of(112, 1, 1, 6).count(), "one plane, one thread: bands of at most 18 rows, so seven of 16");
        assertEquals(13, Bands.of(112, 1, 2, 6).count(), "bands of at most 9 rows");
        assertEquals(1, Bands.of(14, 32, 2, 6).count(), "enough planes: each task a whole plane");
        assertEquals(7, Bands.of(7, 1, 8, 6).count(), "never more bands than rows");
        assertEquals(1, Bands.of(1, 1, 2, 6).count());
    }

    @Test
    void impossibleBandsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new Bands(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new Bands(4, 0));
        assertThrows(IllegalArgumentException.class, () -> new Bands(4, 5));
    }
}
