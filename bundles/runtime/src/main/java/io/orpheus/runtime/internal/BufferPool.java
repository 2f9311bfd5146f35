package io.orpheus.runtime.internal;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.HeapAlignment;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.reflect.Array;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The output arrays of one run at a time, kept between runs so that a warm session allocates no
 * activation memory: an array freed after its value's last reader serves the next output of the
 * same storage type and length, in this run and the following ones. The first run sizes the pool;
 * its footprint is the plan's peak of simultaneously live activations.
 *
 * <p>Aligned outputs (whose producer and readers all honour array offsets, so none relies on an array's
 * length) take the smallest free aligned array that holds them, whatever its length: a network whose
 * layers shrink and grow (MobileNet-v1) no longer keeps one set of arrays per size. Its pool went from 8.9
 * to 6.1 MiB, and whole runs took 2.5% less time at one thread (two sessions of one process, alternating
 * run by run; ResNet-18 2.2%, ResNet-50 1.7%, Inception-v3 1.5%). Not through the last-level cache's
 * capacity: touching 4 MB more between runs cost at most 0.65%.
 *
 * <p>Kernels may return views (a Reshape's output shares its input's array), so an array is given
 * back only when no live value uses it any more: the run counts references per array. Native
 * segments (outputs of native kernels) are pooled the same way and freed when the plan closes.
 */
final class BufferPool {

    private record Key(Class<?> arrayType, int length) {
    }

    /** Readable bytes after every pooled native segment. */
    static final long NATIVE_SLACK_BYTES = 64;

    private final Map<Key, ArrayDeque<Object>> free = new HashMap<>();
    /** Free aligned arrays by length; the most recently freed of a length last (still warm in cache). */
    private final FreeByLength freeAligned = new FreeByLength();
    /** The owned arrays that serve aligned outputs only. */
    private final Set<Object> aligned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    /**
     * Live values per storage object: a heap array, or a native segment of this pool. A count stays when it
     * drops to 0, so that a warm session's runs allocate no counters.
     */
    private final IdentityHashMap<Object, int[]> liveRefs = new IdentityHashMap<>();
    private final Map<Long, ArrayDeque<MemorySegment>> freeNative = new HashMap<>();
    private final Set<Object> ownedNative = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Native segments live as long as the plan: closed with it. */
    private Arena arena;
    private long ownedBytes;

    /** A zero-filled tensor, on a pooled array when one of the right type and length is free. */
    Tensor zeroed(DataType dtype, long[] shape) {
        return cleared(take(dtype, shape));
    }

    /**
     * A tensor on a pooled array without clearing it (the kernel writes every element); with
     * {@code poison}, filled with NaN (floating point types) so that an element the kernel misses shows.
     */
    Tensor uninitialized(DataType dtype, long[] shape, boolean poison) {
        return poison ? poisoned(take(dtype, shape)) : take(dtype, shape);
    }

    /**
     * A tensor as {@link #zeroed}, but a float tensor starts on a cache-line boundary of its array (which is
     * {@link #ALIGNMENT_SLACK} floats longer), as the array lies at this call. For outputs whose producer and
     * readers all honour array offsets.
     */
    Tensor alignedZeroed(DataType dtype, long[] shape) {
        return cleared(takeAligned(dtype, shape));
    }

    /** As {@link #uninitialized}, aligned as {@link #alignedZeroed}. */
    Tensor alignedUninitialized(DataType dtype, long[] shape, boolean poison) {
        return poison ? poisoned(takeAligned(dtype, shape)) : takeAligned(dtype, shape);
    }

    /** Zeroes the tensor's elements: a whole array, or an aligned tensor's range of a possibly larger one. */
    private static Tensor cleared(Tensor t) {
        if (t.array() instanceof float[] f && t.isSlice()) {
            Arrays.fill(f, t.arrayOffset(), t.arrayOffset() + t.size(), 0f);
        } else if (t.array() != null && t.dtype() != DataType.STRING) {
            clear(t.array());
        }
        return t;
    }

    private static Tensor poisoned(Tensor t) {
        switch (t.array()) {
            case float[] f when t.isSlice() -> Arrays.fill(f, t.arrayOffset(), t.arrayOffset() + t.size(), Float.NaN);
            case float[] f -> Arrays.fill(f, Float.NaN);
            case double[] d -> Arrays.fill(d, Double.NaN);
            default -> { }
        }
        return t;
    }

