package io.orpheus.operators;

import io.orpheus.api.graph.Dim;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** Arithmetic on shapes whose dimensions may be known, symbolic or unknown. */
final class Dims {

    private Dims() {
    }

    static String str(List<Dim> shape) {
        return shape == null ? "[?]" : shape.stream().map(Dim::toString).collect(Collectors.joining(",", "[", "]"));
    }

    static boolean isOne(Dim d) {
        return d.isKnown() && d.value() == 1;
    }

    static List<Dim> known(long... dims) {
        List<Dim> out = new ArrayList<>(dims.length);
        for (long d : dims) {
            out.add(Dim.of(d));
        }
        return out;
    }

    /** True when every dimension is a known number. */
    static boolean allKnown(List<Dim> shape) {
        return shape != null && shape.stream().allMatch(Dim::isKnown);
    }

    static long[] values(List<Dim> shape) {
        return shape.stream().mapToLong(Dim::value).toArray();
    }

    /**
     * One broadcast dimension, or null when the two cannot broadcast. A known size other than 1
     * wins over a symbolic or unknown one (the latter must be 1 or equal at run time); a symbol
     * stays when met with 1 or with the same symbol.
     */
    static Dim broadcast(Dim a, Dim b) {
        if (isOne(a)) {
            return b;
        }
        if (isOne(b)) {
            return a;
        }
        if (a.isKnown() && b.isKnown()) {
            return a.value() == b.value() ? a : null;
        }
        if (a.isKnown()) {
            return a;
        }
        if (b.isKnown()) {
            return b;
        }
        if (a.isSymbolic() && a.equals(b)) {
            return a;
        }
        return Dim.unknown();
    }

    /** The numpy broadcast of two shapes, or null when some pair of known dims is incompatible. */
    static List<Dim> broadcast(List<Dim> a, List<Dim> b) {
        int rank = Math.max(a.size(), b.size());
        List<Dim> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            int ia = i - (rank - a.size());
            int ib = i - (rank - b.size());
            Dim da = ia >= 0 ? a.get(ia) : Dim.of(1);
            Dim db = ib >= 0 ? b.get(ib) : Dim.of(1);
            Dim d = broadcast(da, db);
            if (d == null) {
                return null;
            }
            out.add(d);
        }
        return out;
    }

    /** Product of dimensions: known when all are, else unknown (a lone symbolic factor is kept). */
    static Dim product(List<Dim> dims) {
        long p = 1;
        Dim symbolic = null;
        int unknownFactors = 0;
        for (Dim d : dims) {
            if (d.isKnown()) {
                p = Math.multiplyExact(p, d.value());
            } else {
                unknownFactors++;
                symbolic = d;
            }
        }
        if (unknownFactors == 0) {
            return Dim.of(p);
        }
        if (p == 0) {
            return Dim.of(0);
        }
        return unknownFactors == 1 && p == 1 ? symbolic : Dim.unknown();
    }

    /** A shape of {@code rank} unknown dims. */
    static List<Dim> unknownOfRank(int rank) {
        List<Dim> out = new ArrayList<>(rank);
        for (int i = 0; i < rank; i++) {
            out.add(Dim.unknown());
        }
        return out;
    }

    /** {@code d} divided by a known factor, when known. */
    static Dim div(Dim d, long by) {
        return d.isKnown() ? Dim.of(d.value() / by) : Dim.unknown();
    }

    static Dim times(Dim d, long by) {
        if (by == 1) {
            return d;
        }
        return d.isKnown() ? Dim.of(Math.multiplyExact(d.value(), by)) : Dim.unknown();
    }
}
