package io.orpheus.onnx;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.SparseTensorProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import io.orpheus.onnx.proto.Onnx.TypeProto;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Decodes node attributes of every kind. Subgraphs go back to the graph importer (through
 * {@code subgraphs}) so that their nesting is depth-limited and checked like the main graph.
 */
final class AttributeDecoder {
    private final ImportContext ctx;
    private final BiFunction<GraphProto, String, Graph> subgraphs;

    AttributeDecoder(ImportContext ctx, BiFunction<GraphProto, String, Graph> subgraphs) {
        this.ctx = ctx;
        this.subgraphs = subgraphs;
    }

    Attribute decode(AttributeProto a, String nodeElement) {
        String element = nodeElement + " attribute '" + a.getName() + "'";
        if (a.getName().isEmpty()) {
            throw ctx.error(nodeElement, "attribute without a name");
        }
        AttributeType kind = kind(a, element);
        if (a.hasRefAttrName() && !a.getRefAttrName().isEmpty()) {
            return Attribute.reference(a.getName(), kind, a.getRefAttrName());
        }
        return switch (kind) {
            case FLOAT -> Attribute.of(a.getName(), kind, a.getF());
            case INT -> Attribute.of(a.getName(), kind, a.getI());
            case STRING -> Attribute.of(a.getName(), kind, a.getS().toString(StandardCharsets.UTF_8));
            case TENSOR -> Attribute.of(a.getName(), kind, TensorDecoder.decode(a.getT(), element, ctx));
            case GRAPH -> Attribute.of(a.getName(), kind, subgraphs.apply(a.getG(), element));
            case SPARSE_TENSOR -> Attribute.of(a.getName(), kind, densify(a.getSparseTensor(), element, ctx));
            case TYPE_PROTO -> Attribute.of(a.getName(), kind, type(a.getTp(), element));
            case FLOATS -> {
                float[] v = new float[a.getFloatsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getFloats(i);
                }
                yield Attribute.of(a.getName(), kind, v);
            }
            case INTS -> {
                long[] v = new long[a.getIntsCount()];
                for (int i = 0; i < v.length; i++) {
                    v[i] = a.getInts(i);
                }
                yield Attribute.of(a.getName(), kind, v);
            }
            case STRINGS -> Attribute.of(a.getName(), kind,
                    a.getStringsList().stream().map(s -> s.toString(StandardCharsets.UTF_8)).toList());
            case TENSORS -> {
                List<Tensor> v = new ArrayList<>();
                for (int i = 0; i < a.getTensorsCount(); i++) {
                    v.add(TensorDecoder.decode(a.getTensors(i), element + "[" + i + "]", ctx));
                }
                yield Attribute.of(a.getName(), kind, v);
            }
            case GRAPHS -> {
                List<Graph> v = new ArrayList<>();
                for (int i = 0; i < a.getGraphsCount(); i++) {
                    v.add(subgraphs.apply(a.getGraphs(i), element + "[" + i + "]"));
                }
                yield Attribute.of(a.getName(), kind, v);
            }
            case SPARSE_TENSORS -> {
                List<Tensor> v = new ArrayList<>();
                for (int i = 0; i < a.getSparseTensorsCount(); i++) {
                    v.add(densify(a.getSparseTensors(i), element + "[" + i + "]", ctx));
                }
                yield Attribute.of(a.getName(), kind, v);
            }
            case TYPE_PROTOS -> {
                List<ValueInfo> v = new ArrayList<>();
                for (int i = 0; i < a.getTypeProtosCount(); i++) {
                    v.add(type(a.getTypeProtos(i), element + "[" + i + "]"));
                }
                yield Attribute.of(a.getName(), kind, v);
            }
        };
    }

    private ValueInfo type(TypeProto tp, String element) {
        return TypeDecoder.type(tp, "", "", element, ctx);
    }

