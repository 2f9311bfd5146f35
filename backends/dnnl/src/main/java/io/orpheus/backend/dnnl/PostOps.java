package io.orpheus.backend.dnnl;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import java.util.ArrayList;
import java.util.List;

/**
 * What a primitive applies to its result before storing it, in order: a sum (the destination's prior
 * contents, scaled, added) or an eltwise function. Turned into a {@code dnnl_primitive_attr_t} together
 * with the user-managed scratchpad every primitive here gets (so that one primitive may run on several
 * threads at once, each with its own scratchpad).
 */
final class PostOps {

    private record Op(boolean sum, float scale, int algorithm, float alpha, float beta) {
    }

    private final List<Op> ops = new ArrayList<>();

    static PostOps none() {
        return new PostOps();
    }

    PostOps sum(float scale) {
        ops.add(new Op(true, scale, 0, 0f, 0f));
        return this;
    }

    PostOps eltwise(int algorithm, float alpha, float beta) {
        ops.add(new Op(false, 1f, algorithm, alpha, beta));
        return this;
    }

    /** A new attribute object; the caller destroys it once the primitive descriptor is made. */
    Pointer createAttr(DnnlLibrary lib) {
        PointerByReference ref = new PointerByReference();
        Dnnl.check(lib.dnnl_primitive_attr_create(ref), "dnnl_primitive_attr_create");
        Pointer attr = ref.getValue();
        try {
            Dnnl.check(lib.dnnl_primitive_attr_set_scratchpad_mode(attr, DnnlConstants.SCRATCHPAD_MODE_USER),
                    "dnnl_primitive_attr_set_scratchpad_mode");
            if (!ops.isEmpty()) {
                PointerByReference pref = new PointerByReference();
                Dnnl.check(lib.dnnl_post_ops_create(pref), "dnnl_post_ops_create");
                Pointer po = pref.getValue();
                try {
                    for (Op op : ops) {
                        if (op.sum) {
                            Dnnl.check(lib.dnnl_post_ops_append_sum(po, op.scale), "dnnl_post_ops_append_sum");
                        } else {
                            Dnnl.check(lib.dnnl_post_ops_append_eltwise(po, op.scale, op.algorithm, op.alpha, op.beta),
                                    "dnnl_post_ops_append_eltwise");
                        }
                    }
                    Dnnl.check(lib.dnnl_primitive_attr_set_post_ops(attr, po), "dnnl_primitive_attr_set_post_ops");
                } finally {
                    lib.dnnl_post_ops_destroy(po);
                }
            }
            return attr;
        } catch (RuntimeException e) {
            lib.dnnl_primitive_attr_destroy(attr);
            throw e;
        }
    }
}
