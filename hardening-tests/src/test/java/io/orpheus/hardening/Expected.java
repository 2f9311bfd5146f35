package io.orpheus.hardening;

import java.util.ArrayList;
import java.util.List;

/**
 * What each element of an output must be under IEEE 754 arithmetic: NaN, an infinity, or a finite
 * value within a relative tolerance. An element may also be marked "NaN accepted" where the standard
 * leaves a choice (the maximum of a window holding a NaN: IEEE 754-2019 {@code maximum} gives NaN, the
 * older {@code maxNum} the largest number), so that the test checks everything the standard fixes.
 */
final class Expected {

    private final float[] value;
    private final float tolerance;
    private final boolean[] nanAccepted;

    Expected(float[] value, float tolerance, boolean[] nanAccepted) {
        this.value = value;
        this.tolerance = tolerance;
        this.nanAccepted = nanAccepted;
    }

    Expected(float[] value, float tolerance) {
        this(value, tolerance, new boolean[value.length]);
    }

    /** The same values with NaN also accepted wherever {@code mask} is set. */
    Expected withNanAccepted(boolean[] mask) {
        boolean[] accepted = nanAccepted.clone();
        for (int i = 0; i < accepted.length; i++) {
            accepted[i] |= mask[i];
        }
        return new Expected(value, tolerance, accepted);
    }

    int size() {
        return value.length;
    }

    /** Elements where the standard leaves a choice and the output took NaN. */
    int nanWhereAccepted(float[] actual) {
        int n = 0;
        for (int i = 0; i < value.length; i++) {
            if (nanAccepted[i] && Float.isNaN(actual[i])) {
                n++;
            }
        }
        return n;
    }

    /** Up to {@code limit} descriptions of elements that break the expectation; empty when all hold. */
    List<String> problems(float[] actual, int limit) {
        List<String> out = new ArrayList<>();
        if (actual.length != value.length) {
            out.add(actual.length + " elements, expected " + value.length);
            return out;
        }
        int count = 0;
        for (int i = 0; i < value.length; i++) {
            float e = value[i];
            float a = actual[i];
            boolean ok;
            if (Float.isNaN(e)) {
                ok = Float.isNaN(a);
            } else if (nanAccepted[i] && Float.isNaN(a)) {
                ok = true;
            } else if (Float.isInfinite(e)) {
                ok = a == e;
            } else {
                ok = Float.isFinite(a) && Math.abs(a - e) <= tolerance * (1 + Math.abs(e));
            }
            if (!ok) {
                if (count < limit) {
                    out.add("[" + i + "] = " + a + ", expected " + e + (nanAccepted[i] ? " or NaN" : ""));
                }
                count++;
            }
        }
        if (count > limit) {
            out.add("... " + (count - limit) + " more");
        }
        return out;
    }
}
