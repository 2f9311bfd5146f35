package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import java.util.Arrays;
import java.util.List;

/** Operators that move elements without computing on them: Transpose, Concat, Split, Slice, Pad, Expand, Tile, Gather. */
final class MovementOps {

    private MovementOps() {
    }

    static List<OpImplementation> all() {
        return List.of(
                new TensorOp("Transpose", MovementOps::transpose),
                new TensorOp("Concat", MovementOps::concat),
                new TensorOp("Split", MovementOps::split),
                new TensorOp("Slice", MovementOps::slice),
                new TensorOp("Pad", MovementOps::pad),
                new TensorOp("Expand", (node, op) -> ctx -> {
                    Tensor x = ctx.input(0);
                    long[] target = Indexing.longs(op.required(node, ctx, 1));
                    long[] shape = Shapes.broadcast(x.shape(), target);
                    Tensor out = ctx.output(0, x.dtype(), shape);
                    int[] map = Indexing.broadcastOffsets(x.shape(), shape);
                    Elements.gatherInto(x, map == null ? Indexing.identity(out.size()) : map, out);
                }),
                new TensorOp("Tile", (node, op) -> ctx -> {
                    Tensor x = ctx.input(0);
                    long[] repeats = Indexing.longs(op.required(node, ctx, 1));
                    long[] in = x.shape();
                    if (repeats.length != in.length) {
                        throw op.error(node, "repeats has " + repeats.length + " entries for rank " + in.length);
                    }
                    int[][] src = new int[in.length][];
                    long[] shape = new long[in.length];
                    for (int d = 0; d < in.length; d++) {
                        if (repeats[d] < 0) {
                            throw op.error(node, "negative repeat " + repeats[d]);
                        }
                        shape[d] = in[d] * repeats[d];
                        src[d] = new int[Math.toIntExact(shape[d])];
                        for (int c = 0; c < src[d].length; c++) {
                            src[d][c] = (int) (c % in[d]);
                        }
                    }
                    Elements.gatherInto(x, Indexing.axisWiseOffsets(in, src), ctx.output(0, x.dtype(), shape));
                }),
                new TensorOp("Gather", MovementOps::gather));
    }

    private static Kernel transpose(NodeContext node, TensorOp op) {
        long[] permAttr = node.node().attrInts("perm", null);
        return ctx -> {
            Tensor x = ctx.input(0);
            long[] in = x.shape();
            int rank = in.length;
            long[] perm = permAttr;
            if (perm == null) {
                perm = new long[rank];
                for (int i = 0; i < rank; i++) {
                    perm[i] = rank - 1 - i;
                }
            }
            if (perm.length != rank) {
                throw op.error(node, "perm " + Arrays.toString(perm) + " does not match rank " + rank);
            }
            int[] p;
            try {
                p = Indexing.axes(perm, rank);
            } catch (IllegalArgumentException e) {
                throw op.error(node, "invalid perm " + Arrays.toString(perm) + ": " + e.getMessage());
            }
            int[] inStrides = Shapes.strides(in);
            long[] shape = new long[rank];
            int[] strides = new int[rank];
            for (int i = 0; i < rank; i++) {
                shape[i] = in[p[i]];
                strides[i] = inStrides[p[i]];
            }
            Tensor out = ctx.output(0, x.dtype(), shape);
            int[] map = new int[out.size()];
            Indexing.fillOffsets(shape, strides, map);
            Elements.gatherInto(x, map, out);
        };
    }

