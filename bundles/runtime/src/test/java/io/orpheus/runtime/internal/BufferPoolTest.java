package io.orpheus.runtime.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.HeapAlignment;
import java.util.Arrays;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Aligned outputs take the smallest free aligned array that holds them; whole-array outputs keep exact lengths. */
class BufferPoolTest {

    @BeforeEach
    void needsAddresses() {
        Assumptions.assumeTrue(HeapAlignment.available(),
                "skipped: array addresses are unknown here (native access is not enabled for the api module)");
    }

    private static Tensor aligned(BufferPool pool, int n) {
        Tensor t = pool.alignedUninitialized(DataType.FLOAT, new long[] {n}, false);
        pool.retain(t);
        return t;
    }

    @Test
    void theSmallestFreeAlignedArrayThatHoldsTheTensorServesIt() {
        BufferPool pool = new BufferPool();
        Tensor small = aligned(pool, 100);
        Tensor large = aligned(pool, 1000);
        long owned = pool.ownedBytes();
        pool.release(small);
        pool.release(large);

        Tensor a = aligned(pool, 90);
        assertSame(small.array(), a.array(), "90 floats fit the 100-float array, the smaller of the two");
        Tensor b = aligned(pool, 500);
        assertSame(large.array(), b.array(), "500 floats take the 1000-float array");
        assertEquals(owned, pool.ownedBytes(), "nothing new was allocated");
        for (Tensor t : new Tensor[] {a, b}) {
            assertTrue(t.isSlice());
            assertEquals(HeapAlignment.floatsToBoundary(t.floats()), t.arrayOffset(), "on a boundary as the array lies now");
        }
        Tensor c = aligned(pool, 2000);
        assertTrue(c.floats().length >= 2000 + BufferPool.ALIGNMENT_SLACK);
        assertEquals(owned + (long) c.floats().length * Float.BYTES, pool.ownedBytes(), "no free array held 2000 floats");
    }

    @Test
    void aZeroedTensorOnALargerArrayIsZeroOverItsOwnRange() {
        BufferPool pool = new BufferPool();
        Tensor large = aligned(pool, 1000);
        Arrays.fill(large.floats(), 7f);
        pool.release(large);
        Tensor t = pool.alignedZeroed(DataType.FLOAT, new long[] {4, 10});
        assertSame(large.array(), t.array());
        float[] f = t.floats();
        for (int i = 0; i < t.size(); i++) {
            assertEquals(0f, f[t.arrayOffset() + i], "element " + i);
        }
        Tensor p = pool.alignedUninitialized(DataType.FLOAT, new long[] {5}, true);
        for (int i = 0; i < p.size(); i++) {
            assertTrue(Float.isNaN(p.floats()[p.arrayOffset() + i]), "poisoned element " + i);
        }
    }

    @Test
    void wholeArrayOutputsNeverTakeAlignedArrays() {
        BufferPool pool = new BufferPool();
        Tensor a = aligned(pool, 100);
        pool.release(a);
        int length = a.floats().length;
        Tensor whole = pool.uninitialized(DataType.FLOAT, new long[] {length}, false);
        assertNotSame(a.array(), whole.array(), "a reader of whole arrays must get one of exactly its length");
        assertEquals(length, whole.floats().length);
        assertTrue(!whole.isSlice());
    }

    @Test
    void aRepeatedSequenceOfTakesStopsAllocatingAfterItsFirstRun() {
        BufferPool pool = new BufferPool();
        int[] sizes = {400, 400, 800, 200, 400, 100, 200, 200, 50, 100, 100, 100};
        long afterFirst = -1;
        for (int run = 0; run < 4; run++) {
            Tensor prev = null;
            for (int n : sizes) {
                Tensor t = aligned(pool, n);
                if (prev != null) {
                    pool.release(prev);
                }
                prev = t;
            }
            pool.release(prev);
            pool.endRun();
            if (run == 0) {
                afterFirst = pool.ownedBytes();
            } else {
                assertEquals(afterFirst, pool.ownedBytes(), "run " + run);
            }
        }
        // a chain holds two values at once; best fit stays within three arrays of the largest size
        assertTrue(afterFirst <= 3L * (800 + BufferPool.ALIGNMENT_SLACK) * Float.BYTES, "owned " + afterFirst);
    }

    @Test
    void aValueReleasedAgainAfterItsLastReleaseIsNotGivenBackTwice() {
        BufferPool pool = new BufferPool();
        Tensor t = aligned(pool, 300);
        pool.release(t);
        pool.release(t);
        Tensor a = aligned(pool, 300);
        Tensor b = aligned(pool, 300);
        assertSame(t.array(), a.array());
        assertNotSame(a.array(), b.array(), "one array given back twice would serve two live values");
    }

    @Test
    void theEndOfARunGivesBackLiveValuesAndResetsTheirCounts() {
        BufferPool pool = new BufferPool();
        Tensor t = aligned(pool, 300);
        pool.endRun();
        Tensor a = aligned(pool, 300);
        assertSame(t.array(), a.array(), "a failed run's live value is free for the next run");
        Tensor other = aligned(pool, 300);
        assertNotSame(a.array(), other.array(), "given back once, not once per end of run");
        pool.release(a);
        Tensor b = aligned(pool, 300);
        assertSame(a.array(), b.array(), "one release after the end of the run frees it: the old count is gone");
    }

    @Test
    void graphOutputsLeaveNoCountsBehind() {
        BufferPool pool = new BufferPool();
        for (int run = 0; run < 50; run++) {
            Tensor hidden = aligned(pool, 200);
            Tensor output = aligned(pool, 100);
            pool.release(hidden);
            pool.disown(output);
            pool.endRun();
        }
        assertTrue(pool.countedStorage() <= 2, "counts kept: " + pool.countedStorage());
    }
}
