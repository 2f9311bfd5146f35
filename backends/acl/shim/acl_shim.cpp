// A C ABI over the few Arm Compute Library (ACL) runtime functions the Orpheus ACL backend needs, so that
// Java can call them through JNA: ACL's API is C++ (classes, std::unique_ptr, exceptions) and has no C entry
// points of its own.
//
// Conventions: every handle is an opaque pointer created by *_create and freed by *_destroy; a function that
// can fail returns 0 on success (or a non-null handle) and otherwise writes a one-line reason into err
// (errlen bytes, always NUL-terminated). No C++ exception crosses the ABI.
//
// Tensors are NCHW float32, as Orpheus lays them out, so no layout conversion is needed: ACL's TensorShape
// lists dimensions innermost first, so an NCHW tensor is TensorShape(W, H, C, N) with DataLayout::NCHW.
// Activations are not copied into ACL: each run imports the caller's input and output buffers
// (TensorAllocator::import_memory). Because a run binds those pointers into the function's tensors, runs of
// one handle must not overlap; the Java side serialises them per kernel.

#include <arm_compute/core/TensorInfo.h>
#include <arm_compute/core/Types.h>
#include <arm_compute/core/Version.h>
#include <arm_compute/runtime/NEON/NEFunctions.h>
#include <arm_compute/runtime/Scheduler.h>
#include <arm_compute/runtime/Tensor.h>

#include <cstdio>
#include <cstring>
#include <exception>
#include <memory>
#include <string>

using namespace arm_compute;

// Only these functions are exported (the library is built with hidden visibility).
#define ACL_SHIM_API extern "C" __attribute__((visibility("default")))

namespace {

void set_error(char* err, size_t errlen, const std::string& message) {
    if (err != nullptr && errlen > 0) {
        std::snprintf(err, errlen, "%s", message.c_str());
    }
}

TensorInfo f32(const TensorShape& shape, DataLayout layout = DataLayout::NCHW) {
    TensorInfo info(shape, 1, DataType::F32);
    info.set_data_layout(layout);
    return info;
}

// Copies a constant operand into an ACL-owned tensor; refuses a padded one (its rows would not be contiguous).
bool fill(Tensor& t, const float* data, char* err, size_t errlen, const char* what) {
    t.allocator()->allocate();
    if (!t.info()->padding().empty()) {
        set_error(err, errlen, std::string(what) + ": ACL asked for a padded tensor; unsupported by this shim");
        return false;
    }
    std::memcpy(t.buffer(), data, t.info()->total_size());
    return true;
}

bool unpadded(const Tensor& t) {
    return t.info()->padding().empty();
}

ActivationLayerInfo activation(int kind, float a, float b) {
    switch (kind) {
        case 1: return ActivationLayerInfo(ActivationLayerInfo::ActivationFunction::RELU);
        case 2: return ActivationLayerInfo(ActivationLayerInfo::ActivationFunction::LU_BOUNDED_RELU, a, b);
        default: return ActivationLayerInfo();
    }
}

// One prepared layer: its tensors and the ACL function wired to them.
struct Layer {
    Tensor input;
    Tensor weights;
    Tensor bias;
    Tensor output;
    std::unique_ptr<IFunction> function;
    bool weights_released = false;
};

int run_layer(Layer* layer, const float* in, float* out, char* err, size_t errlen) {
    try {
        Status s = layer->input.allocator()->import_memory(const_cast<float*>(in));
        if (!bool(s)) {
            set_error(err, errlen, "import_memory(input): " + s.error_description());
            return 1;
        }
        s = layer->output.allocator()->import_memory(out);
        if (!bool(s)) {
            set_error(err, errlen, "import_memory(output): " + s.error_description());
            return 1;
        }
        // The first run also prepares (reshapes or transforms the weights); the original weights may then be
        // released, which ACL reports through is_used().
        layer->function->run();
        if (!layer->weights_released && !layer->weights.is_used()) {
            layer->weights.allocator()->free();
            layer->weights_released = true;
        }
        return 0;
    } catch (const std::exception& e) {
        set_error(err, errlen, e.what());
        return 1;
    } catch (...) {
        set_error(err, errlen, "unknown C++ exception in ACL");
        return 1;
    }
}

}  // namespace

