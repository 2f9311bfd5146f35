package io.orpheus.hardening;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.onnx.proto.Onnx.NodeProto;
import io.orpheus.onnx.proto.Onnx.OperatorSetIdProto;
import io.orpheus.onnx.proto.Onnx.StringStringEntryProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import io.orpheus.onnx.proto.Onnx.TensorShapeProto;
import io.orpheus.onnx.proto.Onnx.TypeProto;
import io.orpheus.onnx.proto.Onnx.ValueInfoProto;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;

/** Builders for hand-made hostile ONNX protos, written with the importer's generated classes. */
final class HostileProtos {
    static final int FLOAT = 1;
    static final int INT64 = 7;
    static final int BOOL = 9;
    static final int ATTR_INT = 2;
    static final int ATTR_GRAPH = 5;
    static final int ATTR_INTS = 7;
    static final int ATTR_TENSOR = 4;

    /** Field numbers used when a message is written by hand (deep nesting). */
    private static final int GRAPH_NODE = 1;
    private static final int GRAPH_NAME = 2;
    private static final int NODE_INPUT = 1;
    private static final int NODE_OUTPUT = 2;
    private static final int NODE_NAME = 3;
    private static final int NODE_OP_TYPE = 4;
    private static final int NODE_ATTRIBUTE = 5;
    private static final int ATTRIBUTE_NAME = 1;
    private static final int ATTRIBUTE_G = 6;
    private static final int ATTRIBUTE_TYPE = 20;
    private static final int MODEL_GRAPH = 7;

    private HostileProtos() {
    }

    /** A tensor value; a dim is a Number (known), a String (symbolic) or null (unknown). */
    static ValueInfoProto value(String name, int elemType, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            TensorShapeProto.Dimension.Builder db = TensorShapeProto.Dimension.newBuilder();
            if (d instanceof Number n) {
                db.setDimValue(n.longValue());
            } else if (d instanceof String s) {
                db.setDimParam(s);
            }
            shape.addDim(db);
        }
        return ValueInfoProto.newBuilder().setName(name).setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(elemType).setShape(shape))).build();
    }

    static NodeProto node(String name, String op, List<String> inputs, List<String> outputs,
                          AttributeProto... attrs) {
        return NodeProto.newBuilder().setName(name).setOpType(op).addAllInput(inputs).addAllOutput(outputs)
                .addAllAttribute(List.of(attrs)).build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(ATTR_INT).setI(v).build();
    }

    static AttributeProto intsAttr(String name, long... v) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(name).setType(ATTR_INTS);
        for (long x : v) {
            b.addInts(x);
        }
        return b.build();
    }

    static TensorProto floats(String name, long[] dims, float... values) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(FLOAT);
        for (long d : dims) {
            b.addDims(d);
        }
        for (float v : values) {
            b.addFloatData(v);
        }
        return b.build();
    }

    static TensorProto longs(String name, long[] dims, long... values) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(INT64);
        for (long d : dims) {
            b.addDims(d);
        }
        for (long v : values) {
            b.addInt64Data(v);
        }
        return b.build();
    }

    /** A float tensor of {@code dims} whose data lies in an external file. */
    static TensorProto external(String name, long[] dims, Map<String, String> entries) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(FLOAT)
                .setDataLocation(TensorProto.DataLocation.EXTERNAL);
        for (long d : dims) {
            b.addDims(d);
        }
        entries.forEach((k, v) -> b.addExternalData(StringStringEntryProto.newBuilder().setKey(k).setValue(v)));
        return b.build();
    }

    /** x (float [2]) -> Relu -> y. */
    static GraphProto.Builder reluGraph() {
        return GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L))
                .addOutput(value("y", FLOAT, 2L))
                .addNode(node("relu", "Relu", List.of("x"), List.of("y")));
    }

    static ModelProto.Builder model(GraphProto.Builder graph) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("hardening-tests")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph);
    }

    /**
     * A GraphProto holding one {@code op} node whose {@code attribute} graph holds another such node,
     * {@code depth} levels deep, serialized by hand from the inside out: the generated code would
     * recurse once per level to write it, which is what the importer must not do when reading it.
     */
    static byte[] nestedGraph(String op, String attribute, int depth) {
        ByteString inner = message(w -> w.writeString(GRAPH_NAME, "leaf"));
        for (int level = depth; level >= 1; level--) {
            ByteString body = inner;
            String suffix = Integer.toString(level);
            ByteString attr = message(w -> {
                w.writeString(ATTRIBUTE_NAME, attribute);
                w.writeInt32(ATTRIBUTE_TYPE, ATTR_GRAPH);
            }).concat(lengthDelimitedHeader(ATTRIBUTE_G, body.size())).concat(body);
            ByteString node = message(w -> {
                w.writeString(NODE_INPUT, "cond" + suffix);
                w.writeString(NODE_OUTPUT, "out" + suffix);
                w.writeString(NODE_NAME, op.toLowerCase() + suffix);
                w.writeString(NODE_OP_TYPE, op);
            }).concat(lengthDelimitedHeader(NODE_ATTRIBUTE, attr.size())).concat(attr);
            inner = message(w -> w.writeString(GRAPH_NAME, "level" + suffix))
                    .concat(lengthDelimitedHeader(GRAPH_NODE, node.size())).concat(node);
        }
        return inner.toByteArray();
    }

    /**
     * The graph fields of a chain of {@code count} Relu nodes from "t0" to "t{count}", written
     * straight to bytes: a million generated builders would cost more heap than the model itself.
     */
    static byte[] reluChainNodes(int count) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(count * 40);
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            ByteArrayOutputStream nodeBytes = new ByteArrayOutputStream(64);
            for (int i = 0; i < count; i++) {
                nodeBytes.reset();
                CodedOutputStream node = CodedOutputStream.newInstance(nodeBytes);
                node.writeString(NODE_INPUT, "t" + i);
                node.writeString(NODE_OUTPUT, "t" + (i + 1));
                node.writeString(NODE_NAME, "relu" + i);
                node.writeString(NODE_OP_TYPE, "Relu");
                node.flush();
                out.writeTag(GRAPH_NODE, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(nodeBytes.size());
                out.writeRawBytes(nodeBytes.toByteArray());
            }
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Appends a second {@code graph} field to a model: protobuf merges it into the first one. */
    static byte[] withMergedGraph(byte[] model, byte[] graph) {
        return ByteString.copyFrom(model).concat(lengthDelimitedHeader(MODEL_GRAPH, graph.length))
                .concat(ByteString.copyFrom(graph)).toByteArray();
    }

    private interface Fields {
        void write(CodedOutputStream out) throws IOException;
    }

    private static ByteString message(Fields fields) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream out = CodedOutputStream.newInstance(bytes);
            fields.write(out);
            out.flush();
            return ByteString.copyFrom(bytes.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static ByteString lengthDelimitedHeader(int field, int length) {
        return message(w -> {
            w.writeTag(field, com.google.protobuf.WireFormat.WIRETYPE_LENGTH_DELIMITED);
            w.writeUInt32NoTag(length);
        });
    }
}
