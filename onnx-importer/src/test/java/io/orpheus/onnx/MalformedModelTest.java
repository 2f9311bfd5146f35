package io.orpheus.onnx;

import static io.orpheus.onnx.Protos.FLOAT;
import static io.orpheus.onnx.Protos.floats;
import static io.orpheus.onnx.Protos.model;
import static io.orpheus.onnx.Protos.node;
import static io.orpheus.onnx.Protos.raw;
import static io.orpheus.onnx.Protos.reluGraph;
import static io.orpheus.onnx.Protos.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.ModelLoadException;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.proto.Onnx.AttributeProto;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.onnx.proto.Onnx.ModelProto;
import io.orpheus.onnx.proto.Onnx.OperatorSetIdProto;
import io.orpheus.onnx.proto.Onnx.TensorProto;
import io.orpheus.onnx.proto.Onnx.TypeProto;
import io.orpheus.onnx.proto.Onnx.ValueInfoProto;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every class of broken or hostile model is refused with a message naming the file, the element and the reason. */
class MalformedModelTest {
    @TempDir
    Path dir;

    private ModelLoadException refused(ModelProto m) {
        return refused(m.toByteArray(), ImportLimits.DEFAULT);
    }

    private ModelLoadException refused(byte[] bytes, ImportLimits limits) {
        Path file;
        try {
            file = Protos.write(dir, "bad.onnx", bytes);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new OnnxModelImporter().load(file, limits));
        assertTrue(e.getMessage().contains(file.toString()), "message names the file: " + e.getMessage());
        return e;
    }

    private static void assertMentions(ModelLoadException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "'" + p + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void missingFileIsUnreadable() {
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> new OnnxModelImporter().load(dir.resolve("absent.onnx"), ImportLimits.DEFAULT));
        assertMentions(e, "absent.onnx", "cannot read");
    }

    @Test
    void emptyFile() {
        assertMentions(refused(new byte[0], ImportLimits.DEFAULT), "not an ONNX model", "empty");
    }

    @Test
    void truncatedFile() {
        byte[] full = model(reluGraph().addInitializer(floats("w", new long[] {4}, 1, 2, 3, 4))).build().toByteArray();
        byte[] cut = Arrays.copyOf(full, full.length - 7);
        assertMentions(refused(cut, ImportLimits.DEFAULT), "not an ONNX model (protobuf parse failed");
    }

    @Test
    void nonOnnxBytes() {
        byte[] text = "#!/bin/sh\necho this is not a model\n".getBytes(StandardCharsets.US_ASCII);
        assertMentions(refused(text, ImportLimits.DEFAULT), "not an ONNX model");
        byte[] noise = new byte[512];
        new Random(42).nextBytes(noise);
        assertMentions(refused(noise, ImportLimits.DEFAULT), "not an ONNX model");
    }

    @Test
    void fileOverTheSizeLimit() {
        byte[] bytes = model(reluGraph()).build().toByteArray();
        ModelLoadException e = refused(bytes, new ImportLimits(bytes.length - 1, 1 << 20, 100, 8));
        assertMentions(e, "maxModelBytes");
    }

    @Test
    void hugeDeclaredShapeOverTinyRawData() {
        TensorProto t = raw("w", FLOAT, new long[] {1L << 20, 1L << 20}, new byte[1024]);
        assertMentions(refused(model(reluGraph().addInitializer(t)).build()), "initializer 'w'", "1099511627776");
    }

    @Test
    void elementCountOverflowingLong() {
        TensorProto t = raw("w", FLOAT, new long[] {1L << 32, 1L << 32, 1L << 32}, new byte[4]);
        assertMentions(refused(model(reluGraph().addInitializer(t)).build()), "initializer 'w'", "overflows");
    }

    @Test
    void declaredSizeOverTheTensorLimit() {
        TensorProto t = raw("w", FLOAT, new long[] {1024}, new byte[4096]);
        byte[] bytes = model(reluGraph().addInitializer(t)).build().toByteArray();
        assertMentions(refused(bytes, new ImportLimits(1 << 20, 1024, 100, 8)), "initializer 'w'", "maxTensorBytes");
    }

    @Test
    void negativeDimension() {
        TensorProto t = floats("w", new long[] {2, -3}, 1, 2, 3, 4, 5, 6);
        assertMentions(refused(model(reluGraph().addInitializer(t)).build()), "initializer 'w'", "negative dimension -3");
    }

    @Test
    void initializerSizeMismatch() {
        TensorProto typed = floats("w", new long[] {2, 3}, 1, 2, 3, 4, 5);
        assertMentions(refused(model(reluGraph().addInitializer(typed)).build()), "initializer 'w'", "float_data holds 5",
                "needs 6");
        TensorProto rawShort = raw("w", FLOAT, new long[] {2, 3}, new byte[20]);
        assertMentions(refused(model(reluGraph().addInitializer(rawShort)).build()), "raw_data holds 20 bytes", "needs 24");
        TensorProto empty = TensorProto.newBuilder().setName("w").setDataType(FLOAT).addDims(3).build();
        assertMentions(refused(model(reluGraph().addInitializer(empty)).build()), "initializer 'w'", "no data");
    }

    @Test
    void dataInTheWrongField() {
        TensorProto t = TensorProto.newBuilder().setName("w").setDataType(Protos.INT64).addDims(1).addFloatData(1).build();
        assertMentions(refused(model(reluGraph().addInitializer(t)).build()), "initializer 'w'", "float_data");
    }

