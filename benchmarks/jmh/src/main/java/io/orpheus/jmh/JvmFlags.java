package io.orpheus.jmh;

/**
 * The flags every benchmark fork runs with: the root pom's {@code orpheus.jvm.flags}, which annotations
 * cannot read, so they are repeated here (a constant, so {@code @Fork} can use it).
 */
final class JvmFlags {

    static final String ADD_VECTOR_MODULE = "--add-modules=jdk.incubator.vector";
    static final String NATIVE_ACCESS = "--enable-native-access=ALL-UNNAMED";
    static final String HEAP = "-Xmx4g";
    /** JMH 1.37 reads field offsets through sun.misc.Unsafe, which JDK 25 warns about on every fork. */
    static final String UNSAFE_QUIET = "--sun-misc-unsafe-memory-access=allow";

    private JvmFlags() {
    }
}