    /** Floats an aligned tensor's array has beyond its elements: the most a boundary can be away. */
    static final int ALIGNMENT_SLACK = HeapAlignment.BYTES / Float.BYTES - 1;

    private Tensor takeAligned(DataType dtype, long[] shape) {
        if (dtype != DataType.FLOAT || !HeapAlignment.available()) {
            return take(dtype, shape);
        }
        int length = Tensor.checkedSize(shape);
        long padded = (long) length + ALIGNMENT_SLACK;
        if (padded > Integer.MAX_VALUE - 8) {
            return take(dtype, shape);
        }
        float[] array = freeAligned.takeSmallestHolding((int) padded);
        if (array == null) {
            array = new float[(int) padded];
            owned.add(array);
            aligned.add(array);
            ownedBytes += bytes(array);
        }
        // the address as it is now: the collector may have moved the array since its last run
        return Tensor.slice(dtype, array, HeapAlignment.floatsToBoundary(array), shape);
    }

    /** A pooled array of the right type and length as it was left, else a fresh (zero-filled) one. */
    private Tensor take(DataType dtype, long[] shape) {
        if (dtype == DataType.STRING) {
            return Tensor.allocate(dtype, shape);
        }
        int length = Tensor.checkedSize(shape) * dtype.slotsPerElement();
        ArrayDeque<Object> q = free.get(new Key(dtype.arrayType(), length));
        Object array = q == null ? null : q.pollLast();
        if (array == null) {
            Tensor t = Tensor.allocate(dtype, shape);
            owned.add(t.array());
            ownedBytes += bytes(t.array());
            return t;
        }
        return Tensor.wrap(dtype, array, shape);
    }

    /** A native tensor on a pooled segment (contents unspecified), 64-byte aligned. */
    Tensor nativeTensor(DataType dtype, long[] shape) {
        return nativeTensor(dtype, shape, (long) Tensor.checkedSize(shape) * dtype.storageBytes());
    }

    /** A native tensor of that logical shape on a pooled segment of {@code byteSize} bytes (a native layout's). */
    Tensor nativeTensor(DataType dtype, long[] shape, long byteSize) {
        // Slack past the end (the segment is that much longer than the tensor): native libraries such as
        // XNNPACK may read, never write, a vector beyond a tensor's last element.
        long bytes = Math.max(1, byteSize) + NATIVE_SLACK_BYTES;
        ArrayDeque<MemorySegment> q = freeNative.get(bytes);
        MemorySegment seg = q == null ? null : q.pollLast();
        if (seg == null) {
            if (arena == null) {
                arena = Arena.ofShared();
            }
            seg = arena.allocate(bytes, 64);
            ownedNative.add(seg);
            ownedBytes += bytes;
        }
        return Tensor.wrapNative(dtype, seg, shape);
    }

    /** A heap copy of a native tensor, on a pooled array. */
    Tensor heapCopy(Tensor t) {
        if (t.dtype() != DataType.FLOAT) {
            return t.toHeap();
        }
        Tensor h = zeroed(t.dtype(), t.shape());
        MemorySegment.copy(t.segment(), ValueLayout.JAVA_FLOAT, 0, h.floats(), 0, t.size());
        return h;
    }

    private Object storage(Tensor t) {
        if (t == null) {
            return null;
        }
        if (t.isNative()) {
            return ownedNative.contains(t.segment()) ? t.segment() : null;
        }
        return owned.contains(t.array()) ? t.array() : null;
    }

    /** A value now refers to {@code t} (counted so that shared storage is freed once). */
    void retain(Tensor t) {
        Object s = storage(t);
        if (s != null) {
            int[] refs = liveRefs.get(s);
            if (refs == null) {
                refs = new int[1];
                liveRefs.put(s, refs);
            }
            refs[0]++;
        }
    }

    /** A value referring to {@code t} is dropped; its storage returns to the pool after its last user. */
    void release(Tensor t) {
        if (t == null) {
            return;
        }
        Object a = t.isNative() ? t.segment() : t.array();
        int[] refs = liveRefs.get(a);
        if (refs != null && refs[0] > 0 && --refs[0] == 0) {
            giveBack(a);
        }
    }

