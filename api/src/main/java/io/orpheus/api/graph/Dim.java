package io.orpheus.api.graph;

/**
 * One dimension of a declared shape: a known size, a named symbolic size (e.g. "batch"), or unknown.
 *
 * @param value the size when known, else -1
 * @param param the symbolic name when symbolic, else null
 */
public record Dim(long value, String param) {

    private static final Dim UNKNOWN = new Dim(-1, null);

    public Dim {
        if (value < -1) {
            throw new IllegalArgumentException("dimension " + value + " is negative");
        }
        if (value >= 0 && param != null) {
            throw new IllegalArgumentException("a dimension is either known or symbolic");
        }
    }

    public static Dim of(long value) {
        if (value < 0) {
            throw new IllegalArgumentException("dimension " + value + " is negative");
        }
        return new Dim(value, null);
    }

    public static Dim symbolic(String name) {
        return new Dim(-1, name);
    }

    public static Dim unknown() {
        return UNKNOWN;
    }

    public boolean isKnown() {
        return value >= 0;
    }

    public boolean isSymbolic() {
        return param != null;
    }

    @Override
    public String toString() {
        return isKnown() ? Long.toString(value) : (param != null ? param : "?");
    }
}
