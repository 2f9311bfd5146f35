package io.orpheus.backend.xnnpack;

import com.sun.jna.Pointer;
import java.util.HashMap;
import java.util.Map;

/**
 * pthreadpools shared by all kernels of the same thread count, counted: the first kernel to ask for n
 * threads creates the pool, the last to close destroys it, so a network of fifty convolutions keeps one
 * set of worker threads rather than fifty. pthreadpool serialises the parallel regions submitted to one
 * pool, so kernels that share a pool and run at the same time take turns on its workers.
 */
final class ThreadPools {

    private final PthreadpoolLibrary lib;
    private final Map<Integer, Entry> pools = new HashMap<>();

    private static final class Entry {
        final Pointer pool;
        int users;

        Entry(Pointer pool) {
            this.pool = pool;
        }
    }

    ThreadPools(PthreadpoolLibrary lib) {
        this.lib = lib;
    }

    /** A share of the pool of {@code threads} threads; null for one thread (XNNPACK then runs on the caller). */
    synchronized Lease acquire(int threads) {
        if (threads <= 1) {
            return null;
        }
        Entry e = pools.get(threads);
        if (e == null) {
            Pointer p = lib.pthreadpool_create(threads);
            if (p == null) {
                throw new IllegalStateException("pthreadpool_create(" + threads + ") failed");
            }
            e = new Entry(p);
            pools.put(threads, e);
        }
        e.users++;
        return new Lease(threads, e.pool);
    }

    private synchronized void release(int threads) {
        Entry e = pools.get(threads);
        if (e != null && --e.users == 0) {
            pools.remove(threads);
            lib.pthreadpool_destroy(e.pool);
        }
    }

    /** Pools alive now, for the tests. */
    synchronized int live() {
        return pools.size();
    }

    /** One kernel's use of a pool; released once by the kernel's close. */
    final class Lease {
        private final int threads;
        private final Pointer pool;
        private boolean released;

        private Lease(int threads, Pointer pool) {
            this.threads = threads;
            this.pool = pool;
        }

        int threads() {
            return threads;
        }

        Pointer pool() {
            return pool;
        }

        void release() {
            synchronized (ThreadPools.this) {
                if (released) {
                    return;
                }
                released = true;
            }
            ThreadPools.this.release(threads);
        }
    }
}
