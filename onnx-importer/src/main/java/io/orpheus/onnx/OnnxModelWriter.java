package io.orpheus.onnx;

import com.google.protobuf.ByteString;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.ModelFunction;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.FunctionProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.onnx.proto.Onnx.NodeProto;
import io.orpheus.onnx.proto.Onnx.OperatorSetIdProto;
import io.orpheus.onnx.proto.Onnx.SparseTensorProto;
import io.orpheus.onnx.proto.Onnx.StringStringEntryProto;
import io.orpheus.onnx.proto.Onnx.TensorShapeProto;
import io.orpheus.onnx.proto.Onnx.TypeProto;
import io.orpheus.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes a model back as an ONNX {@code ModelProto}, the inverse of {@link OnnxModelImporter}:
 * tensors as little-endian raw_data, every attribute kind, opset imports and local functions.
 */
public final class OnnxModelWriter {
    /** IR version written when the model does not carry one. */
    static final long DEFAULT_IR_VERSION = 8;

    private OnnxModelWriter() {
    }

    public static byte[] toBytes(Model model) {
        return toProto(model).toByteArray();
    }

    public static void write(Model model, Path file) {
        try {
            Files.write(file, toBytes(model));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    static ModelProto toProto(Model model) {
        ModelProto.Builder b = ModelProto.newBuilder()
                .setIrVersion(model.irVersion() == 0 ? DEFAULT_IR_VERSION : model.irVersion())
                .setProducerName(model.producerName())
                .setProducerVersion(model.producerVersion())
                .setModelVersion(model.modelVersion())
                .setDocString(model.doc())
                .setGraph(graph(model.graph()));
        opsets(model.opsetImports()).forEach(b::addOpsetImport);
        model.metadata().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> b.addMetadataProps(entry(e.getKey(), e.getValue())));
        for (ModelFunction f : model.functions()) {
            b.addFunctions(function(f));
        }
        return b.build();
    }

    private static List<OperatorSetIdProto> opsets(Map<String, Long> opsets) {
        // Sorted so that equal models give equal bytes whatever order their maps iterate in.
        return opsets.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> OperatorSetIdProto.newBuilder().setDomain(e.getKey()).setVersion(e.getValue()).build())
                .toList();
    }

    private static StringStringEntryProto entry(String k, String v) {
        return StringStringEntryProto.newBuilder().setKey(k).setValue(v).build();
    }

    private static FunctionProto function(ModelFunction f) {
        FunctionProto.Builder b = FunctionProto.newBuilder().setName(f.name()).setDomain(f.domain())
                .addAllInput(f.inputs()).addAllOutput(f.outputs()).addAllAttribute(f.attributeNames());
        for (Node n : f.nodes()) {
            b.addNode(node(n));
        }
        opsets(f.opsetImports()).forEach(b::addOpsetImport);
        return b.build();
    }

    static GraphProto graph(Graph g) {
        GraphProto.Builder b = GraphProto.newBuilder().setName(g.name());
        if (!g.doc().isEmpty()) {
            b.setDocString(g.doc());
        }
        for (ValueInfo v : g.inputs()) {
            b.addInput(valueInfo(v));
        }
        for (ValueInfo v : g.outputs()) {
            b.addOutput(valueInfo(v));
        }
        for (ValueInfo v : g.valueInfo().values()) {
            b.addValueInfo(valueInfo(v));
        }
        g.initializers().forEach((name, t) -> b.addInitializer(TensorEncoder.encode(t, name)));
        for (Node n : g.nodes()) {
            b.addNode(node(n));
        }
        return b.build();
    }

    private static NodeProto node(Node n) {
        NodeProto.Builder b = NodeProto.newBuilder().setName(n.name()).setOpType(n.opType())
                .addAllInput(n.inputs()).addAllOutput(n.outputs());
        if (!n.domain().isEmpty()) {
            b.setDomain(n.domain());
        }
        if (!n.doc().isEmpty()) {
            b.setDocString(n.doc());
        }
        for (Attribute a : n.attributes().values()) {
            b.addAttribute(attribute(a));
        }
        return b.build();
    }

