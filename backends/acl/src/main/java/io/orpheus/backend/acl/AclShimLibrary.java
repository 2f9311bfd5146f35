package io.orpheus.backend.acl;

import com.sun.jna.Library;
import com.sun.jna.Pointer;

/**
 * The C functions of {@code libacl_shim.so} (shim/acl_shim.cpp), bound by JNA. {@code size_t} is a Java
 * {@code long} (aarch64 is LP64); {@code unsigned int} extents are passed as {@code int} and are never
 * negative. Functions that can fail write a NUL-terminated reason into {@code err}.
 */
public interface AclShimLibrary extends Library {

    /** Activation codes of {@link #acl_conv_create}. */
    int ACT_NONE = 0;
    int ACT_RELU = 1;
    /** Clamp to [actB, actA] (ACL's LU_BOUNDED_RELU): Relu6 and Clip. */
    int ACT_CLAMP = 2;

    /** ACL's build information into {@code buf}; returns its full length. */
    long acl_shim_build_info(byte[] buf, long len);

    /** Sets the thread count of ACL's process-wide scheduler. */
    void acl_shim_set_threads(int threads);

    int acl_shim_threads();

    /**
     * A 2-D NCHW convolution: NEDepthwiseConvolutionLayer when {@code depthwise != 0} (weights (M, 1, kH, kW),
     * M a multiple of C), else NEConvolutionLayer with one group (weights (M, C, kH, kW)). Null on failure.
     */
    Pointer acl_conv_create(int n, int c, int h, int w, int m, int kh, int kw, int oh, int ow, int strideH,
            int strideW, int padTop, int padBottom, int padLeft, int padRight, int dilationH, int dilationW,
            int depthwise, Pointer weights, Pointer bias, int act, float actA, float actB, byte[] err, long errLen);

    /** Runs on the caller's buffers (imported, not copied); 0 on success. Runs of one handle must not overlap. */
    int acl_conv_run(Pointer conv, Pointer input, Pointer output, byte[] err, long errLen);

    void acl_conv_destroy(Pointer conv);

    /** Y (M x N) = X (M x K) W^T + bias on NEFullyConnectedLayer; W row-major (N, K) when weightsNk, else (K, N). */
    Pointer acl_fc_create(int m, int k, int n, int weightsNk, Pointer weights, Pointer bias, byte[] err, long errLen);

    int acl_fc_run(Pointer fc, Pointer input, Pointer output, byte[] err, long errLen);

    void acl_fc_destroy(Pointer fc);
}
