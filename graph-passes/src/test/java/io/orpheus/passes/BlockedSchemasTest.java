package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.OperatorSchema;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The blocked operators' schemas: inferred shapes, refusals that name the reason, and the reorders'
 * expansion against an independent element-by-element blocking.
 */
class BlockedSchemasTest {

    private static ValueInfo inferred(Graph g, String value) {
        return new TypeInference(g, TestGraph.OPSETS).graph.typeOf(value);
    }

    private static Graph oneNode(Node n, ValueInfo... inputs) {
        Graph.Builder b = Graph.builder().name("schema");
        for (ValueInfo v : inputs) {
            b.addInput(v);
        }
        return b.addNode(n).addOutput(ValueInfo.unknown(n.output(0))).build();
    }

    private static Node blocked(String name, String op, List<String> in, Attribute... attrs) {
        Map<String, Attribute> m = new java.util.LinkedHashMap<>();
        for (Attribute a : attrs) {
            m.put(a.name(), a);
        }
        return new Node(name, op, FusedOperators.DOMAIN, in, List.of("y"), m, "");
    }

    @Test
    void shapesOfTheBlockedOperators() {
        ValueInfo x = ValueInfo.of("x", DataType.FLOAT, 1, 32, 15, 13);
        assertEquals(List.of(1L, 2L, 15L, 13L, 16L), inferred(oneNode(BlockedLayout.reorderTo("r", "x", "y"), x), "y")
                .shape().stream().map(d -> d.value()).toList());
        ValueInfo xb = ValueInfo.of("x", DataType.FLOAT, 1, 2, 15, 13, 16);
        ValueInfo w = ValueInfo.of("w", DataType.FLOAT, 48, 32, 3, 3);
        Node conv = blocked("c", "BlockedConv", List.of("x", "w"), Attribute.ofInts("strides", 2, 2),
                Attribute.ofInts("pads", 1, 1, 1, 1));
        assertArrayEquals(new long[] {1, 3, 8, 7, 16}, inferred(oneNode(conv, xb, w), "y").concreteShape());
        Node pool = blocked("p", "BlockedMaxPool", List.of("x"), Attribute.ofInts("kernel_shape", 2, 2),
                Attribute.ofInts("strides", 2, 2), Attribute.ofInt("ceil_mode", 1));
        assertArrayEquals(new long[] {1, 2, 8, 7, 16}, inferred(oneNode(pool, xb), "y").concreteShape());
        Node gap = blocked("g", "BlockedGlobalAveragePool", List.of("x"));
        assertArrayEquals(new long[] {1, 2, 1, 1, 16}, inferred(oneNode(gap, xb), "y").concreteShape());
        assertArrayEquals(new long[] {1, 32, 15, 13},
                inferred(oneNode(BlockedLayout.reorderFrom("f", "x", "y", 32), xb), "y").concreteShape());
    }

    @Test
    void refusalsNameTheReason() {
        ValueInfo x = ValueInfo.of("x", DataType.FLOAT, 1, 24, 4, 4);
        Throwable e = assertThrows(RuntimeException.class,
                () -> inferred(oneNode(BlockedLayout.reorderTo("r", "x", "y"), x), "y"));
        assertTrue(e.getMessage().contains("24 channels are not a multiple of the block 16"), e.getMessage());
        ValueInfo xb = ValueInfo.of("x", DataType.FLOAT, 1, 2, 4, 4, 16);
        e = assertThrows(RuntimeException.class,
                () -> inferred(oneNode(BlockedLayout.reorderFrom("f", "x", "y", 40), xb), "y"));
        assertTrue(e.getMessage().contains("padded blocks are not supported"), e.getMessage());
        OperatorSchema conv = TestSchemas.INSTANCE.find(FusedOperators.DOMAIN, "BlockedConv");
        List<String> problems = conv.validate(blocked("c", "BlockedConv", List.of("x", "w"), Attribute.ofInt("group", 0)), 1);
        assertTrue(problems.stream().anyMatch(p -> p.contains("group 0")), problems.toString());
        ValueInfo x32 = ValueInfo.of("x", DataType.FLOAT, 1, 2, 4, 4, 16);
        for (ValueInfo w : List.of(ValueInfo.of("w", DataType.FLOAT, 32, 16, 3, 3),
                ValueInfo.of("w", DataType.FLOAT, 64, 1, 3, 3))) {
            long group = w.shape().get(1).value() == 1 ? 32 : 2;
            Node grouped = blocked("c", "BlockedConv", List.of("x", "w"), Attribute.ofInt("group", group));
            e = assertThrows(RuntimeException.class, () -> inferred(oneNode(grouped, x32, w), "y"));
            assertTrue(e.getMessage().contains("group " + group + "; a blocked convolution has group 1 or is depthwise"),
                    e.getMessage());
        }
    }

