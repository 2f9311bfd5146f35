package io.orpheus.backend.simd.nchwc;

import static io.orpheus.backend.simd.nchwc.BlockedWeightsTest.assertLaidOut;
import static io.orpheus.backend.simd.nchwc.BlockedWeightsTest.at;
import static io.orpheus.backend.simd.nchwc.BlockedWeightsTest.random;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.backend.simd.PackingGuard;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Packings start 5 and 11 floats into their arrays, where a cache-line boundary never lies (the JVM aligns arrays
 * to 8 bytes), so a guard always finds them off their boundary: as after the collector moved their arrays.
 */
class PackingGuardTest {

    private static final int M = 48;
    private static final int C = 32;

    @Test
    void aRunAloneMovesEveryPackingOffItsBoundaryOntoIt() {
        float[] src = random(M * C, 1);
        BlockedWeights a = at(BlockedWeights.pack(src, M, C, 1, 1), 5);
        BlockedWeights b = at(BlockedWeights.pack(src, M, C, 1, 1), 11);
        PackingGuard guard = new PackingGuard(a.packing(), b.packing());
        guard.acquire();
        try {
            assertNotEquals(5, a.origin());
            assertNotEquals(11, b.origin());
            assertTrue(a.origin() < 16 && b.origin() < 16, a.origin() + " " + b.origin());
            assertLaidOut(a, src, M, C, 1);
            assertLaidOut(b, src, M, C, 1);
        } finally {
            guard.release();
        }
    }

    @Test
    void aPackingThatAnotherRunReadsIsLeftWhereItIs() throws Exception {
        float[] src = random(M * C, 2);
        BlockedWeights w = at(BlockedWeights.pack(src, M, C, 1, 1), 5);
        PackingGuard guard = new PackingGuard(w.packing());
        guard.acquire();
        // as if the collector had moved the array while this run reads it
        w.packing().moveTo(5);
        ExecutorService other = Executors.newSingleThreadExecutor();
        try {
            other.submit(() -> {
                guard.acquire();
                try {
                    assertEquals(5, w.origin());
                    assertLaidOut(w, src, M, C, 1);
                } finally {
                    guard.release();
                }
            }).get(10, TimeUnit.SECONDS);
        } finally {
            other.shutdown();
        }
        guard.release();
        guard.acquire();
        try {
            assertNotEquals(5, w.origin());
            assertLaidOut(w, src, M, C, 1);
        } finally {
            guard.release();
        }
    }

    @Test
    void runsThatArriveTogetherReadTheWholePackingEveryTime() throws Exception {
        float[] src = random(M * C * 9, 3);
        int threads = 4;
        for (int round = 0; round < 20; round++) {
            BlockedWeights w = at(BlockedWeights.pack(src, M, C, 3, 3), round % 2 == 0 ? 5 : 11);
            PackingGuard guard = new PackingGuard(w.packing());
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> runs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    runs.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 20; i++) {
                            guard.acquire();
                            try {
                                assertLaidOut(w, src, M, C, 9);
                            } finally {
                                guard.release();
                            }
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> f : runs) {
                    f.get(60, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdown();
            }
            assertNotEquals(round % 2 == 0 ? 5 : 11, w.origin());
        }
    }
}