// ACL's build information (version, architecture, build options) into buf; returns its full length.
ACL_SHIM_API size_t acl_shim_build_info(char* buf, size_t len) {
    std::string info = build_information();
    set_error(buf, len, info);
    return info.size();
}

// ACL's scheduler (CPPScheduler by default) is process-wide: the last caller's thread count applies to all.
ACL_SHIM_API void acl_shim_set_threads(unsigned int threads) {
    Scheduler::get().set_num_threads(threads < 1 ? 1 : threads);
}

ACL_SHIM_API unsigned int acl_shim_threads(void) {
    return Scheduler::get().num_threads();
}

// A 2-D convolution, NCHW. depthwise != 0: weights (M, 1, kH, kW) with M a multiple of C, on
// NEDepthwiseConvolutionLayer; otherwise one group, weights (M, C, kH, kW), on NEConvolutionLayer (which
// picks GEMM, Winograd or direct itself). act: 0 none, 1 Relu, 2 clamp to [act_b, act_a].
ACL_SHIM_API void* acl_conv_create(
        unsigned int n, unsigned int c, unsigned int h, unsigned int w,          // input NCHW
        unsigned int m, unsigned int kh, unsigned int kw,                         // weights (M, ., kH, kW)
        unsigned int oh, unsigned int ow,                                         // output extent
        unsigned int stride_h, unsigned int stride_w,
        unsigned int pad_top, unsigned int pad_bottom, unsigned int pad_left, unsigned int pad_right,
        unsigned int dilation_h, unsigned int dilation_w,
        int depthwise, const float* weights, const float* bias,
        int act, float act_a, float act_b,
        char* err, size_t errlen) {
    try {
        std::unique_ptr<Layer> layer(new Layer());
        TensorInfo in_info = f32(TensorShape(w, h, c, n));
        TensorInfo w_info = depthwise ? f32(TensorShape(kw, kh, m)) : f32(TensorShape(kw, kh, c, m));
        TensorInfo b_info = f32(TensorShape(m));
        TensorInfo out_info = f32(TensorShape(ow, oh, m, n));
        PadStrideInfo conv_info(stride_w, stride_h, pad_left, pad_right, pad_top, pad_bottom,
                                DimensionRoundingType::FLOOR);
        Size2D dilation(dilation_w, dilation_h);
        ActivationLayerInfo act_info = activation(act, act_a, act_b);
        const TensorInfo* b = bias != nullptr ? &b_info : nullptr;
        Status valid = depthwise
            ? NEDepthwiseConvolutionLayer::validate(&in_info, &w_info, b, &out_info, conv_info, m / c, act_info,
                                                    dilation)
            : NEConvolutionLayer::validate(&in_info, &w_info, b, &out_info, conv_info, WeightsInfo(), dilation,
                                           act_info, false);
        if (!bool(valid)) {
            set_error(err, errlen, "ACL refuses this convolution: " + valid.error_description());
            return nullptr;
        }
        layer->input.allocator()->init(in_info);
        layer->weights.allocator()->init(w_info);
        layer->output.allocator()->init(out_info);
        if (bias != nullptr) {
            layer->bias.allocator()->init(b_info);
        }
        ITensor* bias_tensor = bias != nullptr ? &layer->bias : nullptr;
        if (depthwise) {
            auto f = std::make_unique<NEDepthwiseConvolutionLayer>();
            f->configure(&layer->input, &layer->weights, bias_tensor, &layer->output, conv_info, m / c, act_info,
                         dilation);
            layer->function = std::move(f);
        } else {
            auto f = std::make_unique<NEConvolutionLayer>();
            f->configure(&layer->input, &layer->weights, bias_tensor, &layer->output, conv_info, WeightsInfo(),
                         dilation, act_info, false);
            layer->function = std::move(f);
        }
        if (!unpadded(layer->input) || !unpadded(layer->output)) {
            set_error(err, errlen, "ACL asked for padded input/output tensors; Orpheus buffers cannot be imported");
            return nullptr;
        }
        if (!fill(layer->weights, weights, err, errlen, "weights")
            || (bias != nullptr && !fill(layer->bias, bias, err, errlen, "bias"))) {
            return nullptr;
        }
        return layer.release();
    } catch (const std::exception& e) {
        set_error(err, errlen, e.what());
    } catch (...) {
        set_error(err, errlen, "unknown C++ exception in ACL");
    }
    return nullptr;
}