    @Test
    void nchwInputBlockedConvolution() {
        OperatorSchema conv = TestSchemas.INSTANCE.find(FusedOperators.DOMAIN, "BlockedConv");
        Node stem = blocked("stem", "BlockedConv", List.of("x", "w"), Attribute.ofInt(BlockedLayout.NCHW_INPUT_ATTR, 1),
                Attribute.ofInts("strides", 2, 2), Attribute.ofInts("pads", 3, 3, 3, 3));
        assertTrue(conv.validate(stem, 1).isEmpty(), conv.validate(stem, 1).toString());
        ValueInfo x = ValueInfo.of("x", DataType.FLOAT, 1, 3, 224, 224);
        ValueInfo w = ValueInfo.of("w", DataType.FLOAT, 64, 3, 7, 7);
        assertArrayEquals(new long[] {1, 4, 112, 112, 16}, inferred(oneNode(stem, x, w), "y").concreteShape());
        List<Node> expansion = conv.expand(stem, 1);
        Node fused = expansion.stream().filter(n -> n.opType().equals("FusedConv")).findFirst().orElseThrow();
        assertEquals("x", fused.input(0), "the NCHW input goes to the convolution as it is");
        assertTrue(!fused.has(BlockedLayout.NCHW_INPUT_ATTR) && !fused.has(BlockedLayout.BLOCK_ATTR));
        ValueInfo xb = ValueInfo.of("x", DataType.FLOAT, 1, 1, 224, 224, 16);
        Throwable e = assertThrows(RuntimeException.class, () -> inferred(oneNode(stem, xb, w), "y"));
        assertTrue(e.getMessage().contains("expected an NCHW X"), e.getMessage());
        Node grouped = blocked("g", "BlockedConv", List.of("x", "w"), Attribute.ofInt(BlockedLayout.NCHW_INPUT_ATTR, 1),
                Attribute.ofInt("group", 3));
        assertTrue(conv.validate(grouped, 1).stream().anyMatch(p -> p.contains("only group 1 reads NCHW")));
    }

    @Test
    void depthwiseBlockedConvolution() {
        OperatorSchema conv = TestSchemas.INSTANCE.find(FusedOperators.DOMAIN, "BlockedConv");
        Node dw = blocked("dw", "BlockedConv", List.of("x", "w"), Attribute.ofInt("group", 48),
                Attribute.ofInts("strides", 2, 2), Attribute.ofInts("pads", 1, 1, 1, 1));
        assertTrue(conv.validate(dw, 1).isEmpty(), conv.validate(dw, 1).toString());
        ValueInfo xb = ValueInfo.of("x", DataType.FLOAT, 1, 3, 15, 12, 16);
        ValueInfo w = ValueInfo.of("w", DataType.FLOAT, 48, 1, 3, 3);
        assertArrayEquals(new long[] {1, 3, 8, 6, 16}, inferred(oneNode(dw, xb, w), "y").concreteShape());
        Node expanded = conv.expand(dw, 1).stream().filter(n -> n.opType().equals("FusedConv")).findFirst()
                .orElseThrow();
        assertEquals(48, expanded.attrInt("group", 1), "the expansion keeps the group");
        assertTrue(conv.examples().stream().anyMatch(ex -> ex.node().attrInt("group", 1) > 1
                && ex.node().attrInts("strides", new long[] {1, 1})[0] == 2), "a strided depthwise example");
    }

    /** ReorderToBlocked's expansion, then ReorderFromBlocked's, against element-by-element index arithmetic. */
    @Test
    void reorderExpansionsMatchTheLayoutDefinition() {
        Tensor x = TestGraph.random(new SplittableRandom(3), -1, 1, 2, 48, 3, 5);
        Graph to = LayoutBlockedTest.expandBlocked(Graph.builder().name("to")
                .addInput(ValueInfo.of("x", DataType.FLOAT, 2, 48, 3, 5))
                .addNode(BlockedLayout.reorderTo("to", "x", "b"))
                .addNode(BlockedLayout.reorderFrom("from", "b", "y", 48))
                .addOutput(ValueInfo.unknown("b")).addOutput(ValueInfo.unknown("y")).build());
        Map<String, Tensor> out = Interpreter.run(to, TestGraph.OPSETS, Map.of("x", x));
        Tensor b = out.get("b");
        assertArrayEquals(new long[] {2, 3, 3, 5, 16}, b.shape());
        float[] xs = x.floats();
        float[] bs = b.toHeap().floats();
        for (int n = 0; n < 2; n++) {
            for (int c = 0; c < 48; c++) {
                for (int p = 0; p < 15; p++) {
                    assertEquals(xs[(n * 48 + c) * 15 + p], bs[((n * 3 + c / 16) * 15 + p) * 16 + c % 16]);
                }
            }
        }
        assertArrayEquals(xs, out.get("y").toHeap().floats());
        assertArrayEquals(bs, BlockedLayout.block(x, 16).floats(), "the pass's constant blocking agrees");
    }
}
