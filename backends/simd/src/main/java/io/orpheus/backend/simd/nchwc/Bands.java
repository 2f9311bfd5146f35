package io.orpheus.backend.simd.nchwc;

/**
 * An axis of a kernel's work (output rows, pixel tiles) cut into {@code count} consecutive bands that differ
 * in length by at most one, so that each of a layer's parallel tasks gets a band.
 *
 * <p>Why equal bands: a worker takes its contiguous share of the tasks first (see the runtime's worker pool),
 * so a band's place decides which core runs it. Bands of a fixed length with the remainder in a short last one
 * gave the two workers 37 and 19 of a 56-row plane, and a depthwise layer's first worker read a third of its
 * rows from the other core's cache, where the pointwise layer before it had split the plane in halves.
 */
record Bands(int length, int count) {

    Bands {
        if (length < 1 || count < 1 || count > length) {
            throw new IllegalArgumentException(count + " bands of an axis of " + length);
        }
    }

    /**
     * As many bands as give {@code threads x tasksPerThread} tasks in all when each of {@code units} (planes,
     * block groups) is cut the same way, and at most one band per element of the axis.
     */
    static Bands of(int length, int units, int threads, int tasksPerThread) {
        int tasks = Math.max(1, threads * tasksPerThread);
        int perBand = (int) Math.max(1, Math.min(length, (long) units * length / tasks));
        return new Bands(length, (length + perBand - 1) / perBand);
    }

    /** Where band {@code band} starts; band {@code count} starts at {@code length}. */
    int start(int band) {
        return (int) ((long) band * length / count);
    }

    int end(int band) {
        return start(band + 1);
    }

    /** The length of the longest band. */
    int longest() {
        return (length + count - 1) / count;
    }
}
