package io.orpheus.onnx;

import static io.orpheus.onnx.Protos.FLOAT;
import static io.orpheus.onnx.Protos.model;
import static io.orpheus.onnx.Protos.node;
import static io.orpheus.onnx.Protos.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.ModelLoadException;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.ModelFunction;
import io.orpheus.api.graph.Node;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.FunctionProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.onnx.proto.Onnx.NodeProto;
import io.orpheus.onnx.proto.Onnx.OperatorSetIdProto;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Calls of model-local functions are replaced by their bodies. */
class FunctionInliningTest {
    private static final String DOMAIN = "com.example";

    private static AttributeProto ref(String name, int type, String refName) {
        return AttributeProto.newBuilder().setName(name).setType(type).setRefAttrName(refName).build();
    }

    private static NodeProto call(String name, String op, List<String> in, List<String> out, AttributeProto... attrs) {
        return node(name, op, in, out, attrs).toBuilder().setDomain(DOMAIN).build();
    }

    /** ScaledRelu(X) -> Y: T = LeakyRelu(X, alpha=@alpha); Y = Transpose(T, perm=@perm). */
    private static FunctionProto scaledRelu() {
        return FunctionProto.newBuilder().setName("ScaledRelu").setDomain(DOMAIN)
                .addInput("X").addOutput("Y").addAttribute("alpha").addAttribute("perm")
                .addNode(node("leaky", "LeakyRelu", List.of("X"), List.of("T"), ref("alpha", 1, "alpha")))
                .addNode(node("tr", "Transpose", List.of("T"), List.of("Y"), ref("perm", 7, "perm")))
                .addOpsetImport(OperatorSetIdProto.newBuilder().setVersion(17))
                .build();
    }

    private static ModelProto.Builder withFunctions(GraphProto.Builder g, FunctionProto... fns) {
        ModelProto.Builder m = model(g).addOpsetImport(OperatorSetIdProto.newBuilder().setDomain(DOMAIN).setVersion(1));
        for (FunctionProto f : fns) {
            m.addFunctions(f);
        }
        return m;
    }

    private static Model load(ModelProto m, ImportLimits limits) {
        return new OnnxModelImporter().load(m.toByteArray(), "mem", null, limits);
    }

