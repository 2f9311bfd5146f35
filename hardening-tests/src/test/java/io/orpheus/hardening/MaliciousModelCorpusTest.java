package io.orpheus.hardening;

import static io.orpheus.hardening.HostileProtos.FLOAT;
import static io.orpheus.hardening.HostileProtos.INT64;
import static io.orpheus.hardening.HostileProtos.floats;
import static io.orpheus.hardening.HostileProtos.intAttr;
import static io.orpheus.hardening.HostileProtos.intsAttr;
import static io.orpheus.hardening.HostileProtos.longs;
import static io.orpheus.hardening.HostileProtos.model;
import static io.orpheus.hardening.HostileProtos.node;
import static io.orpheus.hardening.HostileProtos.reluGraph;
import static io.orpheus.hardening.HostileProtos.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hand-made malicious models, built in code (no binary files committed), each with the error it
 * must produce: the exception type and a message naming the file, node or tensor and the reason.
 */
class MaliciousModelCorpusTest {
    private static final long TIMEOUT_MILLIS = 20_000;
    private static ModelCaseRunner runner;

    @TempDir
    Path tmp;

    @BeforeAll
    static void orpheus() {
        runner = new ModelCaseRunner(ModelCaseRunner.standardOrpheus(), TIMEOUT_MILLIS);
    }

    private CaseResult run(ModelProto m) throws IOException {
        return run(m.toByteArray());
    }

