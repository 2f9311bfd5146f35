package io.orpheus.backend.dnnl;

import io.orpheus.backend.nativesupport.TransferClock;
import io.orpheus.api.Tensor;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Where one tensor crosses between Orpheus (row-major floats, on the heap or native) and a primitive
 * (the layout it chose, possibly blocked). When the two differ, a reorder made once per plan converts
 * each run; a blocked buffer never reaches a plain reader.
 */
final class Boundary implements AutoCloseable {

    private final MemoryDesc plain;
    private final MemoryDesc inner;
    private final Primitive reorder;

    private Boundary(MemoryDesc plain, MemoryDesc inner, Primitive reorder) {
        this.plain = plain;
        this.inner = inner;
        this.reorder = reorder;
    }

    /** Data going into a primitive, from {@code plain} to the primitive's {@code inner}. */
    static Boundary in(DnnlEngine engine, Arena arena, MemoryDesc plain, MemoryDesc inner) {
        return new Boundary(plain, inner, plain.sameLayout(inner) ? null : Primitive.reorder(engine, arena, plain, inner));
    }

    /** Data coming out of a primitive, from its {@code inner} to {@code plain}. */
    static Boundary out(DnnlEngine engine, Arena arena, MemoryDesc plain, MemoryDesc inner) {
        return new Boundary(plain, inner, plain.sameLayout(inner) ? null : Primitive.reorder(engine, arena, inner, plain));
    }

    MemoryDesc plain() {
        return plain;
    }

    MemoryDesc inner() {
        return inner;
    }

    /** The reorder primitive, or null when the layouts agree. */
    Primitive reorderPrimitive() {
        return reorder;
    }

    boolean reorders() {
        return reorder != null;
    }

    /**
     * The tensor in the primitive's layout: its own native segment when it is native and the layouts
     * agree, else copied and/or reordered into buffers of this run.
     */
    MemorySegment enter(Execution run, Tensor t, TransferClock clock) {
        return enter(run, toNativeOrSelf(run, t, clock));
    }

    /** Row-major native data in the primitive's layout. */
    MemorySegment enter(Execution run, MemorySegment plainData) {
        if (reorder == null) {
            return plainData;
        }
        MemorySegment blocked = run.buffer(inner.bytes());
        run.reorder(reorder, plain, plainData, inner, blocked);
        return blocked;
    }

    /**
     * Where the primitive writes its output: straight into the native output tensor when the
     * primitive's layout is the plain one, else a buffer of this run (reordered by {@link #leave}).
     */
    MemorySegment allocateInner(Execution run, Tensor out) {
        return reorder == null && out.isNative() ? out.segment() : run.buffer(inner.bytes());
    }

    /** The primitive's output, reordered to row-major when it is not already, into {@code out}. */
    void leave(Execution run, MemorySegment innerData, Tensor out, TransferClock clock) {
        if (out.isNative()) {
            if (reorder != null) {
                run.reorder(reorder, inner, innerData, plain, out.segment());
            } else if (innerData != out.segment()) {
                long t0 = System.nanoTime();
                MemorySegment.copy(innerData, 0, out.segment(), 0, plain.bytes());
                clock.copied(t0, plain.bytes());
            }
            return;
        }
        MemorySegment plainData = innerData;
        if (reorder != null) {
            plainData = run.buffer(plain.bytes());
            run.reorder(reorder, inner, innerData, plain, plainData);
        }
        NativeData.copyOut(plainData, out.floats(), clock);
    }

    /** The tensor's row-major floats in native memory: its own segment when native, else a copy. */
    static MemorySegment toNativeOrSelf(Execution run, Tensor t, TransferClock clock) {
        return t.isNative() ? t.segment() : toNative(run, t.floats(), clock);
    }

    static MemorySegment toNative(Execution run, float[] src, TransferClock clock) {
        long t0 = System.nanoTime();
        MemorySegment s = run.buffer((long) src.length * Float.BYTES);
        MemorySegment.copy(src, 0, s, ValueLayout.JAVA_FLOAT, 0, src.length);
        clock.copied(t0, (long) src.length * Float.BYTES);
        return s;
    }

    @Override
    public void close() {
        if (reorder != null) {
            reorder.close();
        }
    }
}
