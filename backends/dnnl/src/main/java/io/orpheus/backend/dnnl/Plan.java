package io.orpheus.backend.dnnl;

import io.orpheus.api.backend.KernelContext;
import java.lang.foreign.Arena;
import java.util.ArrayList;
import java.util.List;

/**
 * What a kernel prepares for one set of input shapes: primitives, the reorders at its boundaries, and
 * constant operands already in the primitives' layouts. Owns their native memory and handles; read-only
 * once built, so runs on several threads share it.
 */
final class Plan implements AutoCloseable {

    /** One run of a plan. */
    interface Runner {
        void run(KernelContext ctx, Execution run);
    }

    private final Arena arena = Arena.ofShared();
    private final List<AutoCloseable> owned = new ArrayList<>();
    private final List<String> primitives = new ArrayList<>();
    private long constantBytes;
    private Runner runner;
    /** Per input, the primitive's own layout it can take the tensor in as it is (null: row-major only). */
    private final java.util.Map<Integer, MemoryDesc> carriedIn = new java.util.HashMap<>();
    private MemoryDesc carriedOut;

    Arena arena() {
        return arena;
    }

    /** Takes ownership of a native resource, closed (in reverse order) with the plan. */
    <T extends AutoCloseable> T own(T resource) {
        owned.add(resource);
        return resource;
    }

    /** A primitive of this plan, named in the kernel's detail. */
    Primitive own(Primitive p, String role) {
        owned.add(p);
        primitives.add(role + "=" + p.implementation());
        return p;
    }

    /** Names a primitive something else owns (a boundary's reorder) in the kernel's detail. */
    void describe(String role, Primitive p) {
        primitives.add(role + "=" + p.implementation());
    }

    void addConstantBytes(long bytes) {
        constantBytes += bytes;
    }

    long constantBytes() {
        return constantBytes;
    }

    List<String> primitives() {
        return primitives;
    }

    /** Input {@code i} may arrive in {@code md} (the primitive's layout for it) and is then used as it is. */
    void carryIn(int i, MemoryDesc md) {
        carriedIn.put(i, md);
    }

    /** The output may be written in {@code md} (the primitive's layout) when every reader takes it. */
    void carryOut(MemoryDesc md) {
        carriedOut = md;
    }

    MemoryDesc carriedIn(int i) {
        return carriedIn.get(i);
    }

    MemoryDesc carriedOut() {
        return carriedOut;
    }

    void setRunner(Runner runner) {
        this.runner = runner;
    }

    void run(KernelContext ctx, Execution run) {
        runner.run(ctx, run);
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        for (int i = owned.size() - 1; i >= 0; i--) {
            try {
                owned.get(i).close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("freeing a oneDNN resource failed", e);
                }
            }
        }
        owned.clear();
        arena.close();
        if (failure != null) {
            throw failure;
        }
    }
}
