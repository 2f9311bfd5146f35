package io.orpheus.hardening;

import static io.orpheus.hardening.HostileProtos.floats;
import static io.orpheus.hardening.HostileProtos.model;
import static io.orpheus.hardening.HostileProtos.reluGraph;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.ModelLoadException;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.zoo.Zoo;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loading and planning a model costs heap bounded by a small multiple of its file size plus its
 * declared activations; a model over the configured limits is refused before its tensors are built.
 */
class MemoryBoundTest {
    private static final long SLACK_BYTES = 64L << 20;
    private static final int FILE_MULTIPLE = 4;

    @TempDir
    Path tmp;

    private static long heapUsedAfterGc() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return memory.getHeapMemoryUsage().getUsed();
    }

    /** Bytes of every value with a fully known inferred type: the activations a plan may hold. */
    private static long declaredActivationBytes(OrpheusModel m) {
        long total = 0;
        for (ValueInfo v : m.graph().valueInfo().values()) {
            if (v.dtype() != null && v.isFullyKnown() && v.dtype().storageBytes() > 0) {
                long n = 1;
                for (long d : v.concreteShape()) {
                    n *= d;
                }
                total += n * v.dtype().storageBytes();
            }
        }
        return total;
    }

    @Test
    void resnet18LoadAndPlanStayWithinAMultipleOfItsFileSize() throws IOException {
        Path file = tmp.resolve("resnet18.onnx");
        Zoo.write("resnet18", file, 11);
        long fileBytes = Files.size(file);
        Orpheus orpheus = ModelCaseRunner.standardOrpheus();
        long before = heapUsedAfterGc();
        OrpheusModel model = orpheus.load(file);
        try (Session session = model.newSession()) {
            long after = heapUsedAfterGc();
            long activations = declaredActivationBytes(model);
            long used = after - before;
            long bound = FILE_MULTIPLE * fileBytes + activations + SLACK_BYTES;
            System.out.printf("resnet18: file %d MB, declared activations %d MB, heap retained by load+plan %d MB"
                    + " (bound %d MB)%n", fileBytes >> 20, activations >> 20, used >> 20, bound >> 20);
            assertTrue(used <= bound, "load+plan retained " + used + " bytes, over the bound " + bound);
            // Keep both alive until measured: what they hold is the figure under test.
            assertTrue(session.plan() != null && model.graph() != null);
        }
    }

    @Test
    void initializerOverTheTensorLimitIsRefusedWithTheFigure() throws IOException {
        // 1,000 x 1,000 floats: 4,000,000 bytes against a limit of 1,000,000.
        Path file = Files.write(tmp.resolve("big.onnx"), model(reluGraph()
                .addInitializer(floats("w", new long[]{1000, 1000}, new float[1_000_000]))).build().toByteArray());
        Orpheus orpheus = Orpheus.builder().serviceLoader(true)
                .limits(new ImportLimits(1L << 30, 1_000_000, 1000, 16)).build();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> orpheus.load(file));
        for (String part : new String[]{"big.onnx", "initializer 'w'", "4000000", "1000000", "maxTensorBytes"}) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }

    @Test
    void modelOverTheModelLimitIsRefusedWithTheFigure() throws IOException {
        Path file = Files.write(tmp.resolve("big.onnx"), model(reluGraph()
                .addInitializer(floats("w", new long[]{1000, 1000}, new float[1_000_000]))).build().toByteArray());
        long size = Files.size(file);
        Orpheus orpheus = Orpheus.builder().serviceLoader(true)
                .limits(new ImportLimits(1_000_000, 1L << 30, 1000, 16)).build();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> orpheus.load(file));
        for (String part : new String[]{"big.onnx", Long.toString(size), "1000000", "maxModelBytes"}) {
            assertTrue(e.getMessage().contains(part), "'" + part + "' missing from: " + e.getMessage());
        }
    }
}
