package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.SchemaRegistry;
import io.orpheus.api.pass.PassContext;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Values a nested graph (an If branch) reads from the enclosing graph keep their names and producers. */
class SubgraphCaptureTest {

    /** Enough context for passes that need no types: nothing is known. */
    private static final PassContext NO_TYPES = new PassContext() {
        @Override public SchemaRegistry schemas() { return TestSchemas.INSTANCE; }
        @Override public Map<String, Long> opsetImports() { return TestGraph.OPSETS; }
        @Override public void report(String change) { }
        @Override public ValueInfo typeOf(String value) { return null; }
        @Override public int opVersion(Node node) { return -1; }
        @Override public Tensor[] evaluate(Node node, Tensor... inputs) {
            throw new UnsupportedOperationException("no evaluation here");
        }
    };

    private static Graph branch(String op, String captured, String out) {
        return Graph.builder().name(op).addNode(Node.of(op + "_n", op, List.of(captured, "w_inner"), List.of(out)))
                .addOutput(ValueInfo.unknown(out)).build();
    }

    private static Graph withIf() {
        return Graph.builder().name("g")
                .addInput(ValueInfo.of("x", DataType.FLOAT, 3)).addInput(ValueInfo.of("cond", DataType.BOOL))
                .addInitializer("w_inner", Tensor.of(new float[] {1, 2, 3}, 3))
                .addNode(Node.of("id", "Identity", List.of("x"), List.of("a")))
                .addNode(Node.of("if", "If", List.of("cond"), List.of("y"),
                        Attribute.of("then_branch", io.orpheus.api.graph.AttributeType.GRAPH, branch("Add", "a", "t")),
                        Attribute.of("else_branch", io.orpheus.api.graph.AttributeType.GRAPH, branch("Mul", "a", "e"))))
                .addOutput(ValueInfo.unknown("y")).build();
    }

    @Test
    void capturedValuesAreNeitherBypassedNorDeleted() {
        Graph g = withIf();
        assertSame(g, new EliminateIdentity().apply(g, NO_TYPES));
        assertSame(g, new EliminateDead().apply(g, NO_TYPES));
        assertSame(g, new FoldConstants().apply(g, NO_TYPES));
        assertTrue(g.initializers().containsKey("w_inner"));
    }
}
