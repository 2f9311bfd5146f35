package io.orpheus.runtime.internal;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.util.BitSet;
import java.util.Locale;

/**
 * Which CPU a thread runs on and which it may run on, through Linux's C library ({@code sched_getcpu},
 * {@code gettid}, {@code sched_getaffinity}, {@code sched_setaffinity}) called with the foreign function API.
 *
 * <p>Why a pool needs it: on a small VM the kernel sometimes wakes a parked worker onto the CPU its caller is
 * running on while the other CPU idles, and leaves the two sharing that CPU for milliseconds, because a thread
 * that ran moments ago counts as cache-hot and is not migrated. perf sched on this project's 2-vCPU machine
 * showed the caller and the worker taking turns on one CPU, the other idle, after every idle pause of a
 * session: the 7x7 stem and max pool of ResNet took 2.1, 1.6, 1.3 ... 1.0 ms over the first runs after a 20 ms
 * pause instead of 0.75-0.95 without pauses. {@link WorkerPool} uses this to keep a worker it wakes off the
 * caller's CPU (by default), or every worker at all times.
 *
 * <p>Unavailable (every method a no-op, {@link #reason()} says why) off Linux, when the C library lacks a
 * function, or when native access is not enabled for this code ({@code --enable-native-access=ALL-UNNAMED}):
 * without it the JDK would print a warning on the first call.
 */
public final class ThreadPlacement {

    /** Bytes of a {@code cpu_set_t}: 1024 CPUs. */
    private static final long SET_BYTES = 128;

    private static final ThreadPlacement INSTANCE = create();

    private final MethodHandle getCpu;
    private final MethodHandle getTid;
    private final MethodHandle getAffinity;
    private final MethodHandle setAffinity;
    private final String reason;

    private ThreadPlacement(MethodHandle getCpu, MethodHandle getTid, MethodHandle getAffinity,
                            MethodHandle setAffinity, String reason) {
        this.getCpu = getCpu;
        this.getTid = getTid;
        this.getAffinity = getAffinity;
        this.setAffinity = setAffinity;
        this.reason = reason;
    }

    /** This JVM's placement functions, looked up once. */
    public static ThreadPlacement get() {
        return INSTANCE;
    }

    private static ThreadPlacement create() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return unavailable("not Linux");
        }
        if (!ThreadPlacement.class.getModule().isNativeAccessEnabled()) {
            return unavailable("native access is not enabled (--enable-native-access=ALL-UNNAMED)");
        }
        try {
            Linker linker = Linker.nativeLinker();
            SymbolLookup libc = linker.defaultLookup();
            FunctionDescriptor intOfNothing = FunctionDescriptor.of(ValueLayout.JAVA_INT);
            FunctionDescriptor affinity = FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.JAVA_INT,
                    ValueLayout.JAVA_LONG, ValueLayout.ADDRESS);
            // the two asked for on every parallel loop skip the thread-state transition: they return at once
            MethodHandle cpu = find(linker, libc, "sched_getcpu", intOfNothing, true);
            MethodHandle tid = find(linker, libc, "gettid", intOfNothing, true);
            MethodHandle get = find(linker, libc, "sched_getaffinity", affinity, false);
            MethodHandle set = find(linker, libc, "sched_setaffinity", affinity, false);
            if (cpu == null || tid == null || get == null || set == null) {
                return unavailable("the C library lacks sched_getcpu, gettid or sched_{get,set}affinity");
            }
            return new ThreadPlacement(cpu, tid, get, set, null);
        } catch (RuntimeException | LinkageError e) {
            return unavailable("the C library could not be linked: " + e);
        }
    }

    private static MethodHandle find(Linker linker, SymbolLookup lookup, String name, FunctionDescriptor d,
                                     boolean critical) {
        Linker.Option[] options = critical ? new Linker.Option[] {Linker.Option.critical(false)} : new Linker.Option[0];
        return lookup.find(name).map(s -> linker.downcallHandle(s, d, options)).orElse(null);
    }

    private static ThreadPlacement unavailable(String why) {
        return new ThreadPlacement(null, null, null, null, why);
    }

    public boolean available() {
        return reason == null;
    }

    /** Why {@link #available} is false; null when it is true. */
    public String reason() {
        return reason;
    }

    /** The CPU the calling thread runs on, or -1. */
    public int currentCpu() {
        if (getCpu == null) {
            return -1;
        }
        try {
            return (int) getCpu.invokeExact();
        } catch (Throwable t) {
            return -1;
        }
    }

    /** The calling thread's kernel id, or -1. */
    public int currentThreadId() {
        if (getTid == null) {
            return -1;
        }
        try {
            return (int) getTid.invokeExact();
        } catch (Throwable t) {
            return -1;
        }
    }

    /** The CPUs thread {@code tid} (0: the calling thread) may run on, or null when unknown. */
    public BitSet affinity(int tid) {
        if (getAffinity == null) {
            return null;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(SET_BYTES, 8);
            int rc = (int) getAffinity.invokeExact(tid, SET_BYTES, set);
            return rc == 0 ? BitSet.valueOf(set.toArray(ValueLayout.JAVA_LONG)) : null;
        } catch (Throwable t) {
            return null;
        }
    }

    /** Lets thread {@code tid} (0: the calling thread) run on {@code cpus} only; false when the kernel refused. */
    public boolean setAffinity(int tid, BitSet cpus) {
        if (setAffinity == null || cpus.isEmpty() || cpus.length() > SET_BYTES * 8) {
            return false;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment set = arena.allocate(SET_BYTES, 8);
            long[] words = cpus.toLongArray();
            MemorySegment.copy(words, 0, set, ValueLayout.JAVA_LONG, 0, words.length);
            return (int) setAffinity.invokeExact(tid, SET_BYTES, set) == 0;
        } catch (Throwable t) {
            return false;
        }
    }
}
