package io.orpheus.backend.xnnpack;

import com.sun.jna.Pointer;

/**
 * XNNPACK's element-wise operators over (batch, channels) rows, by name: how to create one (with its
 * parameters) and how to set it up. Tensors here are contiguous, so rows are dense (stride = channels).
 */
enum UnaryOp {
    CLAMP("clamp_nc_f32"), LEAKY_RELU("leaky_relu_nc_f32"), ELU("elu_nc_f32"), SIGMOID("sigmoid_nc_f32"),
    HARDSWISH("hardswish_nc_f32"), ABS("abs_nc_f32"), NEGATE("negate_nc_f32"), FLOOR("floor_nc_f32"),
    CEILING("ceiling_nc_f32"), SQUARE_ROOT("square_root_nc_f32"), BANKERS_ROUNDING("bankers_rounding_nc_f32"),
    SOFTMAX("softmax_nc_f32");

    private final String operator;

    UnaryOp(String operator) {
        this.operator = operator;
    }

    String operator() {
        return operator;
    }

    /**
     * Creates the operator for rows of {@code channels}; {@code a} and {@code b} are its parameters
     * (clamp: min and max; leaky_relu: the negative slope; elu: alpha), ignored by the others.
     */
    Pointer create(XnnKernel k, long channels, float a, float b) {
        XnnpackLibrary lib = k.lib;
        long c = channels;
        return k.create("xnn_create_" + operator, out -> switch (this) {
            case CLAMP -> lib.xnn_create_clamp_nc_f32(c, c, c, a, b, 0, out);
            case LEAKY_RELU -> lib.xnn_create_leaky_relu_nc_f32(c, c, c, a, 0, out);
            case ELU -> lib.xnn_create_elu_nc_f32(c, c, c, a, 0, out);
            case SIGMOID -> lib.xnn_create_sigmoid_nc_f32(c, c, c, 0, out);
            case HARDSWISH -> lib.xnn_create_hardswish_nc_f32(c, c, c, 0, out);
            case ABS -> lib.xnn_create_abs_nc_f32(c, c, c, 0, out);
            case NEGATE -> lib.xnn_create_negate_nc_f32(c, c, c, 0, out);
            case FLOOR -> lib.xnn_create_floor_nc_f32(c, c, c, 0, out);
            case CEILING -> lib.xnn_create_ceiling_nc_f32(c, c, c, 0, out);
            case SQUARE_ROOT -> lib.xnn_create_square_root_nc_f32(c, c, c, 0, out);
            case BANKERS_ROUNDING -> lib.xnn_create_bankers_rounding_nc_f32(c, c, c, 0, out);
            case SOFTMAX -> lib.xnn_create_softmax_nc_f32(c, c, c, 0, out);
        });
    }

    /** Binds {@code rows} rows of input and output; returns the status. */
    int setup(XnnpackLibrary lib, Pointer op, long rows, Pointer in, Pointer out, Pointer pool) {
        return switch (this) {
            case CLAMP -> lib.xnn_setup_clamp_nc_f32(op, rows, in, out, pool);
            case LEAKY_RELU -> lib.xnn_setup_leaky_relu_nc_f32(op, rows, in, out, pool);
            case ELU -> lib.xnn_setup_elu_nc_f32(op, rows, in, out, pool);
            case SIGMOID -> lib.xnn_setup_sigmoid_nc_f32(op, rows, in, out, pool);
            case HARDSWISH -> lib.xnn_setup_hardswish_nc_f32(op, rows, in, out, pool);
            case ABS -> lib.xnn_setup_abs_nc_f32(op, rows, in, out, pool);
            case NEGATE -> lib.xnn_setup_negate_nc_f32(op, rows, in, out, pool);
            case FLOOR -> lib.xnn_setup_floor_nc_f32(op, rows, in, out, pool);
            case CEILING -> lib.xnn_setup_ceiling_nc_f32(op, rows, in, out, pool);
            case SQUARE_ROOT -> lib.xnn_setup_square_root_nc_f32(op, rows, in, out, pool);
            case BANKERS_ROUNDING -> lib.xnn_setup_bankers_rounding_nc_f32(op, rows, in, out, pool);
            case SOFTMAX -> lib.xnn_setup_softmax_nc_f32(op, rows, in, out, pool);
        };
    }
}
