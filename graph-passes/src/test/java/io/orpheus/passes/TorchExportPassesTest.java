package io.orpheus.passes;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Model;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.OnnxModelImporter;
import io.orpheus.onnx.OnnxTensors;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The passes on graphs a real exporter wrote: torchvision's ResNet-50 (structure, and the outputs with
 * and without passes, also against PyTorch's own) and Inception-v3 (structure only: 299x299 on the
 * reference backend is slow). Skipped, saying why, where python3 lacks torch, torchvision or onnx.
 */
class TorchExportPassesTest {

    private static final Path SCRIPT = Path.of("..", "tools", "torchvision_export.py");

    @TempDir
    Path tmp;

    @Test
    void resnet50() throws Exception {
        Model model = export("resnet50");
        Graph after = optimise("resnet50", model);
        Tensor input = OnnxTensors.read(tmp.resolve("resnet50/test_data_set_0/input_0.pb"));
        Tensor pytorch = OnnxTensors.read(tmp.resolve("resnet50/test_data_set_0/output_0.pb"));
        String in = model.graph().inputs().get(0).name();
        String out = model.graph().outputs().get(0).name();
        TestGraph.assertEquivalent(model.graph(), after, Map.of(in, input), 1e-4);
        Tensor ours = Interpreter.run(after, model.opsetImports(), Map.of(in, input)).get(out);
        assertArrayEquals(pytorch.shape(), ours.shape());
        double scale = 0;
        for (int i = 0; i < pytorch.size(); i++) {
            scale = Math.max(scale, Math.abs(pytorch.getDouble(i)));
        }
        for (int i = 0; i < pytorch.size(); i++) {
            double d = Math.abs(pytorch.getDouble(i) - ours.getDouble(i));
            if (d > 1e-3 * scale) {
                throw new AssertionError("logit " + i + ": PyTorch " + pytorch.getDouble(i) + ", after passes "
                        + ours.getDouble(i));
            }
        }
    }

    @Test
    void inceptionV3Structure() throws Exception {
        optimise("inception_v3", export("inception_v3"));
    }

    private Graph optimise(String name, Model model) {
        List<String> reports = new ArrayList<>();
        Graph before = model.graph();
        Graph after = FakePassContext.runAll(before, model.opsetImports(), PassRegistryTest.all(), reports);
        System.out.println("torch " + name + ": " + before.nodes().size() + " nodes before passes "
                + TestGraph.opCounts(before));
        System.out.println("torch " + name + ": " + after.nodes().size() + " nodes after passes  "
                + TestGraph.opCounts(after) + " (" + reports.size() + " changes)");
        ZooPassesTest.assertStructure("torch " + name, after);
        return after;
    }

    private Model export(String name) throws IOException, InterruptedException {
        String why = torchMissing();
        Assumptions.assumeTrue(why == null, () -> {
            System.out.println("skipping the PyTorch export of " + name + ": " + why);
            return why;
        });
        Path dir = tmp.resolve(name);
        Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), name, dir.toString())
                .redirectErrorStream(true).redirectOutput(tmp.resolve(name + ".log").toFile()).start();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new AssertionError("exporting " + name + " failed: " + Files.readString(tmp.resolve(name + ".log")));
        }
        return new OnnxModelImporter().load(dir.resolve("model.onnx"), ImportLimits.DEFAULT);
    }

    /** Why the export cannot run here, or null when it can. */
    private static String torchMissing() throws IOException, InterruptedException {
        if (!Files.isRegularFile(SCRIPT)) {
            return SCRIPT + " is not there";
        }
        if (!Files.isExecutable(Path.of("/usr/bin/python3"))) {
            return "/usr/bin/python3 is not installed";
        }
        Process p = new ProcessBuilder("/usr/bin/python3", "-c", "import torch, torchvision, onnx")
                .redirectErrorStream(true).start();
        String text = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(2, TimeUnit.MINUTES) || p.exitValue() != 0) {
            return "python3 cannot import torch, torchvision and onnx: " + text.strip();
        }
        return null;
    }
}
