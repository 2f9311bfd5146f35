package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import java.util.List;

/** Operators that produce values from attributes and scalars: Constant, ConstantOfShape, Range. */
final class ConstantOps {

    private ConstantOps() {
    }

    static List<OpImplementation> all() {
        return List.of(
                new TensorOp("Constant", (node, op) -> {
                    Tensor value = constantValue(node, op);
                    return ctx -> ctx.setOutput(0, value);
                }),
                new TensorOp("ConstantOfShape", (node, op) -> {
                    Attribute attr = node.node().attribute("value");
                    Tensor value = attr == null ? Tensor.of(new float[] {0f}, 1) : attr.asTensor().toHeap();
                    if (value.size() != 1) {
                        throw op.error(node, "attribute 'value' must hold one element, it holds " + value.size());
                    }
                    return ctx -> {
                        long[] shape = Indexing.longs(ctx.input(0));
                        for (long d : shape) {
                            if (d < 0) {
                                throw op.error(node, "negative dimension " + d + " in the requested shape");
                            }
                        }
                        Tensor out = ctx.output(0, value.dtype(), shape);
                        if (out.size() > 0) {
                            Elements.fill(value.array(), 0, out.array());
                        }
                    };
                }),
                new TensorOp("Range", ConstantOps::range));
    }

    private static Tensor constantValue(NodeContext node, TensorOp op) {
        Node n = node.node();
        if (n.attributes().size() != 1) {
            throw op.error(node, "needs exactly one value attribute, has " + n.attributes().keySet());
        }
        Attribute a = n.attributes().values().iterator().next();
        return switch (a.name()) {
            case "value", "sparse_value" -> a.asTensor();
            case "value_float" -> Tensor.of(new float[] {a.asFloat()});
            case "value_floats" -> {
                float[] v = a.asFloats();
                yield Tensor.of(v, v.length);
            }
            case "value_int" -> Tensor.of(new long[] {a.asInt()});
            case "value_ints" -> {
                long[] v = a.asInts();
                yield Tensor.of(v, v.length);
            }
            case "value_string" -> Tensor.wrap(DataType.STRING, new String[] {a.asString()});
            case "value_strings" -> {
                String[] v = a.asStrings().toArray(new String[0]);
                yield Tensor.wrap(DataType.STRING, v, v.length);
            }
            default -> throw op.error(node, "unknown value attribute '" + a.name() + "'");
        };
    }

    private static Kernel range(NodeContext node, TensorOp op) {
        return ctx -> {
            Tensor start = ctx.input(0).toHeap();
            Tensor limit = op.required(node, ctx, 1).toHeap();
            Tensor delta = op.required(node, ctx, 2).toHeap();
            DataType t = start.dtype();
            if (limit.dtype() != t || delta.dtype() != t) {
                throw op.error(node, "start, limit and delta differ in type");
            }
            if (t.isInteger()) {
                long s = start.getLong(0);
                long l = limit.getLong(0);
                long d = delta.getLong(0);
                if (d == 0) {
                    throw op.error(node, "delta is 0");
                }
                long span = l - s;
                long count = Math.max(0, span / d + ((span % d != 0 && (span < 0) == (d < 0)) ? 1 : 0));
                Tensor out = ctx.output(0, t, count);
                for (int i = 0; i < count; i++) {
                    out.setLong(i, s + i * d);
                }
            } else {
                double s = start.getDouble(0);
                double l = limit.getDouble(0);
                double d = delta.getDouble(0);
                if (d == 0) {
                    throw op.error(node, "delta is 0");
                }
                double steps = Math.ceil((l - s) / d);
                if (!(steps < Integer.MAX_VALUE)) {
                    throw op.error(node, "range of " + steps + " elements is too large");
                }
                long count = Math.max(0, (long) steps);
                Tensor out = ctx.output(0, t, count);
                for (int i = 0; i < count; i++) {
                    out.setDouble(i, s + i * d);
                }
            }
        };
    }
}