    private static Kernel concat(NodeContext node, TensorOp op) {
        long axisAttr = node.node().attrInt("axis", node.opVersion() < 4 ? 1 : Long.MIN_VALUE);
        if (axisAttr == Long.MIN_VALUE) {
            throw op.error(node, "attribute 'axis' is required");
        }
        return ctx -> {
            int n = ctx.inputCount();
            Tensor[] ins = new Tensor[n];
            for (int i = 0; i < n; i++) {
                ins[i] = ctx.input(i).toHeap();
            }
            long[] shape = ins[0].shape();
            int rank = shape.length;
            int axis = Shapes.axis(axisAttr, rank);
            long total = 0;
            for (Tensor t : ins) {
                long[] s = t.shape();
                if (s.length != rank || t.dtype() != ins[0].dtype()) {
                    throw op.error(node, "cannot concatenate " + t + " with " + ins[0]);
                }
                for (int d = 0; d < rank; d++) {
                    if (d != axis && s[d] != shape[d]) {
                        throw op.error(node, "cannot concatenate " + Arrays.toString(s) + " with "
                                + Arrays.toString(shape) + " on axis " + axis);
                    }
                }
                total += s[axis];
            }
            long[] outShape = shape.clone();
            outShape[axis] = total;
            Tensor out = ctx.output(0, ins[0].dtype(), outShape);
            int outer = outer(outShape, axis);
            int innerUnit = inner(outShape, axis);
            int outBlock = (int) total * innerUnit;
            int at = 0;
            for (Tensor t : ins) {
                int block = t.dim(axis) * innerUnit;
                for (int o = 0; o < outer; o++) {
                    System.arraycopy(t.array(), o * block, out.array(), o * outBlock + at, block);
                }
                at += block;
            }
        };
    }

    private static int outer(long[] shape, int axis) {
        int n = 1;
        for (int d = 0; d < axis; d++) {
            n *= (int) shape[d];
        }
        return n;
    }

    private static int inner(long[] shape, int axis) {
        int n = 1;
        for (int d = axis + 1; d < shape.length; d++) {
            n *= (int) shape[d];
        }
        return n;
    }

    private static Kernel split(NodeContext node, TensorOp op) {
        int version = node.opVersion();
        long axisAttr = node.node().attrInt("axis", 0);
        long[] splitAttr = version < 13 ? node.node().attrInts("split", null) : null;
        long numOutputs = node.node().attrInt("num_outputs", 0);
        return ctx -> {
            Tensor x = ctx.input(0).toHeap();
            long[] shape = x.shape();
            int axis = Shapes.axis(axisAttr, shape.length);
            long dim = shape[axis];
            int outputs = ctx.outputCount();
            long[] sizes = splitAttr;
            if (sizes == null && (version >= 13 || version < 2) && TensorOp.optional(ctx, 1) != null) {
                sizes = Indexing.longs(ctx.input(1));
            }
            if (sizes == null) {
                if (numOutputs > 0 && numOutputs != outputs) {
                    throw op.error(node, "num_outputs " + numOutputs + " but the node has " + outputs + " outputs");
                }
                sizes = new long[outputs];
                if (version >= 18) {
                    long chunk = (dim + outputs - 1) / outputs;
                    long left = dim;
                    for (int i = 0; i < outputs; i++) {
                        sizes[i] = Math.min(chunk, left);
                        left -= sizes[i];
                    }
                } else {
                    if (dim % outputs != 0) {
                        throw op.error(node, "axis of size " + dim + " cannot be split evenly in " + outputs);
                    }
                    Arrays.fill(sizes, dim / outputs);
                }
            }
            if (sizes.length != outputs || Arrays.stream(sizes).sum() != dim
                    || Arrays.stream(sizes).anyMatch(s -> s < 0)) {
                throw op.error(node, "split " + Arrays.toString(sizes) + " does not divide an axis of size " + dim
                        + " into " + outputs + " outputs");
            }
            int outer = outer(shape, axis);
            int innerUnit = inner(shape, axis);
            int inBlock = (int) dim * innerUnit;
            int at = 0;
            for (int i = 0; i < outputs; i++) {
                int block = (int) sizes[i] * innerUnit;
                if (ctx.isOutputRequested(i)) {
                    long[] s = shape.clone();
                    s[axis] = sizes[i];
                    Tensor out = ctx.output(i, x.dtype(), s);
                    for (int o = 0; o < outer; o++) {
                        System.arraycopy(x.array(), o * inBlock + at, out.array(), o * block, block);
                    }
                }
                at += block;
            }
        };
    }

