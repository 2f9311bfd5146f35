package io.orpheus.hardening;

import java.util.Arrays;
import java.util.SplittableRandom;

/** Damages a serialized model at the byte level: flips, inserts, deletes, truncates, duplicates. */
final class ByteMutator {
    private ByteMutator() {
    }

    record Mutated(byte[] bytes, String description) {
    }

    static Mutated mutate(byte[] original, SplittableRandom rng) {
        int n = original.length;
        return switch (rng.nextInt(5)) {
            case 0 -> {
                byte[] b = original.clone();
                int flips = 1 + rng.nextInt(8);
                StringBuilder where = new StringBuilder();
                for (int i = 0; i < flips; i++) {
                    int at = rng.nextInt(n);
                    int bit = rng.nextInt(8);
                    b[at] ^= (byte) (1 << bit);
                    where.append(i == 0 ? "" : ",").append(at).append(':').append(bit);
                }
                yield new Mutated(b, "flip bits at " + where);
            }
            case 1 -> {
                int at = rng.nextInt(n + 1);
                byte[] insert = new byte[1 + rng.nextInt(16)];
                for (int i = 0; i < insert.length; i++) {
                    // Bias towards bytes that read as large varints and length prefixes.
                    insert[i] = rng.nextBoolean() ? (byte) 0xFF : (byte) rng.nextInt(256);
                }
                yield new Mutated(splice(original, at, 0, insert), "insert " + insert.length + " bytes at " + at
                        + " " + Arrays.toString(insert));
            }
            case 2 -> {
                int at = rng.nextInt(n);
                int len = 1 + rng.nextInt(Math.min(64, n - at));
                yield new Mutated(splice(original, at, len, new byte[0]), "delete " + len + " bytes at " + at);
            }
            case 3 -> {
                int keep = rng.nextInt(n);
                yield new Mutated(Arrays.copyOf(original, keep), "truncate to " + keep + " of " + n + " bytes");
            }
            default -> {
                int from = rng.nextInt(n);
                int len = 1 + rng.nextInt(Math.min(256, n - from));
                int at = rng.nextInt(n + 1);
                yield new Mutated(splice(original, at, 0, Arrays.copyOfRange(original, from, from + len)),
                        "duplicate bytes [" + from + ", " + (from + len) + ") at " + at);
            }
        };
    }

    private static byte[] splice(byte[] src, int at, int remove, byte[] insert) {
        byte[] out = new byte[src.length - remove + insert.length];
        System.arraycopy(src, 0, out, 0, at);
        System.arraycopy(insert, 0, out, at, insert.length);
        System.arraycopy(src, at + remove, out, at + insert.length, src.length - at - remove);
        return out;
    }
}
