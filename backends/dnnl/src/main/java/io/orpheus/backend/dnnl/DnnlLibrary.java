package io.orpheus.backend.dnnl;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The oneDNN v2 C entry points this backend calls, bound by JNA. Descriptors are passed as pointers to
 * native memory this backend lays out itself ({@link MemoryDesc}, op descriptors as opaque blocks);
 * handles come back through {@link PointerByReference}. Every function returns a {@code dnnl_status_t}
 * unless noted.
 */
interface DnnlLibrary extends Library {

    Pointer dnnl_version();

    int dnnl_get_effective_cpu_isa();

    int dnnl_engine_create(PointerByReference engine, int kind, long index);

    int dnnl_engine_destroy(Pointer engine);

    int dnnl_stream_create(PointerByReference stream, Pointer engine, int flags);

    int dnnl_stream_destroy(Pointer stream);

    int dnnl_memory_desc_init_by_strides(Pointer md, int ndims, long[] dims, int dataType, long[] strides);

    int dnnl_memory_desc_init_by_tag(Pointer md, int ndims, long[] dims, int dataType, int tag);

    /** Returns size_t: the bytes a buffer of this descriptor needs. */
    long dnnl_memory_desc_get_size(Pointer md);

    /** Returns 1 when both descriptors describe the same layout. */
    int dnnl_memory_desc_equal(Pointer lhs, Pointer rhs);

    int dnnl_memory_create(PointerByReference memory, Pointer md, Pointer engine, Pointer handle);

    int dnnl_memory_destroy(Pointer memory);

    int dnnl_primitive_attr_create(PointerByReference attr);

    int dnnl_primitive_attr_destroy(Pointer attr);

    int dnnl_primitive_attr_set_scratchpad_mode(Pointer attr, int mode);

    int dnnl_primitive_attr_set_post_ops(Pointer attr, Pointer postOps);

    int dnnl_post_ops_create(PointerByReference postOps);

    int dnnl_post_ops_destroy(Pointer postOps);

    int dnnl_post_ops_append_sum(Pointer postOps, float scale);

    int dnnl_post_ops_append_eltwise(Pointer postOps, float scale, int algorithm, float alpha, float beta);

    int dnnl_primitive_desc_create(PointerByReference pd, Pointer opDesc, Pointer attr, Pointer engine,
            Pointer hint);

    int dnnl_reorder_primitive_desc_create(PointerByReference pd, Pointer srcMd, Pointer srcEngine, Pointer dstMd,
            Pointer dstEngine, Pointer attr);

    int dnnl_concat_primitive_desc_create(PointerByReference pd, Pointer dstMd, int n, int concatDimension,
            Pointer srcMds, Pointer attr, Pointer engine);

    int dnnl_primitive_desc_destroy(Pointer pd);

    int dnnl_primitive_desc_query(Pointer pd, int what, int index, PointerByReference result);

    /** Returns a pointer into the primitive descriptor, or null when it has no such descriptor. */
    Pointer dnnl_primitive_desc_query_md(Pointer pd, int what, int index);

    int dnnl_primitive_create(PointerByReference primitive, Pointer pd);

    int dnnl_primitive_destroy(Pointer primitive);

    int dnnl_primitive_execute(Pointer primitive, Pointer stream, int nargs, Pointer args);

    int dnnl_convolution_forward_desc_init(Pointer desc, int propKind, int algorithm, Pointer srcMd, Pointer weightsMd,
            Pointer biasMd, Pointer dstMd, long[] strides, long[] paddingL, long[] paddingR);

    int dnnl_dilated_convolution_forward_desc_init(Pointer desc, int propKind, int algorithm, Pointer srcMd,
            Pointer weightsMd, Pointer biasMd, Pointer dstMd, long[] strides, long[] dilates, long[] paddingL,
            long[] paddingR);

    int dnnl_pooling_v2_forward_desc_init(Pointer desc, int propKind, int algorithm, Pointer srcMd, Pointer dstMd,
            long[] strides, long[] kernel, long[] dilation, long[] paddingL, long[] paddingR);

    int dnnl_batch_normalization_forward_desc_init(Pointer desc, int propKind, Pointer dataMd, float epsilon,
            int flags);

    int dnnl_eltwise_forward_desc_init(Pointer desc, int propKind, int algorithm, Pointer dataMd, float alpha,
            float beta);

    int dnnl_binary_desc_init(Pointer desc, int algorithm, Pointer src0Md, Pointer src1Md, Pointer dstMd);

    int dnnl_softmax_forward_desc_init(Pointer desc, int propKind, Pointer dataMd, int axis);

    int dnnl_matmul_desc_init(Pointer desc, Pointer srcMd, Pointer weightsMd, Pointer biasMd, Pointer dstMd);
}
