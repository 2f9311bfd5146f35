package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import java.util.List;

/** Cast (to a type named by attribute) and CastLike (to the type of a second input). */
final class CastOps {

    private CastOps() {
    }

    static List<OpImplementation> all() {
        return List.of(
                new TensorOp("Cast", (node, op) -> {
                    if (!node.node().has("to")) {
                        throw op.error(node, "attribute 'to' is required");
                    }
                    long code = node.node().attrInt("to", 0);
                    DataType to = DataType.fromOnnx((int) code);
                    if (to == null || to == DataType.COMPLEX64 || to == DataType.COMPLEX128) {
                        throw op.error(node, "cannot cast to data type " + code);
                    }
                    return cast(node, op, options(node, op), to);
                }),
                new TensorOp("CastLike", (node, op) -> cast(node, op, options(node, op), null)));
    }

    private static Conversions.Options options(NodeContext node, TensorOp op) {
        boolean saturate = node.opVersion() < 19 || node.node().attrInt("saturate", 1) != 0;
        String roundMode = node.node().attrString("round_mode", "up");
        if (!List.of("up", "down", "nearest").contains(roundMode)) {
            throw op.error(node, "unknown round_mode '" + roundMode + "'");
        }
        return new Conversions.Options(saturate, roundMode);
    }

    /** {@code fixedTarget} null: the target is the type of input 1 (CastLike). */
    private static Kernel cast(NodeContext node, TensorOp op, Conversions.Options options, DataType fixedTarget) {
        return ctx -> {
            Tensor x = ctx.input(0);
            DataType to = fixedTarget != null ? fixedTarget : op.required(node, ctx, 1).dtype();
            if (x.dtype() == DataType.COMPLEX64 || x.dtype() == DataType.COMPLEX128) {
                throw op.error(node, "cannot cast from " + x.dtype());
            }
            Tensor out = ctx.output(0, to, x.shape());
            Conversions.convert(x, out, options);
        };
    }
}
