package io.orpheus.api;

import java.lang.foreign.MemorySegment;
import java.lang.reflect.Array;
import java.util.Arrays;
import java.util.Objects;

/**
 * A dense, row-major tensor: a data type, a shape and its elements.
 *
 * <p>Storage is behind the tensor. Heap tensors keep their elements in a Java array of the type's
 * {@link DataType#arrayType() array class} (Vector API kernels run fastest on heap arrays); native
 * tensors keep them in a {@link MemorySegment} (native backends avoid a copy per call). Kernels
 * declare the storage they want ({@code OpImplementation.storage()}) and the runtime moves data only
 * at backend boundaries.
 *
 * <p>The shape is fixed; the elements are mutable (kernels write their outputs in place). Views made
 * with {@link #reshape} share elements with the original.
 */
public final class Tensor {

    /** Largest element count a heap tensor can hold (Java arrays are int-indexed). */
    public static final long MAX_HEAP_ELEMENTS = Integer.MAX_VALUE - 16;

    private final DataType dtype;
    private final long[] shape;
    private final int size;
    private final Object array;
    private final MemorySegment segment;
    /** First slot of this tensor in {@link #array}: 0 except for slices. */
    private final int offset;

    private Tensor(DataType dtype, long[] shape, Object array, MemorySegment segment) {
        this(dtype, shape, array, segment, -1);
    }

