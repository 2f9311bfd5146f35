package io.orpheus.backend.dnnl;

import com.sun.jna.Pointer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A {@code dnnl_memory_desc_t}, laid out in native memory owned by an arena: oneDNN takes it by
 * pointer, fills it in, and copies it where it keeps one. FLOAT only.
 */
final class MemoryDesc {

    private final DnnlLibrary lib;
    private final MemorySegment struct;

    private MemoryDesc(DnnlLibrary lib, MemorySegment struct) {
        this.lib = lib;
        this.struct = struct;
    }

    private static MemoryDesc blank(DnnlLibrary lib, Arena arena) {
        return new MemoryDesc(lib, arena.allocate(DnnlConstants.MEMORY_DESC_BYTES, 8));
    }

    /** Row-major (the ONNX layout) over {@code dims}; a scalar becomes one element of rank 1. */
    static MemoryDesc plain(DnnlLibrary lib, Arena arena, long... dims) {
        long[] d = dims.length == 0 ? new long[] {1} : dims;
        return strided(lib, arena, d, rowMajorStrides(d));
    }

    static MemoryDesc strided(DnnlLibrary lib, Arena arena, long[] dims, long[] strides) {
        checkRank(dims);
        MemoryDesc md = blank(lib, arena);
        Dnnl.check(lib.dnnl_memory_desc_init_by_strides(md.pointer(), dims.length, pad(dims), DnnlConstants.F32,
                pad(strides)), "dnnl_memory_desc_init_by_strides " + Arrays.toString(dims));
        return md;
    }

    /** A layout the primitive is free to choose (format tag any). */
    static MemoryDesc any(DnnlLibrary lib, Arena arena, long... dims) {
        checkRank(dims);
        MemoryDesc md = blank(lib, arena);
        Dnnl.check(lib.dnnl_memory_desc_init_by_tag(md.pointer(), dims.length, pad(dims), DnnlConstants.F32,
                DnnlConstants.FORMAT_TAG_ANY), "dnnl_memory_desc_init_by_tag(any) " + Arrays.toString(dims));
        return md;
    }

    /** A copy, in {@code arena}, of a descriptor oneDNN owns (e.g. one a primitive descriptor answers). */
    static MemoryDesc copyOf(DnnlLibrary lib, Arena arena, Pointer source) {
        MemoryDesc md = blank(lib, arena);
        MemorySegment src = MemorySegment.ofAddress(Pointer.nativeValue(source))
                .reinterpret(DnnlConstants.MEMORY_DESC_BYTES);
        md.struct.copyFrom(src);
        return md;
    }

    /** {@code count} descriptors side by side, as dnnl_concat_primitive_desc_create takes its sources. */
    static MemorySegment array(Arena arena, MemoryDesc... mds) {
        MemorySegment a = arena.allocate((long) DnnlConstants.MEMORY_DESC_BYTES * mds.length, 8);
        for (int i = 0; i < mds.length; i++) {
            MemorySegment.copy(mds[i].struct, 0, a, (long) i * DnnlConstants.MEMORY_DESC_BYTES,
                    DnnlConstants.MEMORY_DESC_BYTES);
        }
        return a;
    }

    static long[] rowMajorStrides(long[] dims) {
        long[] s = new long[dims.length];
        long stride = 1;
        for (int i = dims.length - 1; i >= 0; i--) {
            s[i] = stride;
            stride *= Math.max(1, dims[i]);
        }
        return s;
    }

    private static void checkRank(long[] dims) {
        if (dims.length > DnnlConstants.MAX_NDIMS) {
            throw new IllegalArgumentException("rank " + dims.length + " exceeds oneDNN's " + DnnlConstants.MAX_NDIMS);
        }
    }

    private static long[] pad(long[] v) {
        return Arrays.copyOf(v, DnnlConstants.MAX_NDIMS);
    }

    Pointer pointer() {
        return new Pointer(struct.address());
    }

    int ndims() {
        return struct.get(ValueLayout.JAVA_INT, DnnlConstants.MD_NDIMS_OFFSET);
    }

    long[] dims() {
        long[] d = new long[ndims()];
        for (int i = 0; i < d.length; i++) {
            d[i] = struct.get(ValueLayout.JAVA_LONG, DnnlConstants.MD_DIMS_OFFSET + 8L * i);
        }
        return d;
    }

    int dataType() {
        return struct.get(ValueLayout.JAVA_INT, DnnlConstants.MD_DATA_TYPE_OFFSET);
    }

    /** Bytes a buffer of this layout takes (blocked layouts pad channels). */
    long bytes() {
        return lib.dnnl_memory_desc_get_size(pointer());
    }

    /** The descriptor's bytes (what {@link DnnlLayout} compares). */
    byte[] bytesOfStruct() {
        return struct.toArray(ValueLayout.JAVA_BYTE);
    }

    boolean sameLayout(MemoryDesc other) {
        return lib.dnnl_memory_desc_equal(pointer(), other.pointer()) != 0;
    }
}
