package io.orpheus.runtime.internal;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
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
 * <p>Kernels may return views (a Reshape's output shares its input's array), so an array is given
 * back only when no live value uses it any more: the run counts references per array.
 */
final class BufferPool {

    private record Key(Class<?> arrayType, int length) {
    }

    private final Map<Key, ArrayDeque<Object>> free = new HashMap<>();
    private final Set<Object> owned = Collections.newSetFromMap(new IdentityHashMap<>());
    private final IdentityHashMap<Object, int[]> liveRefs = new IdentityHashMap<>();
    private long ownedBytes;

    /** A zero-filled tensor, on a pooled array when one of the right type and length is free. */
    Tensor zeroed(DataType dtype, long[] shape) {
        if (dtype == DataType.STRING) {
            return Tensor.allocate(dtype, shape);
        }
        int length = Tensor.checkedSize(shape) * dtype.slotsPerElement();
        Class<?> type = dtype.arrayType();
        ArrayDeque<Object> q = free.get(new Key(type, length));
        Object array = q == null ? null : q.pollLast();
        if (array == null) {
            Tensor t = Tensor.allocate(dtype, shape);
            owned.add(t.array());
            ownedBytes += bytes(t.array());
            return t;
        }
        clear(array);
        return Tensor.wrap(dtype, array, shape);
    }

    /** A value now refers to {@code t} (counted so that a shared array is freed once). */
    void retain(Tensor t) {
        if (t != null && !t.isNative() && owned.contains(t.array())) {
            liveRefs.computeIfAbsent(t.array(), a -> new int[1])[0]++;
        }
    }

    /** A value referring to {@code t} is dropped; its array returns to the pool after its last user. */
    void release(Tensor t) {
        if (t == null || t.isNative()) {
            return;
        }
        Object a = t.array();
        int[] refs = liveRefs.get(a);
        if (refs != null && --refs[0] == 0) {
            liveRefs.remove(a);
            if (owned.contains(a)) {
                free.computeIfAbsent(new Key(a.getClass(), Array.getLength(a)), k -> new ArrayDeque<>()).addLast(a);
            }
        }
    }

    /** The caller keeps {@code t} (a graph output): its array leaves the pool for good. */
    void disown(Tensor t) {
        if (t != null && !t.isNative() && owned.remove(t.array())) {
            ownedBytes -= bytes(t.array());
        }
    }

    /** Ends a run: every array still counted as live (a failed run's values) becomes free again. */
    void endRun() {
        for (Object a : liveRefs.keySet()) {
            if (owned.contains(a)) {
                free.computeIfAbsent(new Key(a.getClass(), Array.getLength(a)), k -> new ArrayDeque<>()).addLast(a);
            }
        }
        liveRefs.clear();
    }

    /** Bytes of the arrays this pool holds (free or lent to the current run). */
    long ownedBytes() {
        return ownedBytes;
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