    private static ValueInfoProto valueInfo(ValueInfo v) {
        ValueInfoProto.Builder b = ValueInfoProto.newBuilder().setName(v.name()).setType(type(v));
        if (!v.doc().isEmpty()) {
            b.setDocString(v.doc());
        }
        return b.build();
    }

    private static TypeProto type(ValueInfo v) {
        TypeProto.Tensor.Builder t = TypeProto.Tensor.newBuilder().setElemType(v.dtype() == null ? 0 : v.dtype().onnxCode());
        if (v.shape() != null) {
            TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
            for (Dim d : v.shape()) {
                TensorShapeProto.Dimension.Builder db = TensorShapeProto.Dimension.newBuilder();
                if (d.isKnown()) {
                    db.setDimValue(d.value());
                } else if (d.isSymbolic()) {
                    db.setDimParam(d.param());
                }
                s.addDim(db);
            }
            t.setShape(s);
        }
        return TypeProto.newBuilder().setTensorType(t).build();
    }

    @SuppressWarnings("unchecked")
    private static AttributeProto attribute(Attribute a) {
        AttributeProto.Builder b = AttributeProto.newBuilder().setName(a.name()).setType(code(a.type()));
        if (a.isReference()) {
            return b.setRefAttrName(a.refAttrName()).build();
        }
        Object v = a.value();
        switch (a.type()) {
            case FLOAT -> b.setF((Float) v);
            case INT -> b.setI((Long) v);
            case STRING -> b.setS(ByteString.copyFrom((String) v, StandardCharsets.UTF_8));
            case TENSOR -> b.setT(TensorEncoder.encode((Tensor) v, ""));
            case GRAPH -> b.setG(graph((Graph) v));
            case SPARSE_TENSOR -> b.setSparseTensor(sparse((Tensor) v));
            case TYPE_PROTO -> b.setTp(type((ValueInfo) v));
            case FLOATS -> {
                for (float f : (float[]) v) {
                    b.addFloats(f);
                }
            }
            case INTS -> {
                for (long i : (long[]) v) {
                    b.addInts(i);
                }
            }
            case STRINGS -> ((List<String>) v).forEach(s -> b.addStrings(ByteString.copyFrom(s, StandardCharsets.UTF_8)));
            case TENSORS -> ((List<Tensor>) v).forEach(t -> b.addTensors(TensorEncoder.encode(t, "")));
            case GRAPHS -> ((List<Graph>) v).forEach(g -> b.addGraphs(graph(g)));
            case SPARSE_TENSORS -> ((List<Tensor>) v).forEach(t -> b.addSparseTensors(sparse(t)));
            case TYPE_PROTOS -> ((List<ValueInfo>) v).forEach(t -> b.addTypeProtos(type(t)));
        }
        return b.build();
    }

    /** The IR keeps sparse attributes dense; they are written back with every element listed at its linear index. */
    private static SparseTensorProto sparse(Tensor dense) {
        long[] linear = new long[dense.size()];
        for (int i = 0; i < linear.length; i++) {
            linear[i] = i;
        }
        SparseTensorProto.Builder b = SparseTensorProto.newBuilder()
                .setValues(TensorEncoder.encode(dense.reshape(dense.size()), ""))
                .setIndices(TensorEncoder.encode(Tensor.of(linear, linear.length), ""));
        for (long d : dense.shape()) {
            b.addDims(d);
        }
        return b.build();
    }

    private static int code(AttributeType t) {
        return switch (t) {
            case FLOAT -> 1;
            case INT -> 2;
            case STRING -> 3;
            case TENSOR -> 4;
            case GRAPH -> 5;
            case FLOATS -> 6;
            case INTS -> 7;
            case STRINGS -> 8;
            case TENSORS -> 9;
            case GRAPHS -> 10;
            case SPARSE_TENSOR -> 11;
            case SPARSE_TENSORS -> 12;
            case TYPE_PROTO -> 13;
            case TYPE_PROTOS -> 14;
        };
    }
}
