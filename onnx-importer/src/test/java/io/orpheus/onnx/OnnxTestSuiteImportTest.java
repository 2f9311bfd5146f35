package io.orpheus.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.orpheus.api.ModelLoadException;
import io.orpheus.api.graph.Model;
import io.orpheus.api.model.ImportLimits;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Imports every model and test tensor of ONNX's own node tests, and the light model zoo. */
class OnnxTestSuiteImportTest {

    /**
     * Node tests whose models cannot import for a reason of the IR, not of the importer: their
     * values are sequences, maps or optionals, which the tensor-only IR has no form for.
     */
    private static final Map<String, String> EXPECTED_MODEL_FAILURES = Map.of(
            "test_identity_opt", "input 'opt_in' is an optional value",
            "test_identity_sequence", "input 'x' is a sequence value");

    /** Test tensors that are not {@code TensorProto}s (sequences, optionals) and so are not read as tensors. */
    private static final Map<String, String> EXPECTED_TENSOR_FAILURES = Map.of(
            "test_identity_opt/input_0.pb", "an OptionalProto",
            "test_identity_opt/output_0.pb", "an OptionalProto",
            "test_identity_sequence/input_0.pb", "a SequenceProto",
            "test_identity_sequence/output_0.pb", "a SequenceProto");

    private static Path testsRoot() {
        String configured = System.getProperty("orpheus.onnx.tests");
        Path dir = configured != null && !configured.isEmpty()
                ? Path.of(configured) : Path.of("..", "..", "shared", "onnx-tests");
        return dir.toAbsolutePath().normalize();
    }

    private static List<Path> dirs(Path parent) throws IOException {
        try (Stream<Path> s = Files.list(parent)) {
            return s.filter(Files::isDirectory).sorted().toList();
        }
    }

    @Test
    void importsEveryNodeTestModelAndTensor() throws IOException {
        Path node = testsRoot().resolve("node");
        if (!Files.isDirectory(node)) {
            System.out.println("SKIPPED: ONNX node tests not found at " + node);
            assumeTrue(false, "ONNX node tests not found at " + node);
        }
        OnnxModelImporter importer = new OnnxModelImporter();
        Map<String, String> failures = new TreeMap<>();
        int models = 0;
        int tensors = 0;
        for (Path test : dirs(node)) {
            String name = test.getFileName().toString();
            Path model = test.resolve("model.onnx");
            if (Files.exists(model)) {
                models++;
                try {
                    Model m = importer.load(model, ImportLimits.DEFAULT);
                    assertTrue(m.graph().nodes().size() > 0 || !m.graph().outputs().isEmpty(), name);
                    if (EXPECTED_MODEL_FAILURES.containsKey(name)) {
                        failures.put(name, "imports now; remove it from EXPECTED_MODEL_FAILURES");
                    }
                } catch (RuntimeException e) {
                    if (!EXPECTED_MODEL_FAILURES.containsKey(name) || !(e instanceof ModelLoadException)) {
                        failures.put(name, e.toString());
                    }
                }
            }
            Path data = test.resolve("test_data_set_0");
            if (Files.isDirectory(data)) {
                try (Stream<Path> s = Files.list(data)) {
                    for (Path pb : s.filter(p -> p.toString().endsWith(".pb")).sorted().toList()) {
                        tensors++;
                        String key = name + "/" + pb.getFileName();
                        try {
                            OnnxTensors.read(pb);
                            if (EXPECTED_TENSOR_FAILURES.containsKey(key)) {
                                failures.put(key, "reads now; remove it from EXPECTED_TENSOR_FAILURES");
                            }
                        } catch (RuntimeException e) {
                            if (!EXPECTED_TENSOR_FAILURES.containsKey(key) || !(e instanceof ModelLoadException)) {
                                failures.put(key, e.toString());
                            }
                        }
                    }
                }
            }
        }
        System.out.println("ONNX node tests: " + models + " models, " + tensors + " tensors, "
                + failures.size() + " unexpected results");
        if (!failures.isEmpty()) {
            StringBuilder sb = new StringBuilder();
            failures.forEach((k, v) -> sb.append(k).append(" -> ").append(v).append('\n'));
            fail(failures.size() + " unexpected import results:\n" + sb);
        }
        assertTrue(models > 0, "no models found under " + node);
    }

    @Test
    void importsTheLightModels() throws IOException {
        Path light = testsRoot().resolve("light");
        if (!Files.isDirectory(light)) {
            System.out.println("SKIPPED: ONNX light models not found at " + light);
            assumeTrue(false, "ONNX light models not found at " + light);
        }
        OnnxModelImporter importer = new OnnxModelImporter();
        List<String> imported = new ArrayList<>();
        for (Path test : dirs(light)) {
            Path model = test.resolve("model.onnx");
            if (Files.exists(model)) {
                Model m = importer.load(model, ImportLimits.DEFAULT);
                assertTrue(m.graph().nodes().size() > 5, test + " has " + m.graph().nodes().size() + " nodes");
                assertEquals(1, m.graph().inputs().size(), test + ": initializers must not be inputs");
                imported.add(test.getFileName().toString());
            }
        }
        assertEquals(9, imported.size(), "light models imported: " + imported);
    }
}
