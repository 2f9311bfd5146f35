package io.orpheus.runtime.internal;

import java.util.BitSet;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntConsumer;

/**
 * A session's persistent workers. The calling thread works too, so {@code threads - 1} workers are
 * started; with one thread nothing is started and tasks run inline.
 *
 * <p>A network calls {@link #parallelFor} dozens of times per inference, a few hundred microseconds
 * apart, so handing work over must cost far less than a thread wake-up: a worker that finished keeps
 * polling for the next job for {@link #SPIN_NANOS} before it parks, and the caller waits for the
 * workers' last tasks by spinning for {@link #AWAIT_SPIN_NANOS}, then parked (see {@link #awaitTasks}).
 * Idle sessions therefore cost nothing after a fraction of a millisecond.
 *
 * <p>One job at a time: a second thread calling {@code parallelFor} while a job runs (two runs of one
 * session at once, or a kernel nesting parallel loops) runs its tasks inline on its own thread.
 *
 * <p>Workers kept apart ({@link Apart}, where {@link ThreadPlacement} is available): the kernel may wake a parked
 * worker onto the caller's CPU and leave both there, taking turns, while another CPU idles (see
 * {@link ThreadPlacement}). {@link Apart#AT_WAKE} bars a worker from the caller's CPU only when a job is about to
 * wake it, and the worker lifts the bar once it has run its share, so the CPUs are shared freely while the
 * workers are awake. On this project's 2-vCPU machine, two sessions alternating in one process, 8 runs after
 * each 20 ms idle pause, 2 threads (mean per run, at wake / never): a pointwise and depthwise pair at 112x112
 * 353 / 705 us, a ResNet stem and max pool 904 / 1443 us; MobileNet-v1 3214 / 3238, WRN-40-2 1862 / 1890,
 * ResNet-50 22019 / 22615, Inception-v3 31730 / 31154, ResNet-18 9033 / 9055 (and 8460 / 8045 in a noisier
 * period; the same session against itself differed by 1-2%). {@link Apart#ALWAYS} keeps every worker off the
 * caller's CPU at all times, updated when the caller moves: the same stem gain, but WRN-40-2 took 2-4% and
 * Inception-v3 4% longer, since a worker barred from the caller's CPU cannot use it while the caller waits.
 */
public final class WorkerPool implements AutoCloseable {

    /** How long an idle worker polls for the next job before parking. */
    static final long SPIN_NANOS = 200_000;
    /** How long the caller spins for the others' last tasks before it parks. */
    static final long AWAIT_SPIN_NANOS = 50_000;
    /** The longest a parked caller sleeps before it looks again by itself. */
    static final long AWAIT_PARK_NANOS = 1_000_000;

    private static final AtomicInteger POOL_IDS = new AtomicInteger();

    private final int threads;
    private final Worker[] workers;
    private final AtomicBoolean busy = new AtomicBoolean();

    /**
     * One parallelFor: everything a worker needs, so that workers never mix two jobs' counters. The caller
     * waits for the tasks, not for the workers: a worker that wakes late (descheduled, or still parking) finds
     * every task claimed and leaves, and the caller never waits for a thread that has nothing to do.
     */
    private static final class Job {
        final IntConsumer body;
        final int count;
        final int helpers;
        /**
         * Participant p (the caller 0, worker h as h + 1) first takes the tasks of its own contiguous share,
         * then helps with the others': the same share of a layer's rows lands on the same core layer after
         * layer, so each core mostly reads what it wrote itself (its own cache) instead of fetching half of
         * every tensor from the other core's.
         */
        final AtomicInteger[] cursors;
        final int[] ends;
        final AtomicInteger done = new AtomicInteger();
        /** The caller once it parks to wait for the last tasks; null while it spins. */
        volatile Thread waiter;
        final AtomicReference<Throwable> failure = new AtomicReference<>();

        Job(IntConsumer body, int count, int helpers) {
            this.body = body;
            this.count = count;
            this.helpers = helpers;
            int parts = helpers + 1;
            this.cursors = new AtomicInteger[parts];
            this.ends = new int[parts];
            for (int p = 0; p < parts; p++) {
                cursors[p] = new AtomicInteger((int) ((long) p * count / parts));
                ends[p] = (int) ((long) (p + 1) * count / parts);
            }
        }