    private void giveBack(Object a) {
        if (a instanceof MemorySegment seg) {
            if (ownedNative.contains(seg)) {
                freeNative.computeIfAbsent(seg.byteSize(), k -> new ArrayDeque<>()).addLast(seg);
            }
        } else if (aligned.contains(a)) {
            freeAligned.add((float[]) a);
        } else if (owned.contains(a)) {
            free.computeIfAbsent(new Key(a.getClass(), Array.getLength(a)), k -> new ArrayDeque<>()).addLast(a);
        }
    }

    /** The caller keeps {@code t} (a graph output): its array leaves the pool for good. */
    void disown(Tensor t) {
        if (t != null && !t.isNative() && owned.remove(t.array())) {
            liveRefs.remove(t.array());
            aligned.remove(t.array());
            ownedBytes -= bytes(t.array());
        }
    }

    /** Ends a run: every array still counted as live (a failed run's values) becomes free again. */
    void endRun() {
        for (Map.Entry<Object, int[]> e : liveRefs.entrySet()) {
            if (e.getValue()[0] > 0) {
                e.getValue()[0] = 0;
                giveBack(e.getKey());
            }
        }
    }

    /** Frees the native segments (the plan is closed; no run uses this pool any more). */
    void close() {
        if (arena != null) {
            arena.close();
            arena = null;
        }
        freeNative.clear();
        ownedNative.clear();
    }

    /** How many storage objects have a reference count, live or at 0 (for tests: the pool's own bookkeeping). */
    int countedStorage() {
        return liveRefs.size();
    }

    /** Bytes of the arrays this pool holds (free or lent to the current run). */
    long ownedBytes() {
        return ownedBytes;
    }

    /**
     * Free float arrays by length, for the smallest that holds a request. A sorted array of lengths, each with
     * its queue, kept when the queue empties: a warm session's runs meet the same lengths again, and a
     * {@code TreeMap} that dropped empty queues allocated a queue, an entry and a boxed key per array given back.
     */
    private static final class FreeByLength {

        private int[] lengths = new int[8];
        @SuppressWarnings("unchecked")
        private ArrayDeque<float[]>[] queues = new ArrayDeque[8];
        private int count;

        /** The most recently freed array of the smallest length at least {@code length} that has one, or null. */
        float[] takeSmallestHolding(int length) {
            for (int i = firstAtLeast(length); i < count; i++) {
                float[] a = queues[i].pollLast();
                if (a != null) {
                    return a;
                }
            }
            return null;
        }

        void add(float[] array) {
            int i = firstAtLeast(array.length);
            if (i == count || lengths[i] != array.length) {
                if (count == lengths.length) {
                    lengths = Arrays.copyOf(lengths, 2 * count);
                    queues = Arrays.copyOf(queues, 2 * count);
                }
                System.arraycopy(lengths, i, lengths, i + 1, count - i);
                System.arraycopy(queues, i, queues, i + 1, count - i);
                lengths[i] = array.length;
                queues[i] = new ArrayDeque<>();
                count++;
            }
            queues[i].addLast(array);
        }

        private int firstAtLeast(int length) {
            int lo = 0;
            int hi = count;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (lengths[mid] < length) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private static long bytes(Object array) {
        Class<?> c = array.getClass().getComponentType();
        long n = Array.getLength(array);
        if (c == double.class || c == long.class) {
            return n * 8;
        }
        if (c == float.class || c == int.class) {
            return n * 4;
        }
        if (c == short.class || c == char.class) {
            return n * 2;
        }
        return n;
    }

    private static void clear(Object a) {
        switch (a) {
            case float[] f -> Arrays.fill(f, 0f);
            case long[] l -> Arrays.fill(l, 0L);
            case int[] i -> Arrays.fill(i, 0);
            case double[] d -> Arrays.fill(d, 0d);
            case byte[] b -> Arrays.fill(b, (byte) 0);
            case short[] s -> Arrays.fill(s, (short) 0);
            case boolean[] z -> Arrays.fill(z, false);
            case char[] c -> Arrays.fill(c, (char) 0);
            default -> throw new IllegalStateException("unpooled storage " + a.getClass());
        }
    }
}