    /** The declared kind, or for files that leave it unset (IR 3 and earlier) the kind of the field that is set. */
    private AttributeType kind(AttributeProto a, String element) {
        if (a.hasType() && a.getType() != 0) {
            return switch (a.getType()) {
                case 1 -> AttributeType.FLOAT;
                case 2 -> AttributeType.INT;
                case 3 -> AttributeType.STRING;
                case 4 -> AttributeType.TENSOR;
                case 5 -> AttributeType.GRAPH;
                case 6 -> AttributeType.FLOATS;
                case 7 -> AttributeType.INTS;
                case 8 -> AttributeType.STRINGS;
                case 9 -> AttributeType.TENSORS;
                case 10 -> AttributeType.GRAPHS;
                case 11 -> AttributeType.SPARSE_TENSOR;
                case 12 -> AttributeType.SPARSE_TENSORS;
                case 13 -> AttributeType.TYPE_PROTO;
                case 14 -> AttributeType.TYPE_PROTOS;
                default -> throw ctx.error(element, "unknown attribute type " + a.getType());
            };
        }
        if (a.hasF()) {
            return AttributeType.FLOAT;
        } else if (a.hasI()) {
            return AttributeType.INT;
        } else if (a.hasS()) {
            return AttributeType.STRING;
        } else if (a.hasT()) {
            return AttributeType.TENSOR;
        } else if (a.hasG()) {
            return AttributeType.GRAPH;
        } else if (a.hasSparseTensor()) {
            return AttributeType.SPARSE_TENSOR;
        } else if (a.hasTp()) {
            return AttributeType.TYPE_PROTO;
        } else if (a.getFloatsCount() > 0) {
            return AttributeType.FLOATS;
        } else if (a.getIntsCount() > 0) {
            return AttributeType.INTS;
        } else if (a.getStringsCount() > 0) {
            return AttributeType.STRINGS;
        } else if (a.getTensorsCount() > 0) {
            return AttributeType.TENSORS;
        } else if (a.getGraphsCount() > 0) {
            return AttributeType.GRAPHS;
        } else if (a.getSparseTensorsCount() > 0) {
            return AttributeType.SPARSE_TENSORS;
        } else if (a.getTypeProtosCount() > 0) {
            return AttributeType.TYPE_PROTOS;
        }
        throw ctx.error(element, "attribute has neither a type nor a value");
    }

    /**
     * A dense tensor of the sparse tensor's shape with its values placed at their indices:
     * indices are either [NNZ] linear positions or [NNZ, rank] coordinates.
     */
    static Tensor densify(SparseTensorProto s, String element, ImportContext ctx) {
        Tensor values = TensorDecoder.decode(s.getValues(), element + " values", ctx);
        long[] dims = s.getDimsList().stream().mapToLong(Long::longValue).toArray();
        long count = TensorDecoder.checkedCount(dims, values.dtype(), element, ctx);
        if (values.rank() != 1) {
            throw ctx.error(element, "sparse values must be 1-D, got rank " + values.rank());
        }
        int nnz = values.size();
        long[] linear = new long[nnz];
        if (nnz > 0 || s.hasIndices()) {
            Tensor indices = TensorDecoder.decode(s.getIndices(), element + " indices", ctx);
            if (indices.dtype() != DataType.INT64) {
                throw ctx.error(element, "sparse indices must be INT64, got " + indices.dtype());
            }
            long[] idx = indices.longs();
            if (indices.rank() == 1 && indices.dim(0) == nnz) {
                System.arraycopy(idx, 0, linear, 0, nnz);
            } else if (indices.rank() == 2 && indices.dim(0) == nnz && indices.dim(1) == dims.length) {
                for (int k = 0; k < nnz; k++) {
                    long pos = 0;
                    for (int d = 0; d < dims.length; d++) {
                        long c = idx[k * dims.length + d];
                        if (c < 0 || c >= dims[d]) {
                            throw ctx.error(element, "sparse index " + c + " out of range for dimension " + d
                                    + " of size " + dims[d]);
                        }
                        pos = pos * dims[d] + c;
                    }
                    linear[k] = pos;
                }
            } else {
                throw ctx.error(element, "sparse indices of shape " + java.util.Arrays.toString(indices.shape())
                        + " fit neither [" + nnz + "] nor [" + nnz + ", " + dims.length + "]");
            }
        }
        Tensor dense = Tensor.allocate(values.dtype(), dims);
        int slots = values.dtype().slotsPerElement();
        for (int k = 0; k < nnz; k++) {
            if (linear[k] < 0 || linear[k] >= count) {
                throw ctx.error(element, "sparse index " + linear[k] + " out of range for " + count + " elements");
            }
            System.arraycopy(values.array(), k * slots, dense.array(), (int) linear[k] * slots, slots);
        }
        return dense;
    }
}