ACL_SHIM_API int acl_conv_run(void* conv, const float* input, float* output, char* err, size_t errlen) {
    return run_layer(static_cast<Layer*>(conv), input, output, err, errlen);
}

ACL_SHIM_API void acl_conv_destroy(void* conv) {
    delete static_cast<Layer*>(conv);
}

// Y (M x N) = X (M x K) * W^T + bias, on NEFullyConnectedLayer. weights_nk != 0: W is stored row-major (N, K)
// (Gemm with transB=1), which ACL transposes itself; otherwise (K, N) (MatMul's B).
ACL_SHIM_API void* acl_fc_create(
        unsigned int m, unsigned int k, unsigned int n, int weights_nk, const float* weights, const float* bias,
        char* err, size_t errlen) {
    try {
        std::unique_ptr<Layer> layer(new Layer());
        TensorInfo in_info = f32(TensorShape(k, m));
        TensorInfo w_info = weights_nk ? f32(TensorShape(k, n)) : f32(TensorShape(n, k));
        TensorInfo b_info = f32(TensorShape(n));
        TensorInfo out_info = f32(TensorShape(n, m));
        FullyConnectedLayerInfo fc_info;
        fc_info.transpose_weights = weights_nk != 0;
        const TensorInfo* b = bias != nullptr ? &b_info : nullptr;
        Status valid = NEFullyConnectedLayer::validate(&in_info, &w_info, b, &out_info, fc_info);
        if (!bool(valid)) {
            set_error(err, errlen, "ACL refuses this fully connected layer: " + valid.error_description());
            return nullptr;
        }
        layer->input.allocator()->init(in_info);
        layer->weights.allocator()->init(w_info);
        layer->output.allocator()->init(out_info);
        if (bias != nullptr) {
            layer->bias.allocator()->init(b_info);
        }
        auto f = std::make_unique<NEFullyConnectedLayer>();
        f->configure(&layer->input, &layer->weights, bias != nullptr ? &layer->bias : nullptr, &layer->output,
                     fc_info);
        layer->function = std::move(f);
        if (!unpadded(layer->input) || !unpadded(layer->output)) {
            set_error(err, errlen, "ACL asked for padded input/output tensors; Orpheus buffers cannot be imported");
            return nullptr;
        }
        if (!fill(layer->weights, weights, err, errlen, "weights")
            || (bias != nullptr && !fill(layer->bias, bias, err, errlen, "bias"))) {
            return nullptr;
        }
        return layer.release();
    } catch (const std::exception& e) {
        set_error(err, errlen, e.what());
    } catch (...) {
        set_error(err, errlen, "unknown C++ exception in ACL");
    }
    return nullptr;
}

ACL_SHIM_API int acl_fc_run(void* fc, const float* input, float* output, char* err, size_t errlen) {
    return run_layer(static_cast<Layer*>(fc), input, output, err, errlen);
}

ACL_SHIM_API void acl_fc_destroy(void* fc) {
    delete static_cast<Layer*>(fc);
}
