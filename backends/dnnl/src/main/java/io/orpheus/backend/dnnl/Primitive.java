package io.orpheus.backend.dnnl;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.function.Function;

/**
 * A oneDNN primitive and its descriptor, owned by one plan of one kernel and destroyed with it. Its
 * scratchpad is user-managed: each execution brings its own (see {@link Execution}).
 */
final class Primitive implements AutoCloseable {

    private final DnnlLibrary lib;
    private final Pointer pd;
    private final Pointer primitive;
    private final MemoryDesc scratchpad;
    private final long scratchpadBytes;
    private final String implementation;

    private Primitive(DnnlLibrary lib, Pointer pd, Arena arena) {
        this.lib = lib;
        this.pd = pd;
        try {
            PointerByReference ref = new PointerByReference();
            Dnnl.check(lib.dnnl_primitive_create(ref, pd), "dnnl_primitive_create");
            this.primitive = ref.getValue();
        } catch (RuntimeException e) {
            lib.dnnl_primitive_desc_destroy(pd);
            throw e;
        }
        PointerByReference info = new PointerByReference();
        this.implementation = lib.dnnl_primitive_desc_query(pd, DnnlConstants.QUERY_IMPL_INFO_STR, 0, info)
                == DnnlConstants.SUCCESS && info.getValue() != null ? info.getValue().getString(0) : "?";
        Pointer sp = lib.dnnl_primitive_desc_query_md(pd, DnnlConstants.QUERY_SCRATCHPAD_MD, 0);
        MemoryDesc spMd = sp == null ? null : MemoryDesc.copyOf(lib, arena, sp);
        long spBytes = spMd == null ? 0 : spMd.bytes();
        this.scratchpad = spBytes > 0 ? spMd : null;
        this.scratchpadBytes = spBytes;
    }

    /**
     * The primitive for an operation descriptor that {@code init} writes into the block it is given
     * (returning the status of the {@code *_desc_init} call).
     */
    static Primitive create(DnnlEngine engine, Arena arena, String what, Function<Pointer, Integer> init,
            PostOps postOps) {
        DnnlLibrary lib = engine.lib();
        MemorySegment desc = arena.allocate(DnnlConstants.OP_DESC_BYTES, 16);
        Pointer d = new Pointer(desc.address());
        Dnnl.check(init.apply(d), what + " descriptor");
        Pointer attr = postOps.createAttr(lib);
        PointerByReference pd = new PointerByReference();
        try {
            Dnnl.check(lib.dnnl_primitive_desc_create(pd, d, attr, engine.handle(), null),
                    what + " primitive descriptor");
        } finally {
            lib.dnnl_primitive_attr_destroy(attr);
        }
        return new Primitive(lib, pd.getValue(), arena);
    }

    /** A reorder between two layouts of the same tensor. */
    static Primitive reorder(DnnlEngine engine, Arena arena, MemoryDesc from, MemoryDesc to) {
        DnnlLibrary lib = engine.lib();
        Pointer attr = PostOps.none().createAttr(lib);
        PointerByReference pd = new PointerByReference();
        try {
            Dnnl.check(lib.dnnl_reorder_primitive_desc_create(pd, from.pointer(), engine.handle(), to.pointer(),
                    engine.handle(), attr), "reorder primitive descriptor");
        } finally {
            lib.dnnl_primitive_attr_destroy(attr);
        }
        return new Primitive(lib, pd.getValue(), arena);
    }

    /** Concatenation of {@code sources} along {@code axis} into {@code dst}. */
    static Primitive concat(DnnlEngine engine, Arena arena, MemoryDesc dst, int axis, MemoryDesc... sources) {
        DnnlLibrary lib = engine.lib();
        MemorySegment srcs = MemoryDesc.array(arena, sources);
        Pointer attr = PostOps.none().createAttr(lib);
        PointerByReference pd = new PointerByReference();
        try {
            Dnnl.check(lib.dnnl_concat_primitive_desc_create(pd, dst.pointer(), sources.length, axis,
                    new Pointer(srcs.address()), attr, engine.handle()), "concat primitive descriptor");
        } finally {
            lib.dnnl_primitive_attr_destroy(attr);
        }
        return new Primitive(lib, pd.getValue(), arena);
    }

    /** The layout the primitive chose for one of its arguments ({@code DnnlConstants.QUERY_*_MD}). */
    MemoryDesc md(Arena arena, int query, int index) {
        Pointer p = lib.dnnl_primitive_desc_query_md(pd, query, index);
        if (p == null) {
            throw new DnnlException("primitive " + implementation + " has no descriptor for query " + query);
        }
        return MemoryDesc.copyOf(lib, arena, p);
    }

    Pointer handle() {
        return primitive;
    }

    /** Null when the primitive needs no scratchpad. */
    MemoryDesc scratchpad() {
        return scratchpad;
    }

    long scratchpadBytes() {
        return scratchpadBytes;
    }

    /** What oneDNN picked, e.g. "brg:avx512_core" or "jit:uni". */
    String implementation() {
        return implementation;
    }

    @Override
    public void close() {
        lib.dnnl_primitive_destroy(primitive);
        lib.dnnl_primitive_desc_destroy(pd);
    }
}
