package io.orpheus.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.orpheus.backend.reference.ReferenceBackend;
import io.orpheus.runtime.Orpheus;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real exporter's graph checked against an independent implementation: torchvision's ResNet-50
 * (seeded random weights, randomised BatchNorm statistics) exported by PyTorch, run by the reference
 * backend, compared with PyTorch's own output. Needs Debian's python3-torch, python3-torchvision and
 * python3-onnx; skipped with the reason when they are absent.
 */
class TorchvisionExportTest {

    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void resnet50MatchesPyTorch(@TempDir Path dir) throws Exception {
        Path script = repositoryRoot().resolve("tools/torchvision_export.py");
        Assumptions.assumeTrue(Files.isRegularFile(script), "export script not found at " + script);
        String missing = probe();
        Assumptions.assumeTrue(missing == null, () -> "skipped: " + missing);

        Process p = new ProcessBuilder(PYTHON, script.toString(), "resnet50", dir.toString(), "--opset", "13")
                .redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("export did not finish in 10 minutes:\n" + log);
        }
        assertEquals(0, p.exitValue(), "export failed:\n" + log);

        ReferenceBackend reference = new ReferenceBackend();
        Orpheus orpheus = Orpheus.builder().serviceLoader(true).addBackend(reference).build();
        CaseResult r = new WholeModelCase(dir).run(new CaseContext(orpheus, reference));
        assertEquals(CaseStatus.PASSED, r.status(), r.describe());
    }

    /** Null when python3 can import torch, torchvision and onnx, else why not. */
    private static String probe() throws IOException, InterruptedException {
        if (!Files.isExecutable(Path.of(PYTHON))) {
            return PYTHON + " not found";
        }
        Process p = new ProcessBuilder(PYTHON, "-c", "import torch, torchvision, onnx").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes()).trim();
        p.waitFor(2, TimeUnit.MINUTES);
        return p.exitValue() == 0 ? null
                : "python3 lacks torch/torchvision/onnx (apt-get install python3-torch python3-torchvision python3-onnx): "
                + out.lines().reduce((a, b) -> b).orElse("");
    }

    private static Path repositoryRoot() {
        Path d = Path.of("").toAbsolutePath();
        while (d != null && !Files.isRegularFile(d.resolve("mvnw"))) {
            d = d.getParent();
        }
        return d == null ? Path.of("").toAbsolutePath() : d;
    }
}