    /** {@code offset} -1: the array holds exactly this tensor; else a slice starting there. */
    private Tensor(DataType dtype, long[] shape, Object array, MemorySegment segment, int offset) {
        this.dtype = Objects.requireNonNull(dtype, "dtype");
        this.shape = shape.clone();
        this.size = checkedSize(this.shape);
        this.array = array;
        this.segment = segment;
        this.offset = Math.max(0, offset);
        if (array != null) {
            if (!dtype.arrayType().isInstance(array)) {
                throw new IllegalArgumentException(
                        dtype + " needs " + dtype.arrayType().getSimpleName() + " storage, got "
                                + array.getClass().getSimpleName());
            }
            int slots = Array.getLength(array);
            long needed = (long) size * dtype.slotsPerElement();
            if (offset < 0 ? slots != needed : this.offset + needed > slots) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " holds " + size
                        + " elements but the array has " + slots + " slots"
                        + (offset < 0 ? "" : " from slot " + offset));
            }
        } else if (segment != null && dtype.storageBytes() > 0
                && segment.byteSize() < (long) size * dtype.storageBytes()) {
            throw new IllegalArgumentException("segment of " + segment.byteSize() + " bytes is too small for "
                    + size + " elements of " + dtype);
        }
    }

    /** Element count of a shape, refusing negative dims and counts a heap array cannot hold. */
    public static int checkedSize(long[] shape) {
        long n = 1;
        for (long d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in shape " + Arrays.toString(shape));
            }
            try {
                n = Math.multiplyExact(n, d);
            } catch (ArithmeticException overflow) {
                n = Long.MAX_VALUE;
            }
            if (n > MAX_HEAP_ELEMENTS) {
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + " has more than "
                        + MAX_HEAP_ELEMENTS + " elements");
            }
        }
        return (int) n;
    }

    // ---- factories -------------------------------------------------------------------------

    /** A zero-filled heap tensor. */
    public static Tensor allocate(DataType dtype, long... shape) {
        int n = checkedSize(shape);
        Object arr = Array.newInstance(dtype.arrayType().getComponentType(), n * dtype.slotsPerElement());
        if (dtype == DataType.STRING) {
            Arrays.fill((String[]) arr, "");
        }
        return new Tensor(dtype, shape, arr, null);
    }

    /** Wraps a heap array (not copied) whose class matches the data type. */
    public static Tensor wrap(DataType dtype, Object array, long... shape) {
        return new Tensor(dtype, shape, array, null);
    }

    /**
     * A slice of a larger heap array (not copied): this tensor's elements start at slot {@code offset}.
     * The runtime hands slices only to kernels whose implementation says it
     * {@linkplain io.orpheus.api.backend.OpImplementation#writesOutputSlices() writes them}, so that
     * producers write straight into a Concat's output.
     */
    public static Tensor slice(DataType dtype, Object array, int offset, long... shape) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative slice offset " + offset);
        }
        if (dtype.slotsPerElement() != 1) {
            throw new IllegalArgumentException("slices of " + dtype + " (" + dtype.slotsPerElement()
                    + " slots per element) are not supported");
        }
        return new Tensor(dtype, shape, array, null, offset);
    }

    /** Wraps native memory (not copied). */
    public static Tensor wrapNative(DataType dtype, MemorySegment segment, long... shape) {
        return new Tensor(dtype, shape, null, Objects.requireNonNull(segment));
    }

    public static Tensor of(float[] data, long... shape) {
        return new Tensor(DataType.FLOAT, shape, data, null);
    }

    public static Tensor of(long[] data, long... shape) {
        return new Tensor(DataType.INT64, shape, data, null);
    }

    public static Tensor of(int[] data, long... shape) {
        return new Tensor(DataType.INT32, shape, data, null);
    }

    public static Tensor of(double[] data, long... shape) {
        return new Tensor(DataType.DOUBLE, shape, data, null);
    }

    public static Tensor ofBools(boolean[] data, long... shape) {
        byte[] b = new byte[data.length];
        for (int i = 0; i < data.length; i++) {
            b[i] = (byte) (data[i] ? 1 : 0);
        }
        return new Tensor(DataType.BOOL, shape, b, null);
    }

    public static Tensor scalar(float v) {
        return of(new float[] {v});
    }

    public static Tensor scalar(long v) {
        return of(new long[] {v});
    }

    // ---- shape -----------------------------------------------------------------------------

    public DataType dtype() {
        return dtype;
    }

    /** A copy of the shape. */
    public long[] shape() {
        return shape.clone();
    }

    public int rank() {
        return shape.length;
    }

    /** Dimension {@code i}; negative {@code i} counts from the end. */
    public int dim(int i) {
        return (int) shape[i < 0 ? shape.length + i : i];
    }

    /** Element count. */
    public int size() {
        return size;
    }

    public boolean isNative() {
        return segment != null;
    }

    /** A tensor with another shape of the same element count that shares these elements. */
    public Tensor reshape(long... newShape) {
        if (checkedSize(newShape) != size) {
            throw new IllegalArgumentException("cannot reshape " + Arrays.toString(shape) + " to "
                    + Arrays.toString(newShape));
        }
        return new Tensor(dtype, newShape, array, segment, isSlice() ? offset : -1);
    }

    /**
     * The first slot of this tensor in {@link #array()}: 0, except for a {@linkplain #slice slice}, whose
     * array is larger than the tensor. Kernels that declare they write slices index from here.
     */
    public int arrayOffset() {
        return offset;
    }

    /** Whether this tensor is a slice of a larger array. */
    public boolean isSlice() {
        return array != null && (offset != 0 || Array.getLength(array) != (long) size * dtype.slotsPerElement());
    }

    /** An independent heap copy. */
    public Tensor copy() {
        Tensor heap = toHeap();
        Object arr = heap.array;
        int len = size * dtype.slotsPerElement();
        Object dst = Array.newInstance(arr.getClass().getComponentType(), len);
        System.arraycopy(arr, heap.offset, dst, 0, len);
        return new Tensor(dtype, shape, dst, null);
    }

    // ---- storage ---------------------------------------------------------------------------

    /**
     * The heap array behind this tensor; fails for native tensors (use {@link #toHeap()}). For a
     * {@linkplain #slice slice} the elements start at {@link #arrayOffset()}.
     */
    public Object array() {
        if (array == null) {
            throw new IllegalStateException("tensor is in native memory; call toHeap() first");
        }
        return array;
    }

    /** The native segment behind this tensor, or null for heap tensors. */
    public MemorySegment segment() {
        return segment;
    }

    /** This tensor if on the heap, else a heap copy of it. */
    public Tensor toHeap() {
        if (array != null) {
            return this;
        }
        Tensor t = allocate(dtype, shape);
        NativeCopy.toHeap(segment, t.array, dtype);
        return t;
    }

    public float[] floats() {
        return typed(float[].class, DataType.FLOAT);
    }

    public double[] doubles() {
        return typed(double[].class, DataType.DOUBLE);
    }

    public long[] longs() {
        return typed(long[].class, DataType.INT64);
    }

    public int[] ints() {
        return typed(int[].class, DataType.INT32);
    }

    public byte[] bytes() {
        return typed(byte[].class, DataType.UINT8);
    }

    public short[] shorts() {
        return typed(short[].class, DataType.INT16);
    }

    public String[] strings() {
        return typed(String[].class, DataType.STRING);
    }

    private <T> T typed(Class<T> cls, DataType example) {
        Object a = array();
        if (!cls.isInstance(a)) {
            throw new IllegalStateException("tensor of " + dtype + " is not stored as "
                    + cls.getSimpleName() + " (as " + example + " is)");
        }
        return cls.cast(a);
    }

    // ---- element access (slow path: conversions for generic kernels and tests) -------------

    /** Element {@code i} as a double, decoding every numeric type. */
    public double getDouble(int i) {
        return ElementCodec.getDouble(dtype, array(), offset + i);
    }

    /** Stores {@code v} at {@code i}, converted as a C cast would (float types round to nearest). */
    public void setDouble(int i, double v) {
        ElementCodec.setDouble(dtype, array(), offset + i, v);
    }

    /** Element {@code i} as a long (integer and bool types exact; floats truncate). */
    public long getLong(int i) {
        return ElementCodec.getLong(dtype, array(), offset + i);
    }

    public void setLong(int i, long v) {
        ElementCodec.setLong(dtype, array(), offset + i, v);
    }

    /** All elements as longs (for shape-like inputs). */
    public long[] toLongArray() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = getLong(i);
        }
        return out;
    }

    /** All elements as floats (decoded). */
    public float[] toFloatArray() {
        float[] out = new float[size];
        for (int i = 0; i < size; i++) {
            out[i] = (float) getDouble(i);
        }
        return out;
    }

    @Override
    public String toString() {
        return "Tensor[" + dtype + " " + Arrays.toString(shape) + (isNative() ? " native" : "") + "]";
    }
}
