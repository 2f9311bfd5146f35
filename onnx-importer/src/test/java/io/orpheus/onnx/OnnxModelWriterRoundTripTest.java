package io.orpheus.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.ModelFunction;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.model.ImportLimits;
import java.lang.reflect.Array;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Models built in Java survive writing and importing again unchanged. */
class OnnxModelWriterRoundTripTest {
    @TempDir
    Path dir;

    private static Tensor random(DataType t, Random rnd, long... shape) {
        Tensor x = Tensor.allocate(t, shape);
        for (int i = 0; i < x.size(); i++) {
            if (t == DataType.STRING) {
                x.strings()[i] = "v" + rnd.nextInt(1000);
            } else if (t.isFloatingPoint()) {
                x.setDouble(i, rnd.nextInt(16) * 0.25 - 2);
            } else {
                x.setLong(i, rnd.nextInt(4) - (t.isUnsigned() ? 0 : 2));
            }
        }
        return x;
    }

    private static Graph branch(String name, String op) {
        return Graph.builder().name(name)
                .addOutput(ValueInfo.of(name + "_out", DataType.FLOAT, 2))
                .addNode(Node.of(name + "_node", op, List.of("h"), List.of(name + "_out")))
                .build();
    }

    private static Model sampleModel() {
        Random rnd = new Random(1234);
        Map<String, Attribute> attrs = new LinkedHashMap<>();
        for (Attribute a : List.of(
                Attribute.ofFloat("f", 0.75f),
                Attribute.ofInt("i", -9),
                Attribute.ofString("s", "héllo"),
                Attribute.ofTensor("t", random(DataType.INT4, rnd, 3, 3)),
                Attribute.of("g", AttributeType.GRAPH, branch("sub", "Neg")),
                Attribute.of("sp", AttributeType.SPARSE_TENSOR, Tensor.of(new float[] {0, 2, 0, 0, 5, 0}, 2, 3)),
                Attribute.of("tp", AttributeType.TYPE_PROTO,
                        new ValueInfo("", DataType.INT64, List.of(Dim.symbolic("n"), Dim.of(2)), "")),
                Attribute.ofFloats("fs", 1f, -1f, 0.5f),
                Attribute.ofInts("is", 3, 1, 4, 1, 5),
                Attribute.of("ss", AttributeType.STRINGS, List.of("a", "", "c")),
                Attribute.of("ts", AttributeType.TENSORS, List.of(random(DataType.FLOAT16, rnd, 2),
                        random(DataType.UINT2, rnd, 5))),
                Attribute.of("gs", AttributeType.GRAPHS, List.of(branch("b1", "Relu"), branch("b2", "Abs"))),
                Attribute.of("sps", AttributeType.SPARSE_TENSORS, List.of(Tensor.of(new long[] {0, 0, 7}, 3))),
                Attribute.of("tps", AttributeType.TYPE_PROTOS, List.of(ValueInfo.unknown(""))))) {
            attrs.put(a.name(), a);
        }
        Graph.Builder g = Graph.builder().name("main").doc("a graph")
                .addInput(new ValueInfo("x", DataType.FLOAT, List.of(Dim.symbolic("batch"), Dim.unknown(), Dim.of(2)), "in"))
                .addInput(ValueInfo.unknown("free"))
                .addOutput(ValueInfo.of("y", DataType.FLOAT, 2))
                .addOutput(new ValueInfo("q", DataType.FLOAT, null, ""))
                .putValueInfo(ValueInfo.of("h", DataType.FLOAT, 2));
        for (DataType t : List.of(DataType.FLOAT, DataType.INT64, DataType.INT32, DataType.INT8, DataType.UINT8,
                DataType.BOOL, DataType.FLOAT16, DataType.BFLOAT16, DataType.DOUBLE, DataType.INT4, DataType.UINT4,
                DataType.STRING, DataType.FLOAT8E5M2, DataType.UINT64, DataType.INT2)) {
            g.addInitializer("w_" + t, random(t, rnd, 2, 3));
        }
        g.addNode(Node.of("first", "Relu", List.of("x"), List.of("h")));
        g.addNode(new Node("custom", "Everything", "com.example", List.of("h", "", "w_FLOAT"), List.of("y", ""),
                attrs, "does it all"));
        g.addNode(new Node("call", "Double", "com.example", List.of("h"), List.of("q"), Map.of(), ""));
        ModelFunction twice = new ModelFunction("com.example", "Double", List.of("A"), List.of("B"), List.of("k"),
                List.of(new Node("add", "Add", "", List.of("A", "A"), List.of("S"), Map.of(), ""),
                        new Node("clip", "Clip", "", List.of("S"), List.of("B"),
                                Map.of("k", Attribute.reference("k", AttributeType.FLOAT, "k")), "")),
                Map.of("", 17L));
        return new Model("built", 0, Map.of("", 17L, "com.example", 1L), "orpheus-test", "1.0", 3, "model doc",
                Map.of("k", "v"), g.build(), List.of(twice));
    }