    private CaseResult run(byte[] bytes) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Path file = dir.resolve("evil.onnx");
        Files.write(file, bytes);
        return runner.run(file, 1);
    }

    /** Asserts the outcome is one of {@code expected} and the message names every part. */
    private static void assertRefused(CaseResult r, Set<Outcome> expected, String... parts) {
        assertTrue(expected.contains(r.outcome()), "expected " + expected + ", got " + r.describe());
        String message = r.error().getMessage();
        System.out.println("refused as expected: " + r.outcome() + ": " + message);
        for (String p : parts) {
            assertTrue(message.contains(p), "'" + p + "' missing from: " + message);
        }
    }

    private static final Set<Outcome> LOAD = EnumSet.of(Outcome.MODEL_LOAD_EXCEPTION);
    private static final Set<Outcome> LOAD_OR_PLAN = EnumSet.of(Outcome.MODEL_LOAD_EXCEPTION,
            Outcome.UNSUPPORTED_MODEL, Outcome.SHAPE_INFERENCE_EXCEPTION);
    private static final Set<Outcome> ANY_DOCUMENTED = EnumSet.of(Outcome.MODEL_LOAD_EXCEPTION,
            Outcome.UNSUPPORTED_MODEL, Outcome.SHAPE_INFERENCE_EXCEPTION, Outcome.KERNEL_EXCEPTION);

    private ModelProto withExternal(long[] dims, Map<String, String> entries) {
        return model(reluGraph().addInitializer(HostileProtos.external("w", dims, entries))).build();
    }

    // ---- external data ------------------------------------------------------------------------

    @Test
    void externalDataAtAnAbsolutePath() throws IOException {
        assertRefused(run(withExternal(new long[]{4}, Map.of("location", "/etc/passwd"))), LOAD,
                "evil.onnx", "initializer 'w'", "/etc/passwd", "absolute");
    }

    @Test
    void externalDataClimbingOutWithDotDot() throws IOException {
        Files.write(tmp.resolve("secret.bin"), new byte[16]);
        assertRefused(run(withExternal(new long[]{4}, Map.of("location", "../secret.bin"))), LOAD,
                "evil.onnx", "initializer 'w'", "../secret.bin", "climbs out");
    }

    @Test
    void externalDataThroughASymlinkLeavingTheDirectory() throws IOException {
        Path secret = Files.write(tmp.resolve("secret.bin"), new byte[16]);
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Files.createSymbolicLink(dir.resolve("weights.bin"), secret);
        assertRefused(run(withExternal(new long[]{4}, Map.of("location", "weights.bin"))), LOAD,
                "evil.onnx", "initializer 'w'", "weights.bin", "outside the model's directory");
    }

    @Test
    void externalDataPastTheEndOfTheFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Files.write(dir.resolve("weights.bin"), new byte[16]);
        assertRefused(run(withExternal(new long[]{4}, Map.of("location", "weights.bin", "offset", "8",
                "length", "16"))), LOAD,
                "evil.onnx", "initializer 'w'", "past the end", "16 bytes");
        assertRefused(run(withExternal(new long[]{4}, Map.of("location", "weights.bin", "offset", "64"))), LOAD,
                "initializer 'w'", "offset 64", "past the end");
    }

    @Test
    void hugeTensorDeclaredOverAOneKilobyteFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Files.write(dir.resolve("weights.bin"), new byte[1024]);
        assertRefused(run(withExternal(new long[]{1L << 40}, Map.of("location", "weights.bin"))), LOAD,
                "evil.onnx", "initializer 'w'", "1099511627776");
    }

    // ---- structure ----------------------------------------------------------------------------

    @Test
    void ifBodiesNestedTenThousandDeep() throws IOException {
        byte[] bytes = HostileProtos.withMergedGraph(model(reluGraph()).build().toByteArray(),
                HostileProtos.nestedGraph("If", "then_branch", 10_000));
        assertRefused(run(bytes), LOAD, "evil.onnx", "nesting");
    }

    @Test
    void loopBodiesNestedTenThousandDeep() throws IOException {
        byte[] bytes = HostileProtos.withMergedGraph(model(reluGraph()).build().toByteArray(),
                HostileProtos.nestedGraph("Loop", "body", 10_000));
        assertRefused(run(bytes), LOAD, "evil.onnx", "nesting");
    }

    @Test
    void subgraphsNestedPastTheGraphDepthLimit() throws IOException {
        // Shallow enough for the parser's own bound, deeper than ImportLimits.maxGraphDepth (64).
        byte[] bytes = HostileProtos.withMergedGraph(model(reluGraph()).build().toByteArray(),
                HostileProtos.nestedGraph("If", "then_branch", 70));
        assertRefused(run(bytes), LOAD, "evil.onnx", "maxGraphDepth");
    }

    @Test
    void cycleBetweenTwoNodes() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addOutput(value("y", FLOAT, 2L))
                .addNode(node("a", "Add", List.of("x", "b_out"), List.of("a_out")))
                .addNode(node("b", "Relu", List.of("a_out"), List.of("b_out")))
                .addNode(node("out", "Relu", List.of("b_out"), List.of("y")));
        assertRefused(run(model(g).build()), LOAD, "evil.onnx", "cycle");
    }

    @Test
    void nodeConsumingItsOwnOutput() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addOutput(value("y", FLOAT, 2L))
                .addNode(node("self", "Add", List.of("x", "y"), List.of("y")));
        assertRefused(run(model(g).build()), LOAD, "evil.onnx", "node 'self'", "its own output 'y'");
    }

    @Test
    void negativeDimOnAGraphInputMeansUnknown() throws IOException {
        // Some exporters write -1 for a dimension they do not know: the importer reads any negative
        // declared dim as unknown, and the run-time input then fixes it (checked before kernels run).
        GraphProto.Builder g = reluGraph().setInput(0, value("x", FLOAT, -3L));
        Path dir = Files.createDirectories(tmp.resolve("model"));
        Path file = Files.write(dir.resolve("evil.onnx"), model(g).build().toByteArray());
        io.orpheus.runtime.OrpheusModel m = ModelCaseRunner.standardOrpheus().load(file);
        assertTrue(!m.inputs().get(0).isFullyKnown(), m.inputs().get(0).shapeString());
        try (io.orpheus.runtime.Session s = m.newSession()) {
            io.orpheus.api.Tensor y = s.run(Map.of("x", io.orpheus.api.Tensor.of(new float[]{-1, 2}, 2))).get("y");
            assertEquals(List.of(0f, 2f), List.of(((float[]) y.array())[0], ((float[]) y.array())[1]));
        }
    }

    @Test
    void zeroDimsRunOnEmptyTensors() throws IOException {
        GraphProto.Builder g = reluGraph().setInput(0, value("x", FLOAT, 0L)).setOutput(0, value("y", FLOAT, 0L));
        CaseResult r = run(model(g).build());
        assertEquals(Outcome.RAN, r.outcome(), r.describe());
    }

    @Test
    void initializerSizeMismatch() throws IOException {
        GraphProto.Builder g = reluGraph().addInitializer(floats("w", new long[]{2, 3}, 1, 2, 3));
        assertRefused(run(model(g).build()), LOAD, "evil.onnx", "initializer 'w'", "6");
    }

    @Test
    void constantNodeWhoseValueIsOfTheWrongKind() throws IOException {
        // Found by the fuzzer: ConstantValues read 'value' as a tensor whatever its kind
        // (IllegalStateException from Attribute.as).
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addOutput(value("y", FLOAT, 2L))
                .addNode(node("c", "Constant", List.of(), List.of("k"), intAttr("value", 1L << 40)))
                .addNode(node("add", "Add", List.of("x", "k"), List.of("y")));
        assertRefused(run(model(g).build()), LOAD_OR_PLAN, "node 'c'", "value");
    }

    @Test
    void shapeContradictionThatOnlyConstantFoldingReveals() throws IOException {
        // Found by the fuzzer: the Reshape target is not a constant at load (it passes through an
        // Identity), so load accepts; fold-constants makes it one and the re-analysis fails. That
        // was a bare OrpheusException; it is a ShapeInferenceException naming the node.
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addOutput(value("y", FLOAT))
                .addInitializer(longs("target", new long[]{2}, 2, 3))
                .addNode(node("id", "Identity", List.of("target"), List.of("shape")))
                .addNode(node("reshape", "Reshape", List.of("x", "shape"), List.of("y")));
        assertRefused(run(model(g).build()), EnumSet.of(Outcome.SHAPE_INFERENCE_EXCEPTION),
                "node 'reshape'", "fold-constants", "[2, 3]");
    }

    // ---- attributes and constant inputs that ask for absurd sizes -------------------------------

    private static GraphProto.Builder conv(AttributeProto... attrs) {
        return GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 1L, 2L, 8L, 8L)).addOutput(value("y", FLOAT, null, null, null, null))
                .addInitializer(floats("w", new long[]{2, 2, 3, 3}, new float[36]))
                .addNode(node("conv", "Conv", List.of("x", "w"), List.of("y"), attrs));
    }

    @Test
    void convWithGroupZero() throws IOException {
        assertRefused(run(model(conv(intAttr("group", 0))).build()), ANY_DOCUMENTED, "conv", "group");
    }

    @Test
    void convWithABillionWideKernel() throws IOException {
        assertRefused(run(model(conv(intsAttr("kernel_shape", 1_000_000_000L, 1_000_000_000L))).build()),
                ANY_DOCUMENTED, "conv", "kernel");
    }

    @Test
    void convWithNegativePads() throws IOException {
        assertRefused(run(model(conv(intsAttr("pads", -5, -5, -5, -5))).build()), ANY_DOCUMENTED, "conv", "pad");
    }

    /**
     * Found by the fuzzer (seeds 7, 99): a kernel far larger than its input under SAME padding is
     * valid ONNX, and the reference pools once walked every tap of it (10^18 steps). They now visit
     * only the taps inside the input, so the case runs in time proportional to the input.
     */
    @Test
    void averagePoolWithABillionWideSamePaddedKernel() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 1L, 1L, 8L, 8L)).addOutput(value("y", FLOAT, null, null, null, null))
                .addNode(node("pool", "AveragePool", List.of("x"), List.of("y"),
                        intsAttr("kernel_shape", 1_000_000_000L, 1_000_000_000L),
                        AttributeProto.newBuilder().setName("auto_pad").setType(3)
                                .setS(com.google.protobuf.ByteString.copyFromUtf8("SAME_UPPER")).build()));
        CaseResult r = run(model(g).build());
        assertTrue(r.outcome() == Outcome.RAN || ANY_DOCUMENTED.contains(r.outcome()), r.describe());
    }

    private static GraphProto.Builder oneOp(String op, List<String> inputs, List<TensorProto> constants) {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addOutput(value("y", FLOAT))
                .addNode(node("huge", op, inputs, List.of("y")));
        constants.forEach(g::addInitializer);
        return g;
    }

    private static final long TERA = 1L << 40;

    @Test
    void reshapeToAHugeShape() throws IOException {
        GraphProto.Builder g = oneOp("Reshape", List.of("x", "shape"),
                List.of(longs("shape", new long[]{2}, TERA, TERA)));
        assertRefused(run(model(g).build()), ANY_DOCUMENTED, "huge", "out of range");
    }

    @Test
    void expandToTwoToTheFortyElements() throws IOException {
        GraphProto.Builder g = oneOp("Expand", List.of("x", "shape"),
                List.of(longs("shape", new long[]{2}, TERA, 2)));
        assertRefused(run(model(g).build()), ANY_DOCUMENTED, "huge", "1099511627776");
    }

    @Test
    void expandToAShapeWhoseElementCountWrapsAroundSigned() throws IOException {
        // 2 x (2^63 - 1) fits 64 unsigned bits, so an overflow check on the high word alone misses it.
        GraphProto.Builder g = oneOp("Expand", List.of("x", "shape"),
                List.of(longs("shape", new long[]{2}, 2, Long.MAX_VALUE)));
        assertRefused(run(model(g).build()), ANY_DOCUMENTED, "huge");
    }

    @Test
    void constantOfShapeWhoseElementCountWrapsAroundSignedNamesTheShape() throws IOException {
        GraphProto.Builder fill = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addOutput(value("y", FLOAT))
                .addInitializer(longs("shape", new long[]{2}, 2, Long.MAX_VALUE))
                .addNode(node("huge", "ConstantOfShape", List.of("shape"), List.of("y")));
        assertRefused(run(model(fill).build()), ANY_DOCUMENTED, "huge", "9223372036854775807");
    }

    @Test
    void tileToTwoToTheFortyElements() throws IOException {
        GraphProto.Builder g = oneOp("Tile", List.of("x", "repeats"),
                List.of(longs("repeats", new long[]{1}, TERA / 2)));
        assertRefused(run(model(g).build()), ANY_DOCUMENTED, "huge");
    }

    @Test
    void constantOfShapeWithTwoToTheFortyElements() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addOutput(value("y", FLOAT))
                .addInitializer(longs("shape", new long[]{1}, TERA))
                .addNode(node("huge", "ConstantOfShape", List.of("shape"), List.of("y")));
        assertRefused(run(model(g).build()), ANY_DOCUMENTED, "huge");
    }

    @Test
    void rangeWithTwoToTheFortyElements() throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g")
                .addInput(value("x", FLOAT, 2L)).addOutput(value("y", INT64))
                .addInitializer(longs("start", new long[]{}, 0))
                .addInitializer(longs("limit", new long[]{}, TERA))
                .addInitializer(longs("delta", new long[]{}, 1))
                .addNode(node("huge", "Range", List.of("start", "limit", "delta"), List.of("y")));
        assertRefused(run(model(g).build()), ANY_DOCUMENTED, "huge");
    }

    @Test
    void tensorAllocationOverTheHeapBoundIsAnIllegalArgument() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> io.orpheus.api.Tensor.allocate(io.orpheus.api.DataType.FLOAT, TERA));
        assertTrue(e.getMessage().contains(Arrays.toString(new long[]{TERA})), e.getMessage());
    }
}
