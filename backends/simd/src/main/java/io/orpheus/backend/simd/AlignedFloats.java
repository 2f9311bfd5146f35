package io.orpheus.backend.simd;

import io.orpheus.api.backend.HeapAlignment;

/**
 * A constant float array that a kernel reads with 512-bit vectors, kept on a cache-line boundary: its elements
 * sit in an array {@link #SLACK} floats longer, from {@link #origin()}, which a {@link PackingGuard} moves back
 * onto the boundary after the collector moved the array.
 */
public final class AlignedFloats implements PackingGuard.Packing {

    /** Floats beyond the elements: the most a boundary can be away. */
    public static final int SLACK = HeapAlignment.BYTES / Float.BYTES - 1;

    private final float[] array;
    private final int length;
    /** Changed only by {@link #moveTo}, which the guard runs alone; readers see it through the guard. */
    private int origin;

    private AlignedFloats(float[] array, int origin, int length) {
        this.array = array;
        this.origin = origin;
        this.length = length;
    }

    /** {@code src}'s elements, starting on a boundary where the new array lies now. */
    public static AlignedFloats copyOf(float[] src) {
        float[] a = new float[src.length + SLACK];
        int origin = HeapAlignment.floatsToBoundary(a);
        System.arraycopy(src, 0, a, origin, src.length);
        return new AlignedFloats(a, origin, src.length);
    }

    /** The array holding the elements, from {@link #origin()}. */
    public float[] array() {
        return array;
    }

    /** The number of elements. */
    public int length() {
        return length;
    }

    @Override
    public int origin() {
        return origin;
    }

    @Override
    public int boundary() {
        return HeapAlignment.floatsToBoundary(array);
    }

    @Override
    public void moveTo(int boundary) {
        if (boundary != origin && boundary >= 0 && boundary + length <= array.length) {
            System.arraycopy(array, origin, array, boundary, length);
            origin = boundary;
        }
    }
}
