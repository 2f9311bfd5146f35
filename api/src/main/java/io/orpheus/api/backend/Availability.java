package io.orpheus.api.backend;

/**
 * Whether a backend can run here at all.
 *
 * @param available yes or no
 * @param detail    when unavailable, why and how to fix it ("libdnnl.so.2 not found: apt-get install
 *                  libdnnl2"); when available, what was found (library path, version, ISA)
 */
public record Availability(boolean available, String detail) {
    public static Availability available(String detail) {
        return new Availability(true, detail);
    }

    public static Availability unavailable(String reason) {
        return new Availability(false, reason);
    }
}