        /** Runs tasks until none is left, its own share first; after a failure, claims the rest without running them. */
        void drain(int participant) {
            int parts = cursors.length;
            for (int k = 0; k < parts; k++) {
                int p = (participant + k) % parts;
                AtomicInteger cursor = cursors[p];
                int end = ends[p];
                for (int i = cursor.getAndIncrement(); i < end; i = cursor.getAndIncrement()) {
                    try {
                        if (failure.get() == null) {
                            body.accept(i);
                        }
                    } catch (RuntimeException | Error e) {
                        failure.compareAndSet(null, e);
                    } finally {
                        if (done.incrementAndGet() == count) {
                            Thread w = waiter;
                            if (w != null) {
                                LockSupport.unpark(w);
                            }
                        }
                    }
                }
            }
        }
    }

    /** When a pool keeps its workers off the caller's CPU. */
    public enum Apart {
        /** Never: the kernel places the workers. */
        NEVER,
        /** While a job wakes a parked worker: until the worker has run its share, then it is free again. */
        AT_WAKE,
        /** Always: every worker is allowed its starting CPUs except the caller's, updated when the caller moves. */
        ALWAYS
    }

    private volatile Job job;
    private volatile boolean closed;
    private final Apart apart;
    private final ThreadPlacement placement;
    /** The caller's CPU that the workers were last kept off; -1 before the first job. */
    private int excludedCpu = -1;
    /** How many times the workers were moved off the caller's CPU. */
    private volatile long moves;

    public WorkerPool(int threads) {
        this(threads, Apart.NEVER);
    }

    /** @param apart when workers are kept off the calling thread's CPU (where the platform allows) */
    public WorkerPool(int threads, Apart apart) {
        this.threads = threads;
        this.placement = apart != Apart.NEVER && threads > 1 && ThreadPlacement.get().available()
                ? ThreadPlacement.get() : null;
        this.apart = placement == null ? Apart.NEVER : apart;
        this.workers = new Worker[Math.max(0, threads - 1)];
        int id = workers.length == 0 ? 0 : POOL_IDS.incrementAndGet();
        for (int i = 0; i < workers.length; i++) {
            workers[i] = new Worker(i);
            Thread t = new Thread(workers[i], "orpheus-" + id + "-worker-" + (i + 1));
            t.setDaemon(true);
            workers[i].thread = t;
            t.start();
        }
    }

    public int threads() {
        return threads;
    }

    public void parallelFor(int count, IntConsumer body) {
        if (workers.length == 0 || count <= 1 || closed || !busy.compareAndSet(false, true)) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        Job j = new Job(body, count, Math.min(workers.length, count - 1));
        try {
            if (apart == Apart.ALWAYS) {
                keepWorkersOffCallersCpu();
            } else if (apart == Apart.AT_WAKE) {
                wakeOffCallersCpu(j.helpers);
            }
            job = j;
            for (int h = 0; h < j.helpers; h++) {
                workers[h].wake();
            }
            j.drain(0);
            awaitTasks(j);
            Throwable f = j.failure.get();
            if (f instanceof RuntimeException re) {
                throw re;
            }
            if (f instanceof Error err) {
                throw err;
            }
            if (f != null) {
                throw new IllegalStateException(f);
            }
        } finally {
            job = null;
            busy.set(false);
        }
    }

    /** When workers are kept off the caller's CPU: as asked for where the platform allows it, else never. */
    public Apart apart() {
        return apart;
    }

    /** Worker {@code i}'s kernel thread id once it is placed (-1 before, or without placement): for tests. */
    int workerThreadId(int i) {
        Worker w = workers[i];
        return w.placed && w.allowed != null ? w.tid : -1;
    }

    /** How many times a worker's allowed CPUs were changed to keep it off the caller's CPU. */
    public long workerMoves() {
        return moves;
    }

    /**
     * Allows every worker the CPUs it started with except the caller's, when the caller is on another CPU than
     * at the last job. One call into the C library per job; the affinity changes only when the caller moved.
     */
    private void keepWorkersOffCallersCpu() {
        int cpu = placement.currentCpu();
        if (cpu < 0 || cpu == excludedCpu) {
            return;
        }
        boolean all = true;
        for (Worker w : workers) {
            if (!w.placed) {
                all = false; // not started yet: the next job tries again
                continue;
            }
            BitSet allowed = w.allowed;
            if (allowed == null) {
                continue;
            }
            BitSet others = (BitSet) allowed.clone();
            others.clear(cpu);
            if (!others.isEmpty() && placement.setAffinity(w.tid, others)) {
                moves++;
            }
        }
        if (all) {
            excludedCpu = cpu;
        }
    }

