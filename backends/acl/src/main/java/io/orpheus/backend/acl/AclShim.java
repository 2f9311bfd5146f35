package io.orpheus.backend.acl;

import com.sun.jna.Native;
import com.sun.jna.NativeLibrary;
import io.orpheus.api.backend.Availability;
import java.nio.charset.StandardCharsets;

/**
 * {@code libacl_shim.so}, loaded once and lazily through JNA (from the class path's {@code linux-aarch64/},
 * where the Maven profile puts it, or {@code jna.library.path}); a machine without it gets an
 * {@link Availability} saying how to build it instead of an error.
 */
public final class AclShim {

    static final String BUILD_HINT = "libacl_shim.so not found: on aarch64 with the Arm Compute Library installed "
            + "(ACL_ROOT), build it with backends/acl/shim/build.sh";

    private final AclShimLibrary lib;
    private final String path;
    private final String buildInfo;

    private AclShim(AclShimLibrary lib, String path) {
        this.lib = lib;
        this.path = path;
        byte[] buf = new byte[1024];
        lib.acl_shim_build_info(buf, buf.length);
        this.buildInfo = cString(buf);
    }

    private static final class Holder {
        static final Object LOADED = load("acl_shim");
    }

    static Object load(String name) {
        if (!"aarch64".equals(System.getProperty("os.arch"))) {
            return "the ACL binding runs on aarch64 only; this JVM is " + System.getProperty("os.arch");
        }
        try {
            NativeLibrary nl = NativeLibrary.getInstance(name);
            AclShimLibrary lib = Native.load(name, AclShimLibrary.class);
            return new AclShim(lib, nl.getFile() == null ? name : nl.getFile().getPath());
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            return BUILD_HINT + " (" + String.valueOf(e.getMessage()).replaceAll("\\s*\\R\\s*", " ") + ")";
        }
    }

    public static Availability availability() {
        Object o = Holder.LOADED;
        return o instanceof AclShim s ? Availability.available(s.path + ", " + s.buildInfo)
                : Availability.unavailable((String) o);
    }

    /** The loaded shim; throws with the reason when it is absent. */
    public static AclShim get() {
        Object o = Holder.LOADED;
        if (o instanceof AclShim s) {
            return s;
        }
        throw new IllegalStateException((String) o);
    }

    public AclShimLibrary lib() {
        return lib;
    }

    /** The reason a shim function wrote into {@code err}. */
    public static String cString(byte[] err) {
        int end = 0;
        while (end < err.length && err[end] != 0) {
            end++;
        }
        return new String(err, 0, end, StandardCharsets.UTF_8).replaceAll("\\s*\\R\\s*", " ");
    }
}
