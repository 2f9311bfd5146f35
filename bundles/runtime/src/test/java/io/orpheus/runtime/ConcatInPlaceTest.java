package io.orpheus.runtime;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.AttributeType;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.op.Signature;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Producers that write slices put their outputs straight into a Concat's output; the rest is copied. */
class ConcatInPlaceTest {

    /** Concat along an axis, enough of it for these tests. */
    private static final class ConcatSchema implements OperatorSchema {
        @Override public String domain() { return ""; }
        @Override public String opType() { return "Concat"; }
        @Override public int[] sinceVersions() { return new int[] {13}; }
        @Override public Signature signature(int version) {
            return new Signature(1, Signature.VARIADIC, 1, 1, List.of(AttributeRule.required("axis", AttributeType.INT)));
        }
        @Override public void inferTypes(InferenceContext ctx) {
            int axis = (int) ctx.node().attrInt("axis", 0);
            List<Dim> shape = new ArrayList<>(ctx.inputType(0).shape());
            long sum = 0;
            for (int i = 0; i < ctx.inputCount(); i++) {
                sum += ctx.inputType(i).shape().get(axis).value();
            }
            shape.set(axis, Dim.of(sum));
            ctx.setOutput(0, ctx.inputType(0).dtype(), shape);
        }
    }

    /** Relu writing slices when {@code honoursSlices}; else ignoring ctx.output and returning a fresh tensor. */
    private static OpImplementation relu(String name, boolean honoursSlices) {
        return new OpImplementation() {
            @Override public String opType() { return "Relu"; }
            @Override public String name() { return name; }
            @Override public boolean writesOutputSlices() { return true; }
            @Override public Support supports(NodeContext node) { return Support.yes(); }
            @Override public Kernel prepare(NodeContext node) {
                return ctx -> {
                    Tensor x = ctx.input(0);
                    Tensor y = honoursSlices ? ctx.output(0, DataType.FLOAT, x.shape()) : Tensor.allocate(DataType.FLOAT, x.shape());
                    float[] src = x.floats();
                    float[] dst = y.floats();
                    int o = y.arrayOffset();
                    for (int i = 0; i < x.size(); i++) {
                        dst[o + i] = Math.max(0, src[x.arrayOffset() + i]);
                    }
                    if (!honoursSlices) {
                        ctx.setOutput(0, y);
                    }
                };
            }
        };
    }

    private static OpImplementation copyingConcat() {
        return new OpImplementation() {
            @Override public String opType() { return "Concat"; }
            @Override public String name() { return "plain.concat"; }
            @Override public Support supports(NodeContext node) { return Support.yes(); }
            @Override public Kernel prepare(NodeContext node) {
                return (KernelContext ctx) -> {
                    ValueInfo t = node.outputType(0);
                    Tensor out = ctx.output(0, DataType.FLOAT, t.concreteShape());
                    int at = 0;
                    for (int i = 0; i < ctx.inputCount(); i++) {
                        Tensor in = ctx.input(i);
                        System.arraycopy(in.floats(), in.arrayOffset(), out.floats(), at, in.size());
                        at += in.size();
                    }
                };
            }
        };
    }

    private record Parts(List<OpImplementation> impls) implements Backend {
        @Override public String id() { return "parts"; }
        @Override public String version() { return "1"; }
        @Override public Availability availability() { return Availability.available("test"); }
        @Override public List<OpImplementation> implementations() { return impls; }
    }

    private static Orpheus runtime(OpImplementation relu) {
        OperatorSet ops = new OperatorSet() {
            @Override public String name() { return "tiny+concat"; }
            @Override public Collection<OperatorSchema> schemas() {
                List<OperatorSchema> all = new ArrayList<>(TinyOps.operators().schemas());
                all.add(new ConcatSchema());
                return all;
            }
        };
        return Orpheus.builder().addOperatorSet(ops).addBackend(new Parts(List.of(relu, copyingConcat())))
                .addBackend(new TinyOps.CountingBackend("add", 50)).build();
    }

    /** y = Concat(Relu(x), Relu(-ish x via Add), x + x, axis 1) over x[1,2,2]. */
    private static Model model() {
        ValueInfo x = new ValueInfo("x", DataType.FLOAT, List.of(Dim.of(1), Dim.of(2), Dim.of(2)), "");
        Graph g = Graph.builder().name("g").addInput(x)
                .addNode(Node.of("r1", "Relu", List.of("x"), List.of("a")))
                .addNode(Node.of("sum", "Add", List.of("x", "x"), List.of("s")))
                .addNode(Node.of("r2", "Relu", List.of("s"), List.of("b")))
                .addNode(Node.of("cat", "Concat", List.of("a", "b", "s", "x"), List.of("y"), Attribute.ofInt("axis", 1)))
                .addOutput(ValueInfo.unknown("y"))
                .build();
        return new Model("test", 8, Map.of("", 14L), "", "", 0, "", Map.of(), g, List.of());
    }

    private static final float[] X = {-1, 2, 3, -4};
    private static final float[] EXPECTED = {0, 2, 3, 0, 0, 4, 6, 0, -2, 4, 6, -8, -1, 2, 3, -4};

    @Test
    void producersWriteIntoTheConcatAndOtherInputsAreCopied() {
        try (Session s = runtime(relu("slices.relu", true)).load(model()).newSession()) {
            String why = s.plan().steps().stream().filter(st -> st.node().equals("cat")).findFirst().orElseThrow().why();
            assertTrue(why.startsWith("in place: 2 of 4 inputs") && why.contains("[s, x]"), why);
            for (int r = 0; r < 3; r++) {
                assertArrayEquals(EXPECTED, s.run(Map.of("x", Tensor.of(X.clone(), 1, 2, 2))).get("y").floats());
            }
        }
    }

    @Test
    void aProducerThatReturnsItsOwnTensorAnywayIsCopied() {
        try (Session s = runtime(relu("stubborn.relu", false)).load(model()).newSession()) {
            for (int r = 0; r < 3; r++) {
                assertArrayEquals(EXPECTED, s.run(Map.of("x", Tensor.of(X.clone(), 1, 2, 2))).get("y").floats());
            }
        }
    }
}