    /**
     * Bars each parked worker among the job's first {@code helpers} from the caller's CPU before it is woken;
     * the worker lifts the bar itself once it has run its share (see {@link Worker#run}). A caller that finds
     * every worker awake, as between the layers of a run, asks nothing of the kernel.
     */
    private void wakeOffCallersCpu(int helpers) {
        int cpu = Integer.MIN_VALUE;
        for (int h = 0; h < helpers; h++) {
            Worker w = workers[h];
            if (!w.sleeping || !w.placed || w.allowed == null || w.barred) {
                continue;
            }
            if (cpu == Integer.MIN_VALUE) {
                cpu = placement.currentCpu();
            }
            if (cpu < 0) {
                return;
            }
            BitSet others = (BitSet) w.allowed.clone();
            others.clear(cpu);
            if (!others.isEmpty() && placement.setAffinity(w.tid, others)) {
                // before the job is published, so that the worker that takes it sees the bar
                w.barred = true;
                moves++;
            }
        }
    }

    /**
     * Waits until every task of {@code j} ran: spinning at first (the others' last tasks end within
     * microseconds), then parked until the participant that finishes the last task unparks this thread. A
     * worker that claimed a task and was then descheduled may be queued behind the caller on the caller's
     * own core; spinning (or yielding, which the kernel's EEVDF scheduler does not turn into a switch) then
     * kept it off that core until the caller's time slice ran out: at 2 threads on 2 cores, runs of
     * MobileNet-v1 took 7 ms instead of 3, the worker waiting 3.9 ms at a time (perf sched).
     */
    private static void awaitTasks(Job j) {
        if (j.done.get() == j.count) {
            return;
        }
        long spinUntil = System.nanoTime() + AWAIT_SPIN_NANOS;
        while (j.done.get() != j.count && System.nanoTime() < spinUntil) {
            Thread.onSpinWait();
        }
        if (j.done.get() == j.count) {
            return;
        }
        j.waiter = Thread.currentThread();
        while (j.done.get() != j.count) {
            // the timeout only bounds a missed unpark; the last task's participant unparks this thread
            LockSupport.parkNanos(j, AWAIT_PARK_NANOS);
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Worker w : workers) {
            LockSupport.unpark(w.thread);
        }
    }

    private final class Worker implements Runnable {
        private final int index;
        private volatile boolean sleeping;
        Thread thread;
        /** The worker's kernel thread id. */
        int tid;
        /** The CPUs the worker was allowed when it started; null when it cannot be moved (one CPU, no id). */
        BitSet allowed;
        /** Set after {@link #tid} and {@link #allowed}, which it publishes. */
        volatile boolean placed;
        /** Whether the caller barred this worker from its CPU to wake it ({@link Apart#AT_WAKE}). */
        volatile boolean barred;

        Worker(int index) {
            this.index = index;
        }

        void wake() {
            if (sleeping) {
                LockSupport.unpark(thread);
            }
        }

        @Override
        public void run() {
            if (placement != null) {
                tid = placement.currentThreadId();
                BitSet cpus = placement.affinity(0);
                if (tid > 0 && cpus != null && cpus.cardinality() > 1) {
                    allowed = cpus;
                }
                placed = true;
            }
            Job seen = null;
            while (!closed) {
                Job j = job;
                if (j != null && j != seen) {
                    seen = j;
                    if (index < j.helpers) {
                        j.drain(index + 1);
                    }
                    if (barred) {
                        // running on another CPU than the caller's by now, so free to stay or move again
                        barred = false;
                        placement.setAffinity(tid, allowed);
                    }
                    continue;
                }
                long spinUntil = System.nanoTime() + SPIN_NANOS;
                while (job == j && !closed && System.nanoTime() < spinUntil) {
                    Thread.onSpinWait();
                }
                if (job != j || closed) {
                    continue;
                }
                sleeping = true;
                // re-checked after announcing sleep: the submitter publishes the job, then wakes sleepers
                if (job == j && !closed) {
                    LockSupport.park(this);
                }
                sleeping = false;
            }
        }
    }
}
