package io.orpheus.onnx;

import com.google.protobuf.ByteString;
import io.orpheus.api.graph.Model;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.onnx.proto.Onnx.NodeProto;
import io.orpheus.onnx.proto.Onnx.OperatorSetIdProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import io.orpheus.onnx.proto.Onnx.TensorShapeProto;
import io.orpheus.onnx.proto.Onnx.TypeProto;
import io.orpheus.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Builders for hand-made (and deliberately broken) ONNX protos in tests. */
final class Protos {
    static final int FLOAT = 1;
    static final int INT64 = 7;

    private Protos() {
    }

    /** A float tensor type; a dim is a Long (known), a String (symbolic) or null (unknown). */
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
        NodeProto.Builder b = NodeProto.newBuilder().setOpType(op).addAllInput(inputs).addAllOutput(outputs);
        if (name != null) {
            b.setName(name);
        }
        for (AttributeProto a : attrs) {
            b.addAttribute(a);
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

    static TensorProto raw(String name, int dataType, long[] dims, byte[] raw) {
        TensorProto.Builder b = TensorProto.newBuilder().setName(name).setDataType(dataType)
                .setRawData(ByteString.copyFrom(raw));
        for (long d : dims) {
            b.addDims(d);
        }
        return b.build();
    }

    static AttributeProto intAttr(String name, long v) {
        return AttributeProto.newBuilder().setName(name).setType(2).setI(v).build();
    }

    /** x (float [2]) -> Relu -> y: the smallest valid graph, to be extended by tests. */
    static GraphProto.Builder reluGraph() {
        return GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L))
                .addOutput(value("y", FLOAT, 2L))
                .addNode(node("relu", "Relu", List.of("x"), List.of("y")));
    }

    static ModelProto.Builder model(GraphProto.Builder graph) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName("test")
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setGraph(graph);
    }

    static Path write(Path dir, String file, byte[] bytes) throws IOException {
        Path p = dir.resolve(file);
        Files.write(p, bytes);
        return p;
    }

    static Model load(Path dir, ModelProto model) throws IOException {
        return new OnnxModelImporter().load(write(dir, "model.onnx", model.toByteArray()), ImportLimits.DEFAULT);
    }
}
