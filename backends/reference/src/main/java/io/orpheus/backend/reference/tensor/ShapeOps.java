package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Operators that only reinterpret the shape (their outputs are views sharing the input's elements)
 * and the shape queries Shape and Size.
 */
final class ShapeOps {

    private ShapeOps() {
    }

    static List<OpImplementation> all() {
        return List.of(
                new TensorOp("Reshape", ShapeOps::reshape),
                new TensorOp("Flatten", (node, op) -> {
                    long axisAttr = node.node().attrInt("axis", 1);
                    return ctx -> {
                        Tensor x = ctx.input(0);
                        int rank = x.rank();
                        long axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
                        if (axis < 0 || axis > rank) {
                            throw op.error(node, "axis " + axisAttr + " is out of range for rank " + rank);
                        }
                        long outer = 1;
                        for (int i = 0; i < axis; i++) {
                            outer *= x.dim(i);
                        }
                        long inner = 1;
                        for (int i = (int) axis; i < rank; i++) {
                            inner *= x.dim(i);
                        }
                        ctx.setOutput(0, x.reshape(outer, inner));
                    };
                }),
                new TensorOp("Squeeze", (node, op) -> {
                    long[] attrAxes = node.opVersion() < 13 ? node.node().attrInts("axes", null) : null;
                    return ctx -> {
                        Tensor x = ctx.input(0);
                        long[] axes = node.opVersion() < 13 ? attrAxes
                                : TensorOp.optional(ctx, 1) == null ? null : Indexing.longs(ctx.input(1));
                        ctx.setOutput(0, x.reshape(squeezed(op, node, x.shape(), axes)));
                    };
                }),
                new TensorOp("Unsqueeze", (node, op) -> {
                    long[] attrAxes = node.opVersion() < 13 ? node.node().attrInts("axes", null) : null;
                    if (node.opVersion() < 13 && attrAxes == null) {
                        throw op.error(node, "attribute 'axes' is required");
                    }
                    return ctx -> {
                        Tensor x = ctx.input(0);
                        long[] axes = node.opVersion() < 13 ? attrAxes : Indexing.longs(op.required(node, ctx, 1));
                        ctx.setOutput(0, x.reshape(unsqueezed(op, node, x.shape(), axes)));
                    };
                }),
                new TensorOp("Identity", (node, op) -> ctx -> ctx.setOutput(0, ctx.input(0))),
                new TensorOp("Dropout", ShapeOps::dropout),
                new TensorOp("Shape", (node, op) -> {
                    long startAttr = node.node().attrInt("start", 0);
                    Long endAttr = node.node().has("end") ? node.node().attrInt("end", 0) : null;
                    return ctx -> {
                        long[] shape = ctx.input(0).shape();
                        int r = shape.length;
                        int start = clampIndex(startAttr, r);
                        int end = endAttr == null ? r : clampIndex(endAttr, r);
                        long[] part = start < end ? Arrays.copyOfRange(shape, start, end) : new long[0];
                        Tensor out = ctx.output(0, DataType.INT64, part.length);
                        System.arraycopy(part, 0, out.longs(), 0, part.length);
                    };
                }),
                new TensorOp("Size", (node, op) -> ctx -> {
                    Tensor out = ctx.output(0, DataType.INT64);
                    out.longs()[0] = ctx.input(0).size();
                }));
    }

    private static int clampIndex(long v, int rank) {
        long x = v < 0 ? v + rank : v;
        return (int) Math.max(0, Math.min(rank, x));
    }

    private static io.orpheus.api.backend.Kernel reshape(NodeContext node, TensorOp op) {
        boolean allowZero = node.node().attrInt("allowzero", 0) != 0;
        long[] attrShape = node.opVersion() < 5 ? node.node().attrInts("shape", null) : null;
        if (node.opVersion() < 5 && attrShape == null) {
            throw op.error(node, "attribute 'shape' is required");
        }
        return ctx -> {
            Tensor x = ctx.input(0);
            long[] requested = attrShape != null ? attrShape : Indexing.longs(op.required(node, ctx, 1));
            ctx.setOutput(0, x.reshape(reshaped(op, node, x.shape(), requested, allowZero)));
        };
    }

    /** Resolves Reshape's target: 0 copies the input dim (unless allowzero), -1 takes what is left. */
    static long[] reshaped(TensorOp op, NodeContext node, long[] in, long[] requested, boolean allowZero) {
        long[] out = requested.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == -1) {
                if (inferred >= 0) {
                    throw op.error(node, "more than one -1 in shape " + Arrays.toString(requested));
                }
                inferred = i;
                continue;
            }
            if (out[i] == 0 && !allowZero) {
                if (i >= in.length) {
                    throw op.error(node, "shape " + Arrays.toString(requested) + " copies dim " + i
                            + " of an input of rank " + in.length);
                }
                out[i] = in[i];
            }
            if (out[i] < 0) {
                throw op.error(node, "invalid dim " + out[i] + " in shape " + Arrays.toString(requested));
            }
            known *= out[i];
        }
        long total = Shapes.size(in);
        if (inferred >= 0) {
            if (known == 0 || total % known != 0) {
                throw op.error(node, "cannot infer -1 reshaping " + Arrays.toString(in) + " to "
                        + Arrays.toString(requested));
            }
            out[inferred] = total / known;
        } else if (known != total) {
            throw op.error(node, "cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(requested));
        }
        return out;
    }

    static long[] squeezed(TensorOp op, NodeContext node, long[] in, long[] axes) {
        boolean[] drop = new boolean[in.length];
        if (axes == null || axes.length == 0) {
            for (int i = 0; i < in.length; i++) {
                drop[i] = in[i] == 1;
            }
        } else {
            int[] norm = Indexing.axes(axes, in.length);
            for (int a : norm) {
                if (in[a] != 1) {
                    throw op.error(node, "cannot squeeze axis " + a + " of size " + in[a]);
                }
                drop[a] = true;
            }
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < in.length; i++) {
            if (!drop[i]) {
                out.add(in[i]);
            }
        }
        return out.stream().mapToLong(Long::longValue).toArray();
    }

    static long[] unsqueezed(TensorOp op, NodeContext node, long[] in, long[] axes) {
        int rank = in.length + axes.length;
        int[] norm = Indexing.axes(axes, rank);
        boolean[] inserted = new boolean[rank];
        for (int a : norm) {
            inserted[a] = true;
        }
        long[] out = new long[rank];
        int j = 0;
        for (int i = 0; i < rank; i++) {
            out[i] = inserted[i] ? 1 : in[j++];
        }
        return out;
    }

    private static io.orpheus.api.backend.Kernel dropout(NodeContext node, TensorOp op) {
        int version = node.opVersion();
        float ratioAttr = node.node().attrFloat("ratio", 0.5f);
        return ctx -> {
            Tensor x = ctx.input(0);
            if (version >= 12) {
                Tensor trainingMode = TensorOp.optional(ctx, 2);
                Tensor ratioInput = TensorOp.optional(ctx, 1);
                boolean training = trainingMode != null && trainingMode.toHeap().getLong(0) != 0;
                double ratio = ratioInput == null ? 0.5 : ratioInput.toHeap().getDouble(0);
                if (training && ratio > 0) {
                    throw op.error(node, "training_mode is true with ratio " + ratio
                            + ": training dropout is not inference");
                }
            } else if (ratioAttr < 0 || ratioAttr > 1) {
                throw op.error(node, "ratio " + ratioAttr + " is outside [0, 1]");
            }
            ctx.setOutput(0, x);
            writeMask(ctx, version, x);
        };
    }

    private static void writeMask(KernelContext ctx, int version, Tensor x) {
        if (ctx.outputCount() < 2 || !ctx.isOutputRequested(1)) {
            return;
        }
        // Every element is kept at inference, so the mask is all true (all ones before opset 10).
        Tensor mask = ctx.output(1, version >= 10 ? DataType.BOOL : x.dtype(), x.shape());
        for (int i = 0; i < mask.size(); i++) {
            mask.setLong(i, 1);
        }
    }
}
