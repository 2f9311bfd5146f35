package io.orpheus.backend.simd;

import io.orpheus.api.backend.HeapAlignment;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The constant arrays one kernel reads (packed weights, each an {@link AlignedFloats}), kept on their arrays'
 * cache-line boundaries although the collector moves the arrays (see {@link HeapAlignment}). A run brackets its reads
 * with {@link #acquire()} and {@link #release()}; the first run to arrive while no other reads moves every packing
 * that is off its boundary, alone. Runs of one session may overlap, so a move waits for no reader and no reader sees
 * one half done: a run that finds others reading leaves the packings where they are, and a run that arrives during a
 * move waits for it. One guard per kernel, not per packing: a Winograd layer's 36 packings cost one counter update a
 * run (13 ns for acquire and release together on this project's machine).
 */
public final class PackingGuard {

    /** {@link #users} while one run moves the packings. */
    private static final int MOVING = -1;

    private final AlignedFloats[] packings;
    /** Runs reading the packings now, or {@link #MOVING}. */
    private final AtomicInteger users = new AtomicInteger();

    public PackingGuard(AlignedFloats... packings) {
        this.packings = packings.clone();
    }

    /** Takes the packings for one run, first moving any that is off its boundary when no other run reads them. */
    public void acquire() {
        while (true) {
            int u = users.get();
            if (u == MOVING) {
                Thread.onSpinWait();
            } else if (u == 0 && offBoundary()) {
                if (users.compareAndSet(0, MOVING)) {
                    for (AlignedFloats p : packings) {
                        p.moveTo(p.boundary());
                    }
                    users.set(1);
                    return;
                }
            } else if (users.compareAndSet(u, u + 1)) {
                return;
            }
        }
    }

    /** Ends a run's {@link #acquire()}. */
    public void release() {
        users.decrementAndGet();
    }

    private boolean offBoundary() {
        for (AlignedFloats p : packings) {
            if (p.origin() != p.boundary()) {
                return true;
            }
        }
        return false;
    }
}
