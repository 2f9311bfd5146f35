package io.orpheus.onnx;

import static io.orpheus.onnx.Protos.FLOAT;
import static io.orpheus.onnx.Protos.floats;
import static io.orpheus.onnx.Protos.model;
import static io.orpheus.onnx.Protos.node;
import static io.orpheus.onnx.Protos.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.onnx.proto.Onnx.OperatorSetIdProto;
import io.orpheus.onnx.proto.Onnx.SparseTensorProto;
import io.orpheus.onnx.proto.Onnx.StringStringEntryProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import io.orpheus.onnx.proto.Onnx.TypeProto;
import io.orpheus.onnx.proto.Onnx.ValueInfoProto;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Structure, declared types, attributes and model fields of imported graphs. */
class GraphImportTest {
    @TempDir
    Path dir;

    private static Model load(ModelProto m) {
        return new OnnxModelImporter().load(m.toByteArray(), "mem", null, ImportLimits.DEFAULT);
    }

    @Test
    void declaredShapesKeepSymbolicUnknownAndMissingDims() {
        ValueInfoProto noShape = ValueInfoProto.newBuilder().setName("z").setType(TypeProto.newBuilder()
                .setTensorType(TypeProto.Tensor.newBuilder().setElemType(FLOAT))).build();
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, "batch", null, 3L))
                .addInput(noShape)
                .addOutput(value("y", FLOAT, "batch", null, 3L))
                .addValueInfo(value("t", 0))
                .addNode(node("relu", "Relu", List.of("x"), List.of("y")));
        Graph graph = load(model(g).build()).graph();
        ValueInfo x = graph.inputs().getFirst();
        assertEquals(DataType.FLOAT, x.dtype());
        assertEquals(List.of(Dim.symbolic("batch"), Dim.unknown(), Dim.of(3)), x.shape());
        ValueInfo z = graph.inputs().get(1);
        assertNull(z.shape());
        assertEquals(-1, z.rank());
        ValueInfo t = graph.valueInfo().get("t");
        assertNull(t.dtype());
        assertEquals(List.of(), t.shape());
    }

    @Test
    void ir3InitializersListedAsInputsAreConstants() throws Exception {
        ValueInfoProto untyped = ValueInfoProto.newBuilder().setName("w").build();
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L))
                .addInput(untyped)
                .addOutput(value("y", FLOAT, 2L))
                .addInitializer(floats("w", new long[] {2}, 0.5f, 2f))
                .addNode(node(null, "Mul", List.of("x", "w"), List.of("y")));
        ModelProto m = model(g).setIrVersion(3).clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(8)).build();
        Model model = Protos.load(dir, m);
        assertEquals(3, model.irVersion());
        assertEquals(List.of("x"), model.graph().inputs().stream().map(ValueInfo::name).toList());
        assertTrue(model.graph().isConstant("w"));
        assertArrayEquals(new float[] {0.5f, 2f}, model.graph().initializers().get("w").floats());
    }

    @Test
    void nodesOutOfOrderAreSortedTopologically() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L))
                .addOutput(value("z", FLOAT, 2L))
                .addNode(node("second", "Relu", List.of("y"), List.of("z")))
                .addNode(node("first", "Neg", List.of("x"), List.of("y")));
        List<String> order = load(model(g).build()).graph().nodes().stream().map(Node::name).toList();
        assertEquals(List.of("first", "second"), order);
    }

    @Test
    void unnamedAndDuplicateNodesGetUniqueNames() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L))
                .addOutput(value("d", FLOAT, 2L))
                .addNode(node(null, "Relu", List.of("x"), List.of("a")))
                .addNode(node("same", "Neg", List.of("a"), List.of("b")))
                .addNode(node("same", "Neg", List.of("b"), List.of("c")))
                .addNode(node("", "Relu", List.of("c"), List.of("d")));
        List<String> names = load(model(g).build()).graph().nodes().stream().map(Node::name).toList();
        assertEquals(List.of("Relu_0", "same", "same_1", "Relu_3"), names);
    }

    @Test
    void modelFieldsAndOpsetDomainsAreNormalised() {
        ModelProto m = model(Protos.reluGraph()).clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx").setVersion(13))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.microsoft").setVersion(1))
                .setProducerName("maker").setProducerVersion("9.1").setModelVersion(42).setDocString("about")
                .addMetadataProps(StringStringEntryProto.newBuilder().setKey("author").setValue("me"))
                .build();
        Model model = load(m);
        assertEquals(13, model.opset(""));
        assertEquals(13, model.opset("ai.onnx"));
        assertEquals(1, model.opset("com.microsoft"));
        assertEquals("maker", model.producerName());
        assertEquals("9.1", model.producerVersion());
        assertEquals(42, model.modelVersion());
        assertEquals("about", model.doc());
        assertEquals("me", model.metadata().get("author"));
        assertEquals("mem", model.source());
    }

    @Test
    void constantNodeAttributesKeepTheirKinds() {
        GraphProto.Builder g = Protos.reluGraph();
        String[] names = {"value", "value_float", "value_floats", "value_int", "value_ints", "value_string",
                "value_strings"};
        AttributeProto[] attrs = {
            AttributeProto.newBuilder().setName("value").setType(4).setT(floats("", new long[] {1}, 3f)).build(),
            AttributeProto.newBuilder().setName("value_float").setType(1).setF(1.25f).build(),
            AttributeProto.newBuilder().setName("value_floats").setType(6).addFloats(1).addFloats(2).build(),
            AttributeProto.newBuilder().setName("value_int").setType(2).setI(-4).build(),
            AttributeProto.newBuilder().setName("value_ints").setType(7).addInts(5).addInts(6).build(),
            AttributeProto.newBuilder().setName("value_string").setType(3).setS(ByteString.copyFromUtf8("s")).build(),
            AttributeProto.newBuilder().setName("value_strings").setType(8).addStrings(ByteString.copyFromUtf8("a"))
                    .addStrings(ByteString.copyFromUtf8("b")).build()};
        for (int i = 0; i < names.length; i++) {
            g.addNode(node("c" + i, "Constant", List.of(), List.of("k" + i), attrs[i]));
        }
        Graph graph = load(model(g).build()).graph();
        assertEquals(8, graph.nodes().size());
        assertArrayEquals(new float[] {3f}, graph.node("c0").attribute("value").asTensor().floats());
        assertEquals(1.25f, graph.node("c1").attribute("value_float").asFloat());
        assertArrayEquals(new float[] {1, 2}, graph.node("c2").attribute("value_floats").asFloats());
        assertEquals(-4, graph.node("c3").attribute("value_int").asInt());
        assertArrayEquals(new long[] {5, 6}, graph.node("c4").attribute("value_ints").asInts());
        assertEquals("s", graph.node("c5").attribute("value_string").asString());
        assertEquals(List.of("a", "b"), graph.node("c6").attribute("value_strings").asStrings());
    }

    @Test
    void sparseTensorsAreDensifiedFromLinearAndCoordinateIndices() {
        TensorProto values = floats("", new long[] {2}, 5f, 7f);
        TensorProto linear = TensorProto.newBuilder().setDataType(7).addDims(2).addInt64Data(1).addInt64Data(5).build();
        TensorProto coords = TensorProto.newBuilder().setDataType(7).addDims(2).addDims(2)
                .addInt64Data(0).addInt64Data(1).addInt64Data(1).addInt64Data(2).build();
        SparseTensorProto byLinear = SparseTensorProto.newBuilder().setValues(values).setIndices(linear)
                .addDims(2).addDims(3).build();
        SparseTensorProto byCoords = byLinear.toBuilder().setIndices(coords).build();
        GraphProto.Builder g = Protos.reluGraph()
                .addNode(node("s1", "Constant", List.of(), List.of("k1"),
                        AttributeProto.newBuilder().setName("sparse_value").setType(11).setSparseTensor(byLinear).build()))
                .addNode(node("s2", "Constant", List.of(), List.of("k2"),
                        AttributeProto.newBuilder().setName("sparse_value").setType(11).setSparseTensor(byCoords).build()));
        Graph graph = load(model(g).build()).graph();
        for (String n : List.of("s1", "s2")) {
            Attribute a = graph.node(n).attribute("sparse_value");
            assertEquals(AttributeType.SPARSE_TENSOR, a.type());
            Tensor t = a.asTensor();
            assertArrayEquals(new long[] {2, 3}, t.shape());
            assertArrayEquals(new float[] {0, 5, 0, 0, 0, 7}, t.floats(), n);
        }
    }

    @Test
    void untypedIr3AttributesAreInferredFromTheFieldSet() {
        GraphProto.Builder g = Protos.reluGraph().addNode(node("n", "Custom", List.of("x"), List.of("z"),
                AttributeProto.newBuilder().setName("f").setF(0f).build(),
                AttributeProto.newBuilder().setName("i").setI(0).build(),
                AttributeProto.newBuilder().setName("s").setS(ByteString.copyFromUtf8("v")).build(),
                AttributeProto.newBuilder().setName("fs").addFloats(1).build(),
                AttributeProto.newBuilder().setName("is").addInts(1).addInts(2).build(),
                AttributeProto.newBuilder().setName("t").setT(floats("", new long[] {1}, 9f)).build()));
        Node n = load(model(g).build()).graph().node("n");
        assertEquals(AttributeType.FLOAT, n.attribute("f").type());
        assertEquals(AttributeType.INT, n.attribute("i").type());
        assertEquals(AttributeType.STRING, n.attribute("s").type());
        assertEquals(AttributeType.FLOATS, n.attribute("fs").type());
        assertEquals(AttributeType.INTS, n.attribute("is").type());
        assertEquals(AttributeType.TENSOR, n.attribute("t").type());
    }

    @Test
    void listAndTypeAttributesAndReferences() {
        GraphProto.Builder g = Protos.reluGraph().addNode(node("n", "Custom", List.of("x"), List.of("z"),
                AttributeProto.newBuilder().setName("ts").setType(9).addTensors(floats("", new long[] {1}, 1f))
                        .addTensors(floats("", new long[] {2}, 2f, 3f)).build(),
                AttributeProto.newBuilder().setName("tp").setType(13).setTp(value("", 7, 4L).getType()).build(),
                AttributeProto.newBuilder().setName("tps").setType(14).addTypeProtos(value("", 1, "n").getType())
                        .build(),
                AttributeProto.newBuilder().setName("ref").setType(2).setRefAttrName("outer").build()));
        Node n = load(model(g).build()).graph().node("n");
        assertEquals(2, n.attribute("ts").asTensors().size());
        ValueInfo tp = (ValueInfo) n.attribute("tp").value();
        assertEquals(DataType.INT64, tp.dtype());
        assertEquals(List.of(Dim.of(4)), tp.shape());
        @SuppressWarnings("unchecked")
        List<ValueInfo> tps = (List<ValueInfo>) n.attribute("tps").value();
        assertEquals(List.of(Dim.symbolic("n")), tps.getFirst().shape());
        assertTrue(n.attribute("ref").isReference());
        assertEquals("outer", n.attribute("ref").refAttrName());
    }

    @Test
    void subgraphsImportRecursivelyAndMayReadOuterValues() {
        GraphProto thenBranch = GraphProto.newBuilder().setName("then").addOutput(value("t_out", FLOAT, 2L))
                .addNode(node("inner", "Neg", List.of("y"), List.of("t_out"))).build();
        GraphProto elseBranch = GraphProto.newBuilder().setName("else").addOutput(value("y", FLOAT, 2L)).build();
        // The If node comes first in the file but reads "y" (through its branches) produced by the node after it.
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addInput(value("cond", 9))
                .addOutput(value("out", FLOAT, 2L))
                .addNode(node("if", "If", List.of("cond"), List.of("out"),
                        AttributeProto.newBuilder().setName("then_branch").setType(5).setG(thenBranch).build(),
                        AttributeProto.newBuilder().setName("else_branch").setType(5).setG(elseBranch).build()))
                .addNode(node("relu", "Relu", List.of("x"), List.of("y")));
        Graph graph = load(model(g).build()).graph();
        assertEquals(List.of("relu", "if"), graph.nodes().stream().map(Node::name).toList());
        Graph then = graph.node("if").attribute("then_branch").asGraph();
        assertEquals("then", then.name());
        assertEquals(List.of("y"), then.nodes().getFirst().inputs());
        assertFalse(graph.node("if").attribute("else_branch").asGraph().outputs().isEmpty());
    }

    @Test
    void acceptsOnnxFilesByNameOrContent() throws Exception {
        OnnxModelImporter importer = new OnnxModelImporter();
        assertEquals("onnx", importer.format());
        assertTrue(importer.accepts(Path.of("some/where/net.ONNX")));
        Path unnamed = Protos.write(dir, "model.bin", model(Protos.reluGraph()).build().toByteArray());
        assertTrue(importer.accepts(unnamed));
        Path text = Protos.write(dir, "notes.txt", "hello".getBytes());
        assertFalse(importer.accepts(text));
        assertFalse(importer.accepts(dir.resolve("missing.bin")));
    }

    @Test
    void registeredAsAService() {
        List<String> importers = java.util.ServiceLoader.load(io.orpheus.api.model.ModelImporter.class).stream()
                .map(p -> p.type().getName()).toList();
        assertTrue(importers.contains(OnnxModelImporter.class.getName()), importers.toString());
    }
}
