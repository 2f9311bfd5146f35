package io.orpheus.backend.dnnl;

/**
 * Values of the oneDNN v2 enums and the layout of the structs this backend fills in, as libdnnl2 2.6
 * defines them (dnnl_types.h). The headers are not needed at build or run time: the values are part of
 * oneDNN's stable v2 ABI, and {@code MemoryDescLayoutTest} checks the struct layout against the library.
 */
final class DnnlConstants {

    private DnnlConstants() {
    }

    static final int SUCCESS = 0;

    static final int ENGINE_CPU = 1;
    static final int STREAM_DEFAULT_FLAGS = 1;

    static final int F32 = 3;
    static final int FORMAT_TAG_ANY = 1;
    static final int MAX_NDIMS = 12;

    /** sizeof(dnnl_memory_desc_t); ndims (int) at 0, dims (int64[12]) at 8, data_type (int) at 104. */
    static final int MEMORY_DESC_BYTES = 696;
    static final int MD_NDIMS_OFFSET = 0;
    static final int MD_DIMS_OFFSET = 8;
    static final int MD_DATA_TYPE_OFFSET = 104;

    /**
     * Room for any op descriptor this backend initialises: the largest, dnnl_convolution_desc_t, takes
     * 5976 bytes in 2.6; the init functions write the descriptor, nothing here reads it.
     */
    static final int OP_DESC_BYTES = 8192;

    /** sizeof(dnnl_exec_arg_t): int arg, then the dnnl_memory_t at 8. */
    static final int EXEC_ARG_BYTES = 16;

    static final int FORWARD_INFERENCE = 96;

    static final int CONVOLUTION_DIRECT = 0x1;
    static final int ELTWISE_RELU = 0x1f;
    static final int ELTWISE_TANH = 0x2f;
    static final int ELTWISE_ELU = 0x3f;
    static final int ELTWISE_LINEAR = 0x7f;
    static final int ELTWISE_LOGISTIC = 0xaf;
    static final int ELTWISE_HARDSWISH = 0x70;
    /** min(max(x, alpha), beta): both bounds inclusive. */
    static final int ELTWISE_CLIP_V2 = 0x10;
    static final int POOLING_MAX = 0x1ff;
    static final int POOLING_AVG_INCLUDE_PADDING = 0x2ff;
    static final int POOLING_AVG_EXCLUDE_PADDING = 0x3ff;
    static final int BINARY_ADD = 0x1fff0;
    static final int BINARY_MUL = 0x1fff1;

    static final int BN_USE_GLOBAL_STATS = 0x1;
    static final int BN_USE_SCALE = 0x8;
    static final int BN_USE_SHIFT = 0x10;

    static final int SCRATCHPAD_MODE_USER = 1;

    static final int ARG_SRC = 1;
    static final int ARG_SRC_1 = 2;
    static final int ARG_DST = 17;
    static final int ARG_WEIGHTS = 33;
    static final int ARG_BIAS = 41;
    static final int ARG_MEAN = 49;
    static final int ARG_VARIANCE = 50;
    static final int ARG_SCALE = 51;
    static final int ARG_SHIFT = 52;
    static final int ARG_SCRATCHPAD = 80;
    static final int ARG_MULTIPLE_SRC = 1024;
    static final int ARG_FROM = ARG_SRC;
    static final int ARG_TO = ARG_DST;

    static final int QUERY_IMPL_INFO_STR = 8;
    static final int QUERY_SRC_MD = 129;
    static final int QUERY_WEIGHTS_MD = 131;
    static final int QUERY_DST_MD = 133;
    static final int QUERY_SCRATCHPAD_MD = 136;

    static String statusName(int status) {
        return switch (status) {
            case 0 -> "success";
            case 1 -> "out_of_memory";
            case 2 -> "invalid_arguments";
            case 3 -> "unimplemented";
            case 4 -> "iterator_ends";
            case 5 -> "runtime_error";
            case 6 -> "not_required";
            default -> "status " + status;
        };
    }

    static String isaName(int isa) {
        return switch (isa) {
            case 0x0 -> "all";
            case 0x1 -> "sse41";
            case 0x3 -> "avx";
            case 0x7 -> "avx2";
            case 0xf -> "avx512_mic";
            case 0x1f -> "avx512_mic_4ops";
            case 0x27 -> "avx512_core";
            case 0x67 -> "avx512_core_vnni";
            case 0xe7 -> "avx512_core_bf16";
            case 0x3e7 -> "avx512_core_amx";
            case 0x407 -> "avx2_vnni";
            default -> "isa 0x" + Integer.toHexString(isa);
        };
    }
}
