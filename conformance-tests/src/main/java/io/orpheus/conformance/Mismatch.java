package io.orpheus.conformance;

import io.orpheus.api.backend.Tolerance;
import java.util.Locale;

/**
 * How an output differs from what was expected: its dtype, its shape, or (first offending) element.
 *
 * @param output      the output's name
 * @param kind        "dtype", "shape", "value" or "missing"
 * @param index       flat index of the first bad element (-1 unless kind is "value")
 * @param position    that element's multi-index, e.g. "[0, 2, 5]" ("" unless kind is "value")
 * @param observed    what the backend produced
 * @param expected    what was expected
 * @param tolerance   the tolerance applied (null for exact comparisons)
 * @param badElements how many elements are out of tolerance
 */
public record Mismatch(String output, String kind, long index, String position, String observed, String expected,
                       Tolerance tolerance, long badElements) {

    /** One line naming the output, the place, observed vs expected, and the tolerance. */
    public String describe() {
        return switch (kind) {
            case "value" -> "output '" + output + "' index " + index + " " + position + ": observed " + observed
                    + ", expected " + expected + (tolerance == null ? " (exact)" : " (" + format(tolerance) + ")")
                    + (badElements > 1 ? "; " + badElements + " elements differ" : "");
            case "missing" -> "output '" + output + "' was not produced";
            default -> "output '" + output + "' " + kind + ": observed " + observed + ", expected " + expected;
        };
    }

    static String format(Tolerance t) {
        return String.format(Locale.ROOT, "atol=%.3g rtol=%.3g", t.atol(), t.rtol());
    }
}
