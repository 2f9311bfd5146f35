package io.orpheus.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Whether the JVM's heap is on transparent huge pages, which kernels streaming megabytes of weights per
 * layer feel through the TLB (MobileNet-v1 at one thread: 2.5%). The heap gets them where the kernel's mode
 * is {@code always}, or {@code madvise} and the JVM asks with {@code -XX:+UseTransparentHugePages}.
 */
public final class HeapPages {

    /** Linux's transparent huge page setting, e.g. {@code always [madvise] never}. */
    public static final Path KERNEL_MODE = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private HeapPages() {
    }

    /** The bracketed mode of {@code file} ({@code always}, {@code madvise}, {@code never}), or null where it says none. */
    public static String kernelMode(Path file) {
        try {
            String line = Files.readString(file);
            int open = line.indexOf('[');
            int close = line.indexOf(']', open + 1);
            return open >= 0 && close > open ? line.substring(open + 1, close) : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /** Whether the last of the JVM's {@code UseTransparentHugePages} flags turns them on. */
    public static boolean requested(List<String> jvmFlags) {
        boolean on = false;
        for (String f : jvmFlags) {
            if (f.equals("-XX:+UseTransparentHugePages")) {
                on = true;
            } else if (f.equals("-XX:-UseTransparentHugePages")) {
                on = false;
            }
        }
        return on;
    }

    /** Whether a JVM with these flags, under this kernel mode, has its heap on huge pages. */
    public static boolean huge(List<String> jvmFlags, String kernelMode) {
        return "always".equals(kernelMode) || ("madvise".equals(kernelMode) && requested(jvmFlags));
    }
}
