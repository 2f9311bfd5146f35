package io.orpheus.backend.xnnpack;

import com.sun.jna.Library;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;

/**
 * The XNNPACK operator-API entry points this backend calls, bound by JNA, with the signatures of Debian's
 * {@code libxnnpack0 0.0~git20220216.ae108ef}. Every {@code size_t} is a Java {@code long}: the backend
 * only loads on LP64 platforms (x86-64, aarch64). Every function returns an {@code enum xnn_status}.
 */
interface XnnpackLibrary extends Library {

    /** Passing a null allocator makes XNNPACK use malloc/free. */
    int xnn_initialize(Pointer allocator);

    int xnn_run_operator(Pointer op, Pointer threadpool);

    int xnn_delete_operator(Pointer op);

    int xnn_create_convolution2d_nhwc_f32(int padTop, int padRight, int padBottom, int padLeft, int kernelHeight,
            int kernelWidth, int subsamplingHeight, int subsamplingWidth, int dilationHeight, int dilationWidth,
            int groups, long groupInputChannels, long groupOutputChannels, long inputChannelStride,
            long outputChannelStride, Pointer kernel, Pointer bias, float outputMin, float outputMax, int flags,
            PointerByReference op);

    int xnn_setup_convolution2d_nhwc_f32(Pointer op, long batch, long inputHeight, long inputWidth, Pointer input,
            Pointer output, Pointer threadpool);

    int xnn_create_fully_connected_nc_f32(long inputChannels, long outputChannels, long inputStride,
            long outputStride, Pointer kernel, Pointer bias, float outputMin, float outputMax, int flags,
            PointerByReference op);

    int xnn_setup_fully_connected_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_create_max_pooling2d_nhwc_f32(int padTop, int padRight, int padBottom, int padLeft, int poolHeight,
            int poolWidth, int strideHeight, int strideWidth, int dilationHeight, int dilationWidth, long channels,
            long inputPixelStride, long outputPixelStride, float outputMin, float outputMax, int flags,
            PointerByReference op);

    int xnn_setup_max_pooling2d_nhwc_f32(Pointer op, long batch, long inputHeight, long inputWidth, Pointer input,
            Pointer output, Pointer threadpool);

    int xnn_create_average_pooling2d_nhwc_f32(int padTop, int padRight, int padBottom, int padLeft, int poolHeight,
            int poolWidth, int strideHeight, int strideWidth, long channels, long inputPixelStride,
            long outputPixelStride, float outputMin, float outputMax, int flags, PointerByReference op);

    int xnn_setup_average_pooling2d_nhwc_f32(Pointer op, long batch, long inputHeight, long inputWidth,
            Pointer input, Pointer output, Pointer threadpool);

    int xnn_create_global_average_pooling_nwc_f32(long channels, long inputStride, long outputStride,
            float outputMin, float outputMax, int flags, PointerByReference op);

    int xnn_setup_global_average_pooling_nwc_f32(Pointer op, long batch, long width, Pointer input, Pointer output,
            Pointer threadpool);

    int xnn_create_add_nd_f32(float outputMin, float outputMax, int flags, PointerByReference op);

    int xnn_setup_add_nd_f32(Pointer op, long rank1, long[] shape1, long rank2, long[] shape2, Pointer input1,
            Pointer input2, Pointer output, Pointer threadpool);

    int xnn_create_subtract_nd_f32(float outputMin, float outputMax, int flags, PointerByReference op);

    int xnn_setup_subtract_nd_f32(Pointer op, long rank1, long[] shape1, long rank2, long[] shape2, Pointer input1,
            Pointer input2, Pointer output, Pointer threadpool);

    int xnn_create_multiply_nd_f32(float outputMin, float outputMax, int flags, PointerByReference op);

    int xnn_setup_multiply_nd_f32(Pointer op, long rank1, long[] shape1, long rank2, long[] shape2, Pointer input1,
            Pointer input2, Pointer output, Pointer threadpool);

    int xnn_create_divide_nd_f32(float outputMin, float outputMax, int flags, PointerByReference op);

    int xnn_setup_divide_nd_f32(Pointer op, long rank1, long[] shape1, long rank2, long[] shape2, Pointer input1,
            Pointer input2, Pointer output, Pointer threadpool);

    int xnn_create_maximum_nd_f32(int flags, PointerByReference op);

    int xnn_setup_maximum_nd_f32(Pointer op, long rank1, long[] shape1, long rank2, long[] shape2, Pointer input1,
            Pointer input2, Pointer output, Pointer threadpool);

    int xnn_create_minimum_nd_f32(int flags, PointerByReference op);

    int xnn_setup_minimum_nd_f32(Pointer op, long rank1, long[] shape1, long rank2, long[] shape2, Pointer input1,
            Pointer input2, Pointer output, Pointer threadpool);

    // ---- element-wise over (batch, channels): one create and one setup signature each ----------------------

    int xnn_create_clamp_nc_f32(long channels, long inputStride, long outputStride, float outputMin,
            float outputMax, int flags, PointerByReference op);

    int xnn_create_leaky_relu_nc_f32(long channels, long inputStride, long outputStride, float negativeSlope,
            int flags, PointerByReference op);

    int xnn_create_elu_nc_f32(long channels, long inputStride, long outputStride, float alpha, int flags,
            PointerByReference op);

    int xnn_create_sigmoid_nc_f32(long channels, long inputStride, long outputStride, int flags,
            PointerByReference op);

    int xnn_create_hardswish_nc_f32(long channels, long inputStride, long outputStride, int flags,
            PointerByReference op);

    int xnn_create_abs_nc_f32(long channels, long inputStride, long outputStride, int flags, PointerByReference op);

    int xnn_create_negate_nc_f32(long channels, long inputStride, long outputStride, int flags,
            PointerByReference op);

    int xnn_create_floor_nc_f32(long channels, long inputStride, long outputStride, int flags,
            PointerByReference op);

    int xnn_create_ceiling_nc_f32(long channels, long inputStride, long outputStride, int flags,
            PointerByReference op);

    int xnn_create_square_root_nc_f32(long channels, long inputStride, long outputStride, int flags,
            PointerByReference op);

    int xnn_create_bankers_rounding_nc_f32(long channels, long inputStride, long outputStride, int flags,
            PointerByReference op);

    int xnn_create_softmax_nc_f32(long channels, long inputStride, long outputStride, int flags,
            PointerByReference op);

    int xnn_setup_clamp_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_leaky_relu_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_elu_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_sigmoid_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_hardswish_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_abs_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_negate_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_floor_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_ceiling_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_square_root_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);

    int xnn_setup_bankers_rounding_nc_f32(Pointer op, long batch, Pointer input, Pointer output,
            Pointer threadpool);

    int xnn_setup_softmax_nc_f32(Pointer op, long batch, Pointer input, Pointer output, Pointer threadpool);
}
