package io.orpheus.backend.dnnl;

import io.orpheus.api.DataType;
import io.orpheus.api.backend.NativeLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;

/**
 * A layout oneDNN chose for a primitive's activation (a blocked format such as nChw16c), as a native layout:
 * when a convolution's output goes only to oneDNN primitives that want exactly that layout, the runtime lets
 * it pass in it, and the reorders to and from row-major between them disappear. Two layouts are the same
 * when their memory descriptors are byte for byte equal (dims, padding, blocking).
 */
final class DnnlLayout implements NativeLayout {

    /** In dnnl_memory_desc_t (oneDNN 2.x): format_desc.blocking's strides, inner_nblks, inner_blks, inner_idxs. */
    private static final long STRIDES_OFFSET = 320;
    private static final long INNER_NBLKS_OFFSET = 416;
    private static final long INNER_BLKS_OFFSET = 424;
    private static final long INNER_IDXS_OFFSET = 520;

    private final byte[] desc;
    private final long bytes;
    private final String name;

    DnnlLayout(MemoryDesc md) {
        this.desc = md.bytesOfStruct();
        this.bytes = md.bytes();
        this.name = describe(desc, md.ndims());
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public long byteSize(DataType dtype, long... shape) {
        return bytes;
    }

    /** Whether {@code md} is this layout. */
    boolean is(MemoryDesc md) {
        return md != null && Arrays.equals(desc, md.bytesOfStruct());
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DnnlLayout l && Arrays.equals(desc, l.desc);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(desc);
    }

    /**
     * E.g. "onednn NCHW+C16" for nChw16c, "onednn NHWC" for channels-last: the axes from the largest
     * stride to the smallest, then the inner blocks.
     */
    private static String describe(byte[] desc, int ndims) {
        MemorySegment s = MemorySegment.ofArray(desc);
        String letters = ndims == 3 ? "NCW" : ndims == 4 ? "NCHW" : ndims == 5 ? "NCDHW" : null;
        if (letters == null) {
            return "onednn blocked";
        }
        Integer[] order = new Integer[ndims];
        long[] strides = new long[ndims];
        for (int i = 0; i < ndims; i++) {
            order[i] = i;
            strides[i] = s.get(ValueLayout.JAVA_LONG_UNALIGNED, STRIDES_OFFSET + 8L * i);
        }
        Arrays.sort(order, (x, y) -> strides[x] != strides[y] ? Long.compare(strides[y], strides[x])
                : Integer.compare(x, y));
        StringBuilder sb = new StringBuilder("onednn ");
        for (int axis : order) {
            sb.append(letters.charAt(axis));
        }
        int blocks = s.get(ValueLayout.JAVA_INT_UNALIGNED, INNER_NBLKS_OFFSET);
        for (int b = 0; b < blocks && b < DnnlConstants.MAX_NDIMS; b++) {
            long size = s.get(ValueLayout.JAVA_LONG_UNALIGNED, INNER_BLKS_OFFSET + 8L * b);
            long axis = s.get(ValueLayout.JAVA_LONG_UNALIGNED, INNER_IDXS_OFFSET + 8L * b);
            sb.append(b == 0 ? "+" : ",").append(axis >= 0 && axis < ndims ? letters.charAt((int) axis) : '?')
                    .append(size);
        }
        return sb.toString();
    }
}
