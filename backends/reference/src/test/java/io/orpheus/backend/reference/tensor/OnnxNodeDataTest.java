package io.orpheus.backend.reference.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Node;
import io.orpheus.backend.reference.Harness;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Runs every ONNX node test whose graph uses only operators this package implements (when the
 * shared test tree is present), expanded function bodies included, and compares with the expected outputs: exactly for integer, bool, string
 * and 8/4-bit float codes, within 1e-5 + 1e-4·|expected| for wider floating outputs.
 */
class OnnxNodeDataTest {

    /** The node-test tree; override with -Dorpheus.onnx.nodeTests=DIR. */
    private static final Path NODE_TESTS =
            Path.of(System.getProperty("orpheus.onnx.nodeTests", "/work/shared/onnx-tests/node"));

    /** Tests whose values are sequences or optionals, not tensors: outside what these kernels take. */
    private static final Set<String> NOT_TENSORS = Set.of("test_identity_sequence", "test_identity_opt");

    @TestFactory
    Stream<DynamicTest> operatorsMatchOnnxData() throws IOException {
        assumeTrue(Files.isDirectory(NODE_TESTS), "ONNX node tests not present");
        Set<String> ops = TensorOps.all().stream().map(OpImplementation::opType).collect(Collectors.toSet());
        List<DynamicTest> tests = new ArrayList<>();
        List<Path> dirs;
        try (Stream<Path> s = Files.list(NODE_TESTS)) {
            dirs = s.sorted().toList();
        }
        for (Path dir : dirs) {
            Path modelFile = dir.resolve("model.onnx");
            if (!Files.exists(modelFile) || NOT_TENSORS.contains(dir.getFileName().toString())) {
                continue;
            }
            OnnxProto.TestModel model = OnnxProto.model(Files.readAllBytes(modelFile));
            if (model.nodes().isEmpty() || !model.nodes().stream()
                    .allMatch(n -> n.domain().isEmpty() && ops.contains(n.opType()))) {
                continue;
            }
            tests.add(DynamicTest.dynamicTest(dir.getFileName().toString(), () -> check(dir, model)));
        }
        return tests.stream();
    }

    private static void check(Path dir, OnnxProto.TestModel model) throws IOException {
        Path data = dir.resolve("test_data_set_0");
        Map<String, Tensor> values = new HashMap<>(model.initializers());
        int k = 0;
        for (String in : model.inputs()) {
            if (values.containsKey(in)) {
                continue;
            }
            Path f = data.resolve("input_" + k++ + ".pb");
            if (Files.exists(f)) {
                values.put(in, OnnxProto.tensor(Files.readAllBytes(f)));
            }
        }
        // ONNX graphs list their nodes in topological order.
        for (Node node : model.nodes()) {
            Tensor[] inputs = new Tensor[node.inputs().size()];
            for (int i = 0; i < inputs.length; i++) {
                inputs[i] = node.hasInput(i) ? values.get(node.input(i)) : null;
            }
            Tensor[] outputs = Harness.run(node, model.opset(), inputs);
            for (int i = 0; i < outputs.length; i++) {
                if (node.hasOutput(i)) {
                    values.put(node.output(i), outputs[i]);
                }
            }
        }
        for (int i = 0; i < model.outputs().size(); i++) {
            Tensor expected = OnnxProto.tensor(Files.readAllBytes(data.resolve("output_" + i + ".pb")));
            Tensor actual = values.get(model.outputs().get(i));
            compare(dir.getFileName() + " output " + i, expected, actual);
        }
    }

    private static void compare(String what, Tensor expected, Tensor actual) {
        assertEquals(expected.dtype(), actual.dtype(), what + " type");
        assertArrayEquals(expected.shape(), actual.shape(), what + " shape");
        DataType t = expected.dtype();
        Tensor a = actual.toHeap();
        for (int i = 0; i < expected.size(); i++) {
            String at = what + " element " + i;
            if (t == DataType.STRING) {
                assertEquals(expected.strings()[i], a.strings()[i], at);
            } else if (t.isFloatingPoint() && t.storageBytes() == 1) {
                assertEquals(((byte[]) expected.array())[i], ((byte[]) a.array())[i], at + " (8/4-bit code)");
            } else if (t.isFloatingPoint()) {
                double e = expected.getDouble(i);
                double v = a.getDouble(i);
                if (Double.isNaN(e)) {
                    assertTrue(Double.isNaN(v), at + ": expected NaN, got " + v);
                } else if (Double.isInfinite(e)) {
                    assertEquals(e, v, at);
                } else {
                    assertEquals(e, v, 1e-5 + 1e-4 * Math.abs(e), at);
                }
            } else {
                assertEquals(expected.getLong(i), a.getLong(i), at);
            }
        }
    }
}
