package io.orpheus.backend.dnnl;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Pointer;
import io.orpheus.api.backend.Availability;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's oneDNN, loaded once and lazily through JNA: nothing is downloaded, and a machine without
 * the library gets an {@link Availability} naming the Debian package instead of an error. Also the
 * OpenMP runtime oneDNN runs its parallel regions on, whose team size follows the session.
 */
final class Dnnl {

    static final String PACKAGE_HINT = "libdnnl.so.2 not found: apt-get install libdnnl2";

    /*
     * JNA maps "dnnl" to libdnnl.so, which only the -dev package provides; the soname and Debian's
     * multiarch paths follow.
     */
    static final List<String> NAMES = List.of("dnnl", "libdnnl.so.2", "/usr/lib/x86_64-linux-gnu/libdnnl.so.2",
            "/usr/lib/aarch64-linux-gnu/libdnnl.so.2");

    private static final List<String> OMP_NAMES = List.of("libgomp.so.1", "gomp", "libiomp5.so", "libomp.so.5");

    private final DnnlLibrary lib;
    private final OmpLibrary omp;
    private final String path;
    private final String version;
    private final String isa;
    private final String runtime;
    private final String ompSpin;

    private Dnnl(DnnlLibrary lib, String path, String ompSpin) {
        this.lib = lib;
        this.ompSpin = ompSpin;
        this.path = path;
        Pointer v = lib.dnnl_version();
        Pointer hash = v.getPointer(16);
        this.version = v.getInt(0) + "." + v.getInt(4) + "." + v.getInt(8)
                + " (" + (hash == null ? "no hash" : hash.getString(0)) + ")";
        this.runtime = switch (v.getInt(24)) {
            case 1 -> "sequential";
            case 2 -> "OpenMP";
            case 4 -> "TBB";
            case 8 -> "threadpool";
            default -> "CPU runtime " + v.getInt(24);
        };
        this.isa = DnnlConstants.isaName(lib.dnnl_get_effective_cpu_isa());
        this.omp = "OpenMP".equals(runtime) ? loadOmp() : null;
    }

    private static final class Holder {
        static final Object LOADED = load(NAMES);
    }

    /** The library under the first of {@code names} that loads, or the reason none did. */
    static Object load(List<String> names) {
        String ompSpin = OmpSpin.bound(); // before libgomp loads with oneDNN: it reads its environment then
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                NativeLibrary nl = NativeLibrary.getInstance(name);
                DnnlLibrary lib = Native.load(name, DnnlLibrary.class);
                return new Dnnl(lib, nl.getFile() == null ? name : nl.getFile().getPath(), ompSpin);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                errors.add(name + ": " + loaderError(e));
            }
        }
        return PACKAGE_HINT + " (" + String.join("; ", errors) + ")";
    }

    private static OmpLibrary loadOmp() {
        for (String name : OMP_NAMES) {
            try {
                return Native.load(name, OmpLibrary.class);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                // the next name; without any, oneDNN uses OpenMP's default team size
            }
        }
        return null;
    }

    /** JNA's message on one line, without the class path it appends after searching its resources. */
    private static String loaderError(Throwable e) {
        String m = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
        int resources = m.indexOf(" Native library (");
        return resources > 0 ? m.substring(0, resources) : m;
    }

    /** The loaded library; throws with the loader's reasons when it is absent. */
    static Dnnl get() {
        Object o = Holder.LOADED;
        if (o instanceof Dnnl d) {
            return d;
        }
        throw new IllegalStateException((String) o);
    }

    static Availability availability() {
        return availabilityOf(Holder.LOADED);
    }

    static Availability availabilityOf(Object o) {
        if (o instanceof Dnnl d) {
            return Availability.available(d.describe());
        }
        return Availability.unavailable((String) o);
    }

    String describe() {
        return path + ", oneDNN " + version + ", ISA " + isa + ", " + runtime
                + (omp == null && "OpenMP".equals(runtime) ? " (libgomp not found: default team size)" : "")
                + ("OpenMP".equals(runtime) ? "; " + ompSpin : "");
    }

    DnnlLibrary lib() {
        return lib;
    }

    String version() {
        return version;
    }

    String isa() {
        return isa;
    }

    /**
     * Makes the parallel regions the calling thread starts use {@code threads} threads. OpenMP keeps
     * this per thread, so sessions with different counts running at once do not disturb each other.
     */
    void useThreads(int threads) {
        if (omp != null) {
            omp.omp_set_num_threads(Math.max(1, threads));
        }
    }

    /** The calling thread's OpenMP team size, or -1 without an OpenMP runtime. */
    int threads() {
        return omp == null ? -1 : omp.omp_get_max_threads();
    }

    /** Throws, naming the call and oneDNN's status, unless {@code status} is success. */
    static void check(int status, String call) {
        if (status != DnnlConstants.SUCCESS) {
            throw new DnnlException(call + " failed: " + DnnlConstants.statusName(status));
        }
    }
}