    private static Kernel slice(NodeContext node, TensorOp op) {
        int version = node.opVersion();
        long[] startsAttr = version < 10 ? node.node().attrInts("starts", null) : null;
        long[] endsAttr = version < 10 ? node.node().attrInts("ends", null) : null;
        long[] axesAttr = version < 10 ? node.node().attrInts("axes", null) : null;
        if (version < 10 && (startsAttr == null || endsAttr == null)) {
            throw op.error(node, "attributes 'starts' and 'ends' are required");
        }
        return ctx -> {
            Tensor x = ctx.input(0);
            long[] starts = version < 10 ? startsAttr : Indexing.longs(op.required(node, ctx, 1));
            long[] ends = version < 10 ? endsAttr : Indexing.longs(op.required(node, ctx, 2));
            long[] axes = version < 10 ? axesAttr : optionalLongs(TensorOp.optional(ctx, 3));
            long[] steps = version < 10 ? null : optionalLongs(TensorOp.optional(ctx, 4));
            long[] in = x.shape();
            int rank = in.length;
            if (axes == null) {
                axes = new long[starts.length];
                for (int i = 0; i < axes.length; i++) {
                    axes[i] = i;
                }
            }
            if (steps == null) {
                steps = new long[starts.length];
                Arrays.fill(steps, 1);
            }
            if (ends.length != starts.length || axes.length != starts.length || steps.length != starts.length) {
                throw op.error(node, "starts, ends, axes and steps differ in length");
            }
            int[] normAxes = Indexing.axes(axes, rank);
            int[][] src = new int[rank][];
            for (int d = 0; d < rank; d++) {
                src[d] = Indexing.identity((int) in[d]);
            }
            for (int i = 0; i < normAxes.length; i++) {
                int d = normAxes[i];
                long dim = in[d];
                long step = steps[i];
                if (step == 0) {
                    throw op.error(node, "step 0 on axis " + d);
                }
                long start = starts[i] < 0 ? starts[i] + dim : starts[i];
                long end = ends[i] < 0 ? ends[i] + dim : ends[i];
                long count;
                if (dim == 0) {
                    count = 0;
                } else if (step > 0) {
                    start = Math.clamp(start, 0, dim);
                    end = Math.clamp(end, 0, dim);
                    count = end > start ? (end - start + step - 1) / step : 0;
                } else {
                    start = Math.clamp(start, 0, dim - 1);
                    end = Math.clamp(end, -1, dim - 1);
                    count = start > end ? (start - end + (-step) - 1) / (-step) : 0;
                }
                src[d] = new int[(int) count];
                for (int k = 0; k < count; k++) {
                    src[d][k] = (int) (start + k * step);
                }
            }
            long[] shape = new long[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = src[d].length;
            }
            Elements.gatherInto(x, Indexing.axisWiseOffsets(in, src), ctx.output(0, x.dtype(), shape));
        };
    }

    private static long[] optionalLongs(Tensor t) {
        return t == null ? null : Indexing.longs(t);
    }