    @Test
    void unknownDataType() {
        TensorProto t = raw("w", 99, new long[] {1}, new byte[4]);
        assertMentions(refused(model(reluGraph().addInitializer(t)).build()), "initializer 'w'", "unknown data_type 99");
    }

    @Test
    void cycle() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(value("x", FLOAT, 2L))
                .addOutput(value("c", FLOAT, 2L))
                .addNode(node("a", "Add", List.of("x", "c"), List.of("a_out")))
                .addNode(node("b", "Relu", List.of("a_out"), List.of("b_out")))
                .addNode(node("c", "Relu", List.of("b_out"), List.of("c")));
        assertMentions(refused(model(g).build()), "cycle", "node '");
    }

    @Test
    void nodeConsumingItsOwnOutput() {
        GraphProto.Builder g = GraphProto.newBuilder().setName("g").addInput(value("x", FLOAT, 2L))
                .addOutput(value("y", FLOAT, 2L))
                .addNode(node("loop", "Add", List.of("x", "y"), List.of("y")));
        assertMentions(refused(model(g).build()), "node 'loop' (Add)", "consumes its own output 'y'");
    }

    @Test
    void undefinedInput() {
        GraphProto.Builder g = reluGraph().addNode(node("add", "Add", List.of("y", "ghost"), List.of("z")));
        assertMentions(refused(model(g).build()), "node 'add' (Add)", "'ghost' is undefined");
    }

    @Test
    void duplicateOutputOfTwoNodes() {
        GraphProto.Builder g = reluGraph().addNode(node("again", "Sigmoid", List.of("x"), List.of("y")));
        assertMentions(refused(model(g).build()), "'y' is also produced by node", "duplicate");
    }

    @Test
    void nodeOutputShadowingAnInitializer() {
        GraphProto.Builder g = reluGraph().addInitializer(floats("y", new long[] {2}, 1, 2));
        assertMentions(refused(model(g).build()), "node 'relu' (Relu)", "duplicates a graph input or initializer");
    }

    @Test
    void graphOutputProducedByNothing() {
        GraphProto.Builder g = reluGraph().addOutput(value("nowhere", FLOAT, 2L));
        assertMentions(refused(model(g).build()), "output 'nowhere'", "produced by nothing");
    }

    @Test
    void tooManyNodes() {
        GraphProto.Builder g = reluGraph();
        for (int i = 0; i < 5; i++) {
            g.addNode(node(null, "Relu", List.of("x"), List.of("r" + i)));
        }
        byte[] bytes = model(g).build().toByteArray();
        assertMentions(refused(bytes, new ImportLimits(1 << 20, 1 << 20, 4, 8)), "maxNodes");
    }

    @Test
    void subgraphsNestedTooDeep() {
        GraphProto.Builder inner = GraphProto.newBuilder().setName("leaf").addOutput(value("x", FLOAT, 2L));
        for (int level = 0; level < 5; level++) {
            AttributeProto body = AttributeProto.newBuilder().setName("then_branch").setType(5).setG(inner).build();
            AttributeProto other = AttributeProto.newBuilder().setName("else_branch").setType(5).setG(inner).build();
            inner = GraphProto.newBuilder().setName("level" + level).addOutput(value("o" + level, FLOAT, 2L))
                    .addNode(node("if" + level, "If", List.of("x"), List.of("o" + level), body, other));
        }
        GraphProto.Builder main = GraphProto.newBuilder().setName("g").addInput(value("x", FLOAT, 2L))
                .addOutput(value("y", FLOAT, 2L))
                .addNode(node("top", "If", List.of("x"), List.of("y"),
                        AttributeProto.newBuilder().setName("then_branch").setType(5).setG(inner).build(),
                        AttributeProto.newBuilder().setName("else_branch").setType(5).setG(inner).build()));
        byte[] bytes = model(main).build().toByteArray();
        assertMentions(refused(bytes, new ImportLimits(1 << 20, 1 << 20, 1000, 3)), "maxGraphDepth");
        // The same model within a generous depth limit imports.
        assertEquals(1, new OnnxModelImporter().load(bytes, "deep", null, new ImportLimits(1 << 20, 1 << 20, 1000, 10))
                .graph().nodes().size());
    }

    @Test
    void missingDefaultOpset() {
        ModelProto m = model(reluGraph()).clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("com.example").setVersion(1)).build();
        assertMentions(refused(m), "opset_import", "default ONNX domain");
    }

    @Test
    void defaultOpsetTooOld() {
        ModelProto m = model(reluGraph()).clearOpsetImport()
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("ai.onnx").setVersion(6)).build();
        assertMentions(refused(m), "opset 6");
    }

    @Test
    void irVersionTooOld() {
        assertMentions(refused(model(reluGraph()).setIrVersion(2).build()), "IR version 2");
    }

    @Test
    void sequenceTypedInput() {
        ValueInfoProto seq = ValueInfoProto.newBuilder().setName("s").setType(TypeProto.newBuilder()
                .setSequenceType(TypeProto.Sequence.newBuilder().setElemType(value("e", FLOAT).getType()))).build();
        assertMentions(refused(model(reluGraph().addInput(seq)).build()), "input 's'", "unsupported", "sequence");
    }

    @Test
    void duplicateAttribute() {
        GraphProto.Builder g = reluGraph().addNode(node("n", "Foo", List.of("x"), List.of("z"),
                Protos.intAttr("k", 1), Protos.intAttr("k", 2)));
        assertMentions(refused(model(g).build()), "node 'n' (Foo)", "attribute 'k' is set twice");
    }
}
