package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The blocked-layout rewrite on small graphs: which nodes become blocked, how many reorders the
 * region boundaries get, and that the rewritten graph, run through the runtime on the reference
 * backend (which executes the blocked operators' expansions), computes what the original did.
 */
class LayoutBlockedTest {

    private static final Orpheus ORPHEUS = Orpheus.embedded();
    private static final Set<String> FAST = Set.of("simd");
    private static final String REORDER_TO = "io.orpheus:ReorderToBlocked";
    private static final String REORDER_FROM = "io.orpheus:ReorderFromBlocked";
    private static final String BLOCKED_CONV = "io.orpheus:BlockedConv";

    static Graph applyWithFastBackend(Graph g, List<String> reports) {
        FakePassContext ctx = new FakePassContext(g, TestGraph.OPSETS, FAST);
        Graph typed = ctx.graph();
        Graph out = new LayoutBlocked().apply(typed, ctx);
        reports.addAll(ctx.reports);
        assertEquals(out != typed, !ctx.reports.isEmpty(), "reports " + ctx.reports);
        return out;
    }

    /**
     * The outputs of {@code g} through the runtime on the reference backend, passes off. The reference
     * has no blocked kernels; the runtime refuses to load operators no backend implements and expands
     * them only when planning, so they are expanded here as the planner would.
     */
    static Map<String, Tensor> runOnReference(Graph g, Map<String, Tensor> feeds) {
        Model m = new Model("test:layout-blocked", 8, Map.of("", 17L, FusedOperators.DOMAIN, 1L), "test", "1", 1, "",
                Map.of(), expandBlocked(g), List.of());
        try (Session s = ORPHEUS.load(m).newSession(SessionOptions.defaults().passes("none").backends("reference"))) {
            return s.run(feeds);
        }
    }

    static Graph expandBlocked(Graph g) {
        Graph.Builder b = g.toBuilder();
        b.nodes().clear();
        b.valueInfo().clear();
        for (Node n : g.nodes()) {
            boolean blocked = n.domain().equals(FusedOperators.DOMAIN) && !n.opType().startsWith("Fused");
            List<Node> body = blocked ? TestSchemas.INSTANCE.find(n.domain(), n.opType()).expand(n, 1) : null;
            if (body == null) {
                b.addNode(n);
            } else {
                body.forEach(b::addNode);
            }
        }
        return b.build();
    }

    private static Attribute pads(int p) {
        return Attribute.ofInts("pads", p, p, p, p);
    }

    /**
     * conv1 -> relu1 -> conv2 -> add(+relu1) -> relu2 = y, and relu1 also read by two nodes outside: one
     * reorder in (x), one out for relu1 however many outside readers it has, one out for y.
     */
    private static TestGraph residualBlock() {
        return new TestGraph(11).input("x", 1, 16, 10, 9)
                .weights("w1", -0.3, 0.3, 32, 16, 3, 3).weights("b1", -0.1, 0.1, 32)
                .weights("w2", -0.2, 0.2, 32, 32, 3, 3)
                .node("conv1", "Conv", List.of("x", "w1", "b1"), List.of("c1"), pads(1))
                .node("relu1", "Relu", List.of("c1"), List.of("r1"))
                .node("conv2", "Conv", List.of("r1", "w2"), List.of("c2"), pads(1))
                .node("add", "Add", List.of("c2", "r1"), List.of("s"))
                .node("relu2", "Relu", List.of("s"), List.of("y"))
                .node("flat", "Flatten", List.of("r1"), List.of("g"))
                .node("gmp", "GlobalMaxPool", List.of("r1"), List.of("h"))
                .output("y").output("g").output("h");
    }

    @Test
    void aResidualBlockBecomesOneRegionWithReordersOnlyAtItsBoundary() {
        TestGraph t = residualBlock();
        Graph before = t.build();
        List<String> reports = new ArrayList<>();
        Graph after = applyWithFastBackend(before, reports);
        Map<String, Integer> ops = TestGraph.opCounts(after);
        assertEquals(1, ops.get(REORDER_TO), ops.toString());
        assertEquals(2, ops.get(REORDER_FROM), ops.toString());
        assertEquals(2, ops.get(BLOCKED_CONV), ops.toString());
        assertEquals(null, ops.get("Conv"), ops.toString());
        assertEquals(1, reports.size(), reports.toString());
        assertTrue(reports.get(0).contains("5 nodes") && reports.get(0).contains("1 reorders in, 2 out"),
                reports.toString());
        Map<String, Tensor> feeds = t.feeds();
        TestGraph.assertClose(runOnReference(before, feeds), runOnReference(after, feeds), 1e-5);
    }

    @Test
    void channelConcatAndScalarPerChannelAndConstantOperandsStayBlocked() {
        TestGraph t = new TestGraph(12).input("x", 1, 32, 7, 6)
                .weights("wa", -0.3, 0.3, 16, 32, 1, 1).weights("wb", -0.2, 0.2, 16, 32, 3, 3)
                .weights("wc", -0.2, 0.2, 32, 32, 1, 1).weights("k", -1, 1, 1, 32, 7, 6)
                .init("half", Tensor.of(new float[] {0.5f}, 1)).weights("gamma", 0.5, 1.5, 32, 1, 1)
                .node("conva", "Conv", List.of("x", "wa"), List.of("ca"))
                .node("convb", "Conv", List.of("x", "wb"), List.of("cb"), pads(1))
                .node("cat", "Concat", List.of("ca", "cb"), List.of("cat_out"), Attribute.ofInt("axis", -3))
                .node("scale", "Mul", List.of("cat_out", "half"), List.of("m"))
                .node("shift", "Add", List.of("k", "m"), List.of("a"))
                .node("gain", "Mul", List.of("gamma", "a"), List.of("g"))
                .node("convc", "Conv", List.of("g", "wc"), List.of("y"), Attribute.ofInts("strides", 2, 2))
                .output("y");
        Graph before = t.build();
        Graph after = applyWithFastBackend(before, new ArrayList<>());
        Map<String, Integer> ops = TestGraph.opCounts(after);
        assertEquals(1, ops.get(REORDER_TO), "x is reordered once for both readers: " + ops);
        assertEquals(1, ops.get(REORDER_FROM), ops.toString());
        assertEquals(3, ops.get(BLOCKED_CONV), ops.toString());
        Node cat = after.nodes().stream().filter(n -> n.opType().equals("Concat")).findFirst().orElseThrow();
        assertEquals(1, cat.attrInt("axis", 0), "the channel concat joins blocks: axis 1 of the 5-D form");
        assertTrue(after.initializers().get(after.nodes().stream().filter(n -> n.opType().equals("Add")).findFirst()
                .orElseThrow().input(0)).rank() == 5, "the same-shape constant is stored blocked");
        Node gain = after.nodes().stream().filter(n -> n.name().equals("gain")).findFirst().orElseThrow();
        assertEquals(5, after.initializers().get(gain.input(0)).rank(), "the per-channel constant is blocked");
        Map<String, Tensor> feeds = t.feeds();
        TestGraph.assertClose(runOnReference(before, feeds), runOnReference(after, feeds), 1e-5);
    }

    @Test
    void fusedConvolutionsKeepTheirEpilogueAndTheResidualIsBlocked() {
        TestGraph t = new TestGraph(13).input("x", 2, 16, 9, 11).input("z", 2, 16, 5, 6)
                .weights("w1", -0.3, 0.3, 16, 16, 3, 3).weights("b1", -0.1, 0.1, 16)
                .weights("w2", -0.3, 0.3, 16, 16, 3, 3)
                .node("conv1", "Conv", List.of("x", "w1", "b1"), List.of("c1"), pads(1),
                        Attribute.ofInts("strides", 2, 2))
                .node("add", "Add", List.of("c1", "z"), List.of("s"))
                .node("act", "LeakyRelu", List.of("s"), List.of("r"), Attribute.ofFloat("alpha", 0.2f))
                .node("conv2", "Conv", List.of("r", "w2"), List.of("y"), Attribute.ofInts("dilations", 2, 2), pads(2))
                .output("y");
        Graph before = t.build();
        List<String> reports = new ArrayList<>();
        Graph fused = FakePassContext.runAll(before, TestGraph.OPSETS, List.of(new FuseResidual()), reports);
        assertEquals(1, TestGraph.count(fused, "io.orpheus:FusedConv"));
        Graph after = applyWithFastBackend(fused, reports);
        Map<String, Integer> ops = TestGraph.opCounts(after);
        assertEquals(2, ops.get(REORDER_TO), "x and the residual z: " + ops);
        assertEquals(1, ops.get(REORDER_FROM), ops.toString());
        Node first = after.nodes().stream().filter(n -> n.name().equals("conv1")).findFirst().orElseThrow();
        assertEquals("BlockedConv", first.opType());
        assertEquals("LeakyRelu", first.attrString("activation", ""));
        Map<String, Tensor> feeds = t.feeds();
        TestGraph.assertClose(runOnReference(before, feeds), runOnReference(after, feeds), 1e-5);
    }

    /**
     * MobileNet's pattern: pointwise, depthwise (stride 2, padded), pointwise. The depthwise convolution
     * joins the region, keeping its group; a grouped one that is not depthwise ends it.
     */
    @Test
    void depthwiseConvolutionsJoinTheRegionButOtherGroupsDoNot() {
        TestGraph t = new TestGraph(16).input("x", 1, 16, 11, 9)
                .weights("w1", -0.3, 0.3, 32, 16, 1, 1).weights("dw", -0.5, 0.5, 32, 1, 3, 3)
                .weights("bdw", -0.1, 0.1, 32).weights("w2", -0.3, 0.3, 32, 32, 1, 1)
                .weights("wg", -0.3, 0.3, 32, 16, 3, 3)
                .node("pw1", "Conv", List.of("x", "w1"), List.of("p1"))
                .node("relu1", "Relu", List.of("p1"), List.of("r1"))
                .node("dw", "Conv", List.of("r1", "dw", "bdw"), List.of("d"), pads(1),
                        Attribute.ofInts("strides", 2, 2), Attribute.ofInt("group", 32))
                .node("relu2", "Relu", List.of("d"), List.of("r2"))
                .node("pw2", "Conv", List.of("r2", "w2"), List.of("p2"))
                .node("grouped", "Conv", List.of("p2", "wg"), List.of("y"), pads(1), Attribute.ofInt("group", 2))
                .output("y");
        Graph before = t.build();
        List<String> reports = new ArrayList<>();
        Graph after = applyWithFastBackend(before, reports);
        Map<String, Integer> ops = TestGraph.opCounts(after);
        assertEquals(3, ops.get(BLOCKED_CONV), ops.toString());
        assertEquals(1, ops.get(REORDER_TO), ops.toString());
        assertEquals(1, ops.get(REORDER_FROM), ops.toString());
        assertEquals(1, ops.get("Conv"), "the group-2 convolution stays in NCHW: " + ops);
        Node dw = after.nodes().stream().filter(n -> n.name().equals("dw")).findFirst().orElseThrow();
        assertEquals("BlockedConv", dw.opType());
        assertEquals(32, dw.attrInt("group", 1));
        assertEquals(1, reports.size(), reports.toString());
        Map<String, Tensor> feeds = t.feeds();
        TestGraph.assertClose(runOnReference(before, feeds), runOnReference(after, feeds), 1e-5);
    }

    /**
     * A pre-activation block: conv1 -> Mul(scale) -> Add(shift) -> Relu -> conv2 (a batch normalization that
     * cannot fold into a convolution). The scale, shift and Relu become one depthwise 1x1 BlockedConv with
     * the Relu fused; a scale whose product has a second reader stays Mul and Add.
     */
    @Test
    void aScaleShiftAfterAConvolutionBecomesADepthwiseConvolutionInTheRegion() {
        TestGraph t = new TestGraph(18).input("x", 1, 32, 7, 9)
                .weights("w1", -0.3, 0.3, 32, 32, 3, 3).weights("w2", -0.3, 0.3, 32, 32, 3, 3)
                .weights("s", 0.5, 1.5, 32, 1, 1).weights("b", -0.5, 0.5, 1, 32, 1, 1)
                .weights("s2", 0.5, 1.5, 32, 1, 1).weights("b2", -0.5, 0.5, 32, 1, 1)
                .node("conv1", "Conv", List.of("x", "w1"), List.of("c1"), pads(1))
                .node("bn_mul", "Mul", List.of("s", "c1"), List.of("m"))
                .node("bn_add", "Add", List.of("m", "b"), List.of("a"))
                .node("relu", "Relu", List.of("a"), List.of("r"))
                .node("conv2", "Conv", List.of("r", "w2"), List.of("c2"), pads(1))
                .node("bn2_mul", "Mul", List.of("c2", "s2"), List.of("m2"))
                .node("bn2_add", "Add", List.of("m2", "b2"), List.of("a2"))
                .node("also", "Sigmoid", List.of("m2"), List.of("g"))
                .output("a2").output("g");
        Graph before = t.build();
        List<String> reports = new ArrayList<>();
        Graph after = applyWithFastBackend(before, reports);
        Map<String, Integer> ops = TestGraph.opCounts(after);
        assertEquals(3, ops.get(BLOCKED_CONV), ops.toString());
        assertEquals(null, ops.get("Relu"), ops.toString());
        assertEquals(1, ops.get("Mul"), "the scale read twice stays: " + ops);
        assertEquals(1, ops.get("Add"), ops.toString());
        Node dw = after.nodes().stream().filter(n -> n.name().equals("bn_scale_shift")).findFirst().orElseThrow();
        assertEquals("BlockedConv", dw.opType());
        assertEquals(32, dw.attrInt("group", 1));
        assertEquals("Relu", dw.attrString(FusedActivation.ATTR, ""));
        assertEquals(List.of(32L, 1L, 1L, 1L), java.util.Arrays.stream(
                after.initializers().get(dw.input(1)).shape()).boxed().toList());
        assertTrue(reports.stream().anyMatch(r -> r.contains("bn_mul (Mul) and bn_add (Add) and relu (Relu) into the "
                + "depthwise 1x1 convolution bn_scale_shift")), reports.toString());
        Map<String, Tensor> feeds = t.feeds();
        TestGraph.assertClose(runOnReference(before, feeds), runOnReference(after, feeds), 1e-5);
    }

    /** A 3-channel stem reads the NCHW input and writes blocked: the region needs no reorder in. */
    @Test
    void aStemConvolutionOfThreeChannelsBeginsTheRegionWithoutAReorder() {
        TestGraph t = new TestGraph(17).input("x", 2, 3, 15, 13)
                .weights("ws", -0.3, 0.3, 32, 3, 3, 3).weights("bs", -0.1, 0.1, 32)
                .weights("w2", -0.2, 0.2, 16, 32, 1, 1)
                .node("stem", "Conv", List.of("x", "ws", "bs"), List.of("s"), pads(1), Attribute.ofInts("strides", 2, 2))
                .node("relu", "Relu", List.of("s"), List.of("r"))
                .node("pool", "MaxPool", List.of("r"), List.of("p"), Attribute.ofInts("kernel_shape", 3, 3),
                        Attribute.ofInts("strides", 2, 2), pads(1))
                .node("conv2", "Conv", List.of("p", "w2"), List.of("y"))
                .output("y");
        Graph before = t.build();
        List<String> reports = new ArrayList<>();
        Graph after = applyWithFastBackend(before, reports);
        Map<String, Integer> ops = TestGraph.opCounts(after);
        assertEquals(null, ops.get(REORDER_TO), ops.toString());
        assertEquals(1, ops.get(REORDER_FROM), ops.toString());
        assertEquals(2, ops.get(BLOCKED_CONV), ops.toString());
        assertEquals(1, ops.get("io.orpheus:BlockedMaxPool"), "the pool after the stem is inside the region: " + ops);
        Node stem = after.nodes().stream().filter(n -> n.name().equals("stem")).findFirst().orElseThrow();
        assertEquals("x", stem.input(0));
        assertEquals(1, stem.attrInt(BlockedLayout.NCHW_INPUT_ATTR, 0));
        Node conv2 = after.nodes().stream().filter(n -> n.name().equals("conv2")).findFirst().orElseThrow();
        assertEquals(0, conv2.attrInt(BlockedLayout.NCHW_INPUT_ATTR, 0));
        assertTrue(reports.get(0).contains("0 reorders in, 1 out"), reports.toString());
        Map<String, Tensor> feeds = t.feeds();
        TestGraph.assertClose(runOnReference(before, feeds), runOnReference(after, feeds), 1e-5);
    }

    @Test
    void aLoneConvolutionBetweenUnblockableOnesIsARegionOfItsOwn() {
        TestGraph t = new TestGraph(15).input("x", 1, 24, 8, 8)
                .weights("w1", -0.3, 0.3, 24, 24, 3, 3).weights("w2", -0.3, 0.3, 32, 12, 3, 3)
                .weights("w3", -0.3, 0.3, 32, 32, 1, 1).weights("w4", -0.3, 0.3, 64, 1, 3, 3)
                .node("odd", "Conv", List.of("x", "w1"), List.of("a"), pads(1))
                .node("grouped", "Conv", List.of("a", "w2"), List.of("b"), pads(1), Attribute.ofInt("group", 2))
                .node("lone", "Conv", List.of("b", "w3"), List.of("c"))
                .node("multiplier", "Conv", List.of("c", "w4"), List.of("d"), pads(1), Attribute.ofInt("group", 32));
        Graph before = t.output("d").build();
        FakePassContext ctx = new FakePassContext(before, TestGraph.OPSETS, FAST);
        Graph after = new LayoutBlocked().apply(ctx.graph(), ctx);
        Map<String, Integer> ops = TestGraph.opCounts(after);
        assertEquals(1, ops.get(BLOCKED_CONV), ops.toString());
        assertEquals(3, ops.get("Conv"), ops.toString());
        assertEquals(BLOCKED_CONV, after.node("lone").qualifiedOp());
        assertEquals(1, ops.get(REORDER_TO), ops.toString());
        assertEquals(1, ops.get(REORDER_FROM), ops.toString());
        Map<String, Tensor> feeds = t.feeds();
        TestGraph.assertClose(runOnReference(before, feeds), runOnReference(after, feeds), 1e-5);
    }

    private static Attribute[] window3x3(int stride) {
        return new Attribute[] {Attribute.ofInts("kernel_shape", 3, 3), Attribute.ofInts("strides", stride, stride), pads(1)};
    }

    @Test
    void aLoneWindowPoolIsARegionOfItsOwnWithTheNodesAfterIt() {
        TestGraph t = new TestGraph(19).input("x", 2, 32, 11, 9)
                .node("pool", "MaxPool", List.of("x"), List.of("p"), window3x3(2))
                .node("relu", "Relu", List.of("p"), List.of("y"))
                .node("avg", "AveragePool", List.of("x"), List.of("z"), window3x3(1))
                .output("y").output("z");
        Graph before = t.build();
        List<String> reports = new ArrayList<>();
        Graph after = applyWithFastBackend(before, reports);
        Map<String, Integer> ops = TestGraph.opCounts(after);
        assertEquals(1, ops.get("io.orpheus:BlockedMaxPool"), ops.toString());
        assertEquals(1, ops.get("io.orpheus:BlockedAveragePool"), ops.toString());
        assertEquals(null, ops.get("MaxPool"), ops.toString());
        Node relu = after.nodes().stream().filter(n -> n.name().equals("relu")).findFirst().orElseThrow();
        assertTrue(relu.input(0).endsWith("__nchw16c"), "the Relu after the pool runs on its blocked output: " + relu);
        assertEquals(1, ops.get(REORDER_TO), "both pools read one reorder of x: " + ops);
        assertEquals(2, ops.get(REORDER_FROM), ops.toString());
        assertTrue(reports.get(0).contains("0 convolutions"), reports.toString());
        Map<String, Tensor> feeds = t.feeds();
        TestGraph.assertClose(runOnReference(before, feeds), runOnReference(after, feeds), 1e-5);
    }

    @Test
    void aLoneGlobalPoolAndAPoolBeforeAConvolutionStayInNchw() {
        TestGraph t = new TestGraph(23).input("x", 1, 32, 12, 12)
                .weights("w", -0.3, 0.3, 16, 32, 1, 1)
                .node("gap", "GlobalAveragePool", List.of("x"), List.of("g"))
                .node("pool", "MaxPool", List.of("x"), List.of("p"), window3x3(2))
                .node("conv", "Conv", List.of("p", "w"), List.of("y"))
                .output("g").output("y");
        Graph before = t.build();
        Graph after = applyWithFastBackend(before, new ArrayList<>());
        Map<String, Integer> ops = TestGraph.opCounts(after);
        assertEquals(1, ops.get("GlobalAveragePool"), "a global pool alone: its reorder would cost more than it: " + ops);
        assertEquals(1, ops.get("MaxPool"), "an entry pool reorders its smaller output instead: " + ops);
        assertEquals(1, ops.get(BLOCKED_CONV), ops.toString());
        Map<String, Tensor> feeds = t.feeds();
        TestGraph.assertClose(runOnReference(before, feeds), runOnReference(after, feeds), 1e-5);
    }
}
