package io.orpheus.backend.xnnpack;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import io.orpheus.api.backend.Availability;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The system's XNNPACK and pthreadpool, loaded and initialised once, lazily, through JNA: nothing is
 * downloaded, and a machine without them gets an {@link Availability} naming the Debian packages instead
 * of an error. XNNPACK is initialised once per process and never deinitialised: operators of any session
 * may exist until the JVM exits.
 */
final class Xnnpack {

    static final String PACKAGE_HINT = "libXNNPACK.so.0 not found: apt-get install libxnnpack0";
    static final String POOL_HINT = "libpthreadpool.so.0 not found: apt-get install libpthreadpool0";

    /** Debian's runtime package; XNNPACK itself exposes no version, so its package version is reported. */
    static final String DEBIAN_PACKAGE = "libxnnpack0";

    /*
     * JNA maps "XNNPACK" to libXNNPACK.so, which only the -dev package provides; the soname and Debian's
     * multiarch paths follow so that the runtime package alone suffices.
     */
    static final List<String> NAMES = List.of("XNNPACK", "libXNNPACK.so.0",
            "/usr/lib/x86_64-linux-gnu/libXNNPACK.so.0", "/usr/lib/aarch64-linux-gnu/libXNNPACK.so.0");
    static final List<String> POOL_NAMES = List.of("pthreadpool", "libpthreadpool.so.0",
            "/usr/lib/x86_64-linux-gnu/libpthreadpool.so.0", "/usr/lib/aarch64-linux-gnu/libpthreadpool.so.0");

    private final XnnpackLibrary lib;
    private final String path;
    private final String poolPath;
    private final String packageVersion;
    private final ThreadPools threadPools;

    private Xnnpack(XnnpackLibrary lib, String path, PthreadpoolLibrary pool, String poolPath) {
        this.lib = lib;
        this.path = path;
        this.poolPath = poolPath;
        this.packageVersion = debianVersion(Path.of("/var/lib/dpkg/status"), DEBIAN_PACKAGE);
        this.threadPools = new ThreadPools(pool);
    }

    private static final class Holder {
        static final Object LOADED = load(NAMES, POOL_NAMES);
    }

    /** The libraries under the first names that load, initialised; or the reason they could not be. */
    static Object load(List<String> names, List<String> poolNames) {
        if (!is64Bit()) {
            return "XNNPACK is bound for 64-bit platforms only (size_t as a Java long); this JVM is "
                    + System.getProperty("os.arch");
        }
        List<String> errors = new ArrayList<>();
        PthreadpoolLibrary pool = null;
        String poolPath = null;
        for (String name : poolNames) {
            try {
                NativeLibrary nl = NativeLibrary.getInstance(name);
                pool = Native.load(name, PthreadpoolLibrary.class);
                poolPath = nl.getFile() == null ? name : nl.getFile().getPath();
                break;
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                errors.add(name + ": " + loaderError(e));
            }
        }
        if (pool == null) {
            return withoutThreadPool(names, String.join("; ", errors));
        }
        errors.clear();
        for (String name : names) {
            XnnpackLibrary lib;
            String path;
            try {
                NativeLibrary nl = NativeLibrary.getInstance(name);
                lib = Native.load(name, XnnpackLibrary.class);
                path = nl.getFile() == null ? name : nl.getFile().getPath();
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                errors.add(name + ": " + loaderError(e));
                continue;
            }
            int status;
            try {
                status = lib.xnn_initialize(null);
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                return path + " loaded but xnn_initialize could not be called: " + loaderError(e);
            }
            if (status != XnnStatus.SUCCESS) {
                return path + " loaded but xnn_initialize failed: " + XnnStatus.name(status)
                        + (status == XnnStatus.UNSUPPORTED_HARDWARE ? " (this CPU lacks what XNNPACK needs)" : "");
            }
            return new Xnnpack(lib, path, pool, poolPath);
        }
        return PACKAGE_HINT + " (" + String.join("; ", errors) + ")";
    }

    /**
     * Why nothing loads when the thread-pool library does not: XNNPACK missing too (its package brings the
     * pool in as a dependency) names libxnnpack0; XNNPACK present, or failing only for want of the pool,
     * names libpthreadpool0.
     */
    private static String withoutThreadPool(List<String> names, String poolErrors) {
        List<String> errors = new ArrayList<>();
        for (String name : names) {
            try {
                NativeLibrary.getInstance(name);
                return POOL_HINT + " (" + poolErrors + ")";
            } catch (UnsatisfiedLinkError | RuntimeException e) {
                String error = loaderError(e);
                if (error.contains("pthreadpool")) {
                    return POOL_HINT + " (" + poolErrors + ")";
                }
                errors.add(name + ": " + error);
            }
        }
        return PACKAGE_HINT + " (" + String.join("; ", errors) + "; " + poolErrors + ")";
    }

    private static boolean is64Bit() {
        return "64".equals(System.getProperty("sun.arch.data.model", "64"));
    }

    /** JNA's message on one line, without the class path it appends after searching its resources. */
    private static String loaderError(Throwable e) {
        String m = String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ");
        int resources = m.indexOf(" Native library (");
        return resources > 0 ? m.substring(0, resources) : m;
    }

    /**
     * The {@code Version:} of {@code pkg} in a dpkg status file, or a note saying it could not be read.
     * Read line by line up to the package: the file is about a megabyte.
     */
    static String debianVersion(Path status, String pkg) {
        try (BufferedReader r = Files.newBufferedReader(status, StandardCharsets.UTF_8)) {
            boolean inPackage = false;
            for (String line = r.readLine(); line != null; line = r.readLine()) {
                if (line.startsWith("Package: ")) {
                    inPackage = line.substring(9).trim().equals(pkg);
                } else if (inPackage && line.startsWith("Version: ")) {
                    return pkg + " " + line.substring(9).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            return "package version unknown (" + status + " unreadable)";
        }
        return "package version unknown (" + pkg + " not in " + status + ")";
    }

    /** The initialised library; throws with the loader's reasons when it is absent. */
    static Xnnpack get() {
        Object o = Holder.LOADED;
        if (o instanceof Xnnpack x) {
            return x;
        }
        throw new IllegalStateException((String) o);
    }

    static Availability availability() {
        return availabilityOf(Holder.LOADED);
    }

    /** What {@link #load} found, as an availability. */
    static Availability availabilityOf(Object o) {
        if (o instanceof Xnnpack x) {
            return Availability.available(x.describe());
        }
        return Availability.unavailable((String) o);
    }

    String describe() {
        return path + " (" + packageVersion + "; XNNPACK exposes no version of its own), xnn_initialize: success; "
                + "threads: " + poolPath;
    }

    String packageVersion() {
        return packageVersion;
    }

    XnnpackLibrary lib() {
        return lib;
    }

    ThreadPools threadPools() {
        return threadPools;
    }
}
