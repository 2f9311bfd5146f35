package io.orpheus.backend.simd;

import io.orpheus.api.backend.HeapAlignment;

/**
 * A constant float array that a kernel reads with 512-bit vectors, kept on a cache-line boundary: its elements
 * sit in an array {@link #SLACK} floats longer, from {@link #origin()}, which a {@link PackingGuard} moves back
 * onto the boundary after the collector moved the array.
 */
public final class AlignedFloats {

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

    /** {@code length} zeros, starting on a boundary where the new array lies now. */
    public static AlignedFloats allocate(int length) {
        float[] a = new float[length + SLACK];
        return new AlignedFloats(a, HeapAlignment.floatsToBoundary(a), length);
    }

    /** The {@code length} elements of {@code array} from {@code origin}, which may be off a boundary (for tests). */
    public static AlignedFloats within(float[] array, int origin, int length) {
        if (origin < 0 || length < 0 || origin + length > array.length) {
            throw new IllegalArgumentException(length + " floats from " + origin + " of an array of " + array.length);
        }
        return new AlignedFloats(array, origin, length);
    }

    /** The array holding the elements, from {@link #origin()}. */
    public float[] array() {
        return array;
    }

    /** The number of elements. */
    public int length() {
        return length;
    }

    /** The index of the first element. */
    public int origin() {
        return origin;
    }

    /** Where the array's first cache-line boundary lies now: elements from its start (0 when unknown). */
    public int boundary() {
        return HeapAlignment.floatsToBoundary(array);
    }

    /** Moves the elements to start at {@code boundary} (within the slack); only while no kernel reads them. */
    public void moveTo(int boundary) {
        if (boundary != origin && boundary >= 0 && boundary + length <= array.length) {
            System.arraycopy(array, origin, array, boundary, length);
            origin = boundary;
        }
    }
}