    private static Kernel pad(NodeContext node, TensorOp op) {
        int version = node.opVersion();
        String mode = node.node().attrString("mode", "constant");
        if (!List.of("constant", "reflect", "edge", "wrap").contains(mode) || (mode.equals("wrap") && version < 19)) {
            throw op.error(node, "unsupported mode '" + mode + "'");
        }
        long[] padsAttr = version < 11 ? node.node().attrInts(version < 2 ? "paddings" : "pads", null) : null;
        float valueAttr = node.node().attrFloat("value", 0f);
        if (version < 11 && padsAttr == null) {
            throw op.error(node, "attribute 'pads' is required");
        }
        return ctx -> {
            Tensor x = ctx.input(0).toHeap();
            long[] in = x.shape();
            int rank = in.length;
            long[] pads = version < 11 ? padsAttr : Indexing.longs(op.required(node, ctx, 1));
            Tensor value = version >= 11 ? TensorOp.optional(ctx, 2) : null;
            long[] axesIn = version >= 18 ? optionalLongs(TensorOp.optional(ctx, 3)) : null;
            int[] axes;
            if (axesIn == null) {
                axes = Indexing.identity(rank);
            } else {
                axes = Indexing.axes(axesIn, rank);
            }
            if (pads.length != 2 * axes.length) {
                throw op.error(node, "pads " + Arrays.toString(pads) + " do not match " + axes.length + " axes");
            }
            long[] begin = new long[rank];
            long[] end = new long[rank];
            for (int i = 0; i < axes.length; i++) {
                begin[axes[i]] = pads[i];
                end[axes[i]] = pads[i + axes.length];
            }
            int[][] src = new int[rank][];
            long[] shape = new long[rank];
            for (int d = 0; d < rank; d++) {
                shape[d] = in[d] + begin[d] + end[d];
                if (shape[d] < 0) {
                    throw op.error(node, "pads crop axis " + d + " of size " + in[d] + " below zero");
                }
                if (in[d] == 0 && shape[d] > 0 && !mode.equals("constant")) {
                    throw op.error(node, "cannot pad an empty axis in mode '" + mode + "'");
                }
                src[d] = new int[(int) shape[d]];
                for (int c = 0; c < shape[d]; c++) {
                    src[d][c] = sourceCoordinate(c - begin[d], in[d], mode);
                }
            }
            Tensor out = ctx.output(0, x.dtype(), shape);
            if (mode.equals("constant")) {
                Tensor fill = value != null ? value.toHeap() : constant(x.dtype(), valueAttr);
                if (fill.dtype() != x.dtype()) {
                    throw op.error(node, "constant_value is " + fill.dtype() + " but data is " + x.dtype());
                }
                if (fill.size() > 0) {
                    Elements.fill(fill.array(), 0, out.array());
                }
            }
            Elements.gatherInto(x, Indexing.axisWiseOffsets(in, src), out);
        };
    }

    private static Tensor constant(DataType dtype, float v) {
        Tensor t = Tensor.allocate(dtype, 1);
        if (dtype != DataType.STRING) {
            t.setDouble(0, v);
        }
        return t;
    }

    /** The input coordinate read at (possibly out-of-range) coordinate {@code c}, or -1 for the constant. */
    static int sourceCoordinate(long c, long dim, String mode) {
        if (c >= 0 && c < dim) {
            return (int) c;
        }
        return switch (mode) {
            case "edge" -> (int) Math.clamp(c, 0, dim - 1);
            case "wrap" -> (int) Math.floorMod(c, dim);
            case "reflect" -> {
                if (dim == 1) {
                    yield 0;
                }
                long period = 2 * (dim - 1);
                long m = Math.floorMod(c, period);
                yield (int) (m < dim ? m : period - m);
            }
            default -> -1;
        };
    }

    private static Kernel gather(NodeContext node, TensorOp op) {
        long axisAttr = node.node().attrInt("axis", 0);
        return ctx -> {
            Tensor data = ctx.input(0);
            Tensor indices = op.required(node, ctx, 1).toHeap();
            long[] in = data.shape();
            int axis = Shapes.axis(axisAttr, in.length);
            long[] idxShape = indices.shape();
            long[] shape = new long[in.length - 1 + idxShape.length];
            System.arraycopy(in, 0, shape, 0, axis);
            System.arraycopy(idxShape, 0, shape, axis, idxShape.length);
            System.arraycopy(in, axis + 1, shape, axis + idxShape.length, in.length - axis - 1);
            int outer = outer(in, axis);
            int innerUnit = inner(in, axis);
            long dim = in[axis];
            int count = indices.size();
            int[] map = new int[Shapes.size(shape)];
            int at = 0;
            for (int o = 0; o < outer; o++) {
                for (int j = 0; j < count; j++) {
                    long k = indices.getLong(j);
                    long idx = k < 0 ? k + dim : k;
                    if (idx < 0 || idx >= dim) {
                        throw op.error(node, "index " + k + " is out of range for an axis of size " + dim);
                    }
                    int base = (int) ((o * dim + idx) * innerUnit);
                    for (int i = 0; i < innerUnit; i++) {
                        map[at++] = base + i;
                    }
                }
            }
            Elements.gatherInto(data, map, ctx.output(0, data.dtype(), shape));
        };
    }
}