    @Test
    void roundTripsThroughAFile() throws Exception {
        Model original = sampleModel();
        Path file = dir.resolve("rt.onnx");
        OnnxModelWriter.write(original, file);
        Model back = new OnnxModelImporter().load(file, ImportLimits.DEFAULT);

        assertEquals(8, back.irVersion());
        assertEquals(original.opsetImports(), back.opsetImports());
        assertEquals(original.producerName(), back.producerName());
        assertEquals(original.producerVersion(), back.producerVersion());
        assertEquals(original.modelVersion(), back.modelVersion());
        assertEquals(original.doc(), back.doc());
        assertEquals(original.metadata(), back.metadata());
        assertEquals(1, back.functions().size());
        assertFunctionEquals(original.functions().getFirst(), back.functions().getFirst());

        // The call of the local function comes back inlined; everything else unchanged.
        Graph expected = original.graph();
        Graph actual = back.graph();
        assertEquals(List.of("first", "custom", "call/add", "call/clip"),
                actual.nodes().stream().map(Node::name).toList());
        Node clip = actual.node("call/clip");
        assertEquals(List.of("q"), clip.outputs());
        assertTrue(clip.attributes().isEmpty(), "unset reference dropped: " + clip.attributes());
        Graph withoutCall = expected.toBuilder().build();
        Graph.Builder trimmed = actual.toBuilder();
        trimmed.nodes().removeIf(n -> n.name().startsWith("call/"));
        Graph.Builder expectedTrimmed = withoutCall.toBuilder();
        expectedTrimmed.nodes().removeIf(n -> n.name().equals("call"));
        assertGraphEquals(expectedTrimmed.build(), trimmed.build());
    }

    @Test
    void bytesAreStableAcrossARoundTrip() {
        Model m = sampleModel();
        Model functionless = new Model(m.source(), 9, m.opsetImports(), m.producerName(), m.producerVersion(),
                m.modelVersion(), m.doc(), m.metadata(), m.graph().toBuilder().build(), List.of());
        Graph.Builder g = functionless.graph().toBuilder();
        g.nodes().removeIf(n -> n.name().equals("call"));
        g.outputs().removeIf(v -> v.name().equals("q"));
        functionless = functionless.withGraph(g.build());
        byte[] once = OnnxModelWriter.toBytes(functionless);
        Model back = new OnnxModelImporter().load(once, "mem", null, ImportLimits.DEFAULT);
        assertEquals(9, back.irVersion());
        assertTrue(java.util.Arrays.equals(once, OnnxModelWriter.toBytes(back)), "writing the import gives the same bytes");
    }

    private static void assertFunctionEquals(ModelFunction e, ModelFunction a) {
        assertEquals(e.domain(), a.domain());
        assertEquals(e.name(), a.name());
        assertEquals(e.inputs(), a.inputs());
        assertEquals(e.outputs(), a.outputs());
        assertEquals(e.attributeNames(), a.attributeNames());
        assertEquals(e.opsetImports(), a.opsetImports());
        assertEquals(e.nodes().size(), a.nodes().size());
        for (int i = 0; i < e.nodes().size(); i++) {
            assertNodeEquals(e.nodes().get(i), a.nodes().get(i));
        }
    }

    static void assertGraphEquals(Graph e, Graph a) {
        assertEquals(e.name(), a.name());
        assertEquals(e.doc(), a.doc());
        assertEquals(e.inputs(), a.inputs());
        assertEquals(e.outputs(), a.outputs());
        assertEquals(e.valueInfo(), a.valueInfo());
        assertEquals(e.initializers().keySet(), a.initializers().keySet());
        for (String k : e.initializers().keySet()) {
            assertTensorEquals(e.initializers().get(k), a.initializers().get(k), k);
        }
        assertEquals(e.nodes().size(), a.nodes().size());
        for (int i = 0; i < e.nodes().size(); i++) {
            assertNodeEquals(e.nodes().get(i), a.nodes().get(i));
        }
    }

    private static void assertNodeEquals(Node e, Node a) {
        assertEquals(e.name(), a.name());
        assertEquals(e.opType(), a.opType());
        assertEquals(e.domain(), a.domain());
        assertEquals(e.inputs(), a.inputs());
        assertEquals(e.outputs(), a.outputs());
        assertEquals(e.doc(), a.doc());
        assertEquals(List.copyOf(e.attributes().keySet()), List.copyOf(a.attributes().keySet()), e.name());
        for (Attribute ea : e.attributes().values()) {
            Attribute aa = a.attribute(ea.name());
            String where = e.name() + "." + ea.name();
            assertEquals(ea.type(), aa.type(), where);
            assertEquals(ea.refAttrName(), aa.refAttrName(), where);
            if (!ea.isReference()) {
                assertValueEquals(ea.value(), aa.value(), where);
            }
        }
    }

    private static void assertValueEquals(Object e, Object a, String where) {
        switch (e) {
            case Tensor t -> assertTensorEquals(t, (Tensor) a, where);
            case Graph g -> assertGraphEquals(g, (Graph) a);
            case float[] f -> assertTrue(java.util.Arrays.equals(f, (float[]) a), where);
            case long[] l -> assertTrue(java.util.Arrays.equals(l, (long[]) a), where);
            case List<?> l -> {
                List<?> other = (List<?>) a;
                assertEquals(l.size(), other.size(), where);
                for (int i = 0; i < l.size(); i++) {
                    assertValueEquals(l.get(i), other.get(i), where + "[" + i + "]");
                }
            }
            default -> assertEquals(e, a, where);
        }
    }

    private static void assertTensorEquals(Tensor e, Tensor a, String where) {
        assertEquals(e.dtype(), a.dtype(), where);
        assertTrue(java.util.Arrays.equals(e.shape(), a.shape()), where);
        Object ea = e.array();
        Object aa = a.array();
        assertEquals(Array.getLength(ea), Array.getLength(aa), where);
        for (int i = 0; i < Array.getLength(ea); i++) {
            assertEquals(Array.get(ea, i), Array.get(aa, i), where + " slot " + i);
        }
    }
}
