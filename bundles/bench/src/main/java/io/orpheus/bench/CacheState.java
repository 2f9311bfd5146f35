package io.orpheus.bench;

import java.util.Locale;

/**
 * The cache state timed runs start from, recorded with every result.
 *
 * <ul>
 *   <li>{@code warm}: each run follows the one before, so weights and buffers are wherever the previous run left
 *   them (in cache, for a network that fits);</li>
 *   <li>{@code flushed}: before every timed run the caches are filled with other data ({@link CacheFlush}), so
 *   weights and activations come from memory, as for a model that runs between other work.</li>
 * </ul>
 */
public enum CacheState {
    WARM,
    FLUSHED;

    /** The lower-case name used on the command line and in the JSON and CSV. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** {@code warm} or {@code flushed} (null: warm); anything else is a usage error naming {@code flag}. */
    public static CacheState parse(String value, String flag) {
        if (value == null) {
            return WARM;
        }
        for (CacheState s : values()) {
            if (s.label().equals(value.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new BenchUsageException(flag + " takes warm or flushed, got '" + value + "'");
    }
}