    @Test
    void callsAreInlinedWithBoundNamesAndCallerAttributes() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L, 3L)).addOutput(value("y", FLOAT, 3L, 2L)).addOutput(value("z", FLOAT, 3L, 2L))
                .addNode(call("c1", "ScaledRelu", List.of("x"), List.of("y"),
                        AttributeProto.newBuilder().setName("alpha").setType(1).setF(0.5f).build(),
                        AttributeProto.newBuilder().setName("perm").setType(7).addInts(1).addInts(0).build()))
                // The second call leaves perm unset: the reference is dropped, Transpose uses its default.
                .addNode(call("c2", "ScaledRelu", List.of("x"), List.of("z"),
                        AttributeProto.newBuilder().setName("alpha").setType(1).setF(0.25f).build()));
        Model model = load(withFunctions(g, scaledRelu()).build(), ImportLimits.DEFAULT);
        Graph graph = model.graph();
        assertEquals(List.of("LeakyRelu", "Transpose", "LeakyRelu", "Transpose"),
                graph.nodes().stream().map(Node::opType).toList());
        Node leaky1 = graph.node("c1/leaky");
        Node tr1 = graph.node("c1/tr");
        assertEquals(List.of("x"), leaky1.inputs());
        assertEquals(List.of("y"), tr1.outputs());
        assertEquals(leaky1.output(0), tr1.input(0));
        assertEquals(0.5f, leaky1.attrFloat("alpha", 0));
        assertEquals(List.of(1L, 0L), java.util.Arrays.stream(tr1.attrInts("perm", null)).boxed().toList());
        Node leaky2 = graph.node("c2/leaky");
        Node tr2 = graph.node("c2/tr");
        assertEquals(0.25f, leaky2.attrFloat("alpha", 0));
        assertFalse(tr2.has("perm"));
        assertTrue(leaky1.attributes().values().stream().noneMatch(a -> a.isReference()));
        // Each call's intermediate value has its own name.
        assertTrue(!leaky1.output(0).equals(leaky2.output(0)));
        assertEquals(List.of("z"), tr2.outputs());

        ModelFunction fn = model.functions().getFirst();
        assertEquals(DOMAIN, fn.domain());
        assertEquals("ScaledRelu", fn.name());
        assertEquals(List.of("X"), fn.inputs());
        assertEquals(List.of("alpha", "perm"), fn.attributeNames());
        assertEquals(2, fn.nodes().size());
        assertTrue(fn.nodes().getFirst().attribute("alpha").isReference());
    }

    @Test
    void intermediateNamesDoNotCollideWithGraphNames() {
        // The graph already has a value called "c/T", the name the body's T would get.
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addOutput(value("out", FLOAT, 2L))
                .addNode(node("pre", "Relu", List.of("x"), List.of("c/T")))
                .addNode(call("c", "ScaledRelu", List.of("c/T"), List.of("out"),
                        AttributeProto.newBuilder().setName("alpha").setType(1).setF(1f).build()));
        Graph graph = load(withFunctions(g, scaledRelu()).build(), ImportLimits.DEFAULT).graph();
        Set<String> outputs = new HashSet<>();
        for (Node n : graph.nodes()) {
            for (String o : n.outputs()) {
                assertTrue(outputs.add(o), "duplicate value " + o);
            }
        }
        assertEquals(3, graph.nodes().size());
    }

    @Test
    void nestedCallsAndAttributeDefaultsAreResolved() {
        FunctionProto outer = FunctionProto.newBuilder().setName("Twice").setDomain(DOMAIN)
                .addInput("A").addOutput("B")
                .addAttributeProto(AttributeProto.newBuilder().setName("a").setType(1).setF(0.1f))
                .addAttributeProto(AttributeProto.newBuilder().setName("p").setType(7).addInts(0))
                .addNode(call("first", "ScaledRelu", List.of("A"), List.of("M"), ref("alpha", 1, "a"),
                        ref("perm", 7, "p")))
                .addNode(call("second", "ScaledRelu", List.of("M"), List.of("B"), ref("alpha", 1, "a")))
                .build();
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 4L)).addOutput(value("y", FLOAT, 4L))
                .addNode(call("t", "Twice", List.of("x"), List.of("y")));
        Graph graph = load(withFunctions(g, scaledRelu(), outer).build(), ImportLimits.DEFAULT).graph();
        assertEquals(4, graph.nodes().size());
        Node leaky = graph.node("t/first/leaky");
        assertEquals(0.1f, leaky.attrFloat("alpha", 0));
        assertEquals(List.of(0L), java.util.Arrays.stream(graph.node("t/first/tr").attrInts("perm", null)).boxed().toList());
        assertEquals(0.1f, graph.node("t/second/leaky").attrFloat("alpha", 0));
        assertEquals(List.of("x"), leaky.inputs());
        assertEquals(List.of("y"), graph.node("t/second/tr").outputs());
    }

    @Test
    void recursiveFunctionsHitTheDepthLimit() {
        FunctionProto loop = FunctionProto.newBuilder().setName("Forever").setDomain(DOMAIN)
                .addInput("A").addOutput("B")
                .addNode(call("again", "Forever", List.of("A"), List.of("B")))
                .build();
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 4L)).addOutput(value("y", FLOAT, 4L))
                .addNode(call("start", "Forever", List.of("x"), List.of("y")));
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> load(withFunctions(g, loop).build(), new ImportLimits(1 << 20, 1 << 20, 10_000, 16)));
        assertTrue(e.getMessage().contains("maxGraphDepth"), e.getMessage());
        assertTrue(e.getMessage().contains("Forever"), e.getMessage());
    }
}
