package io.orpheus.hardening;

import static io.orpheus.hardening.HostileProtos.FLOAT;
import static io.orpheus.hardening.HostileProtos.model;
import static io.orpheus.hardening.HostileProtos.value;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.ModelLoadException;
import io.orpheus.api.model.ImportLimits;
import io.orpheus.onnx.proto.Onnx.GraphProto;
import io.orpheus.api.Tensor;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.time.Duration;
import java.util.Map;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Huge node counts. Decision (see SECURITY.md): the default limits (maxNodes 2,000,000) admit a
 * 10^6-node chain, which loads in time linear in its size (about 10 s on 2 cores, too long for CI);
 * a deployment serving untrusted models sets ImportLimits.maxNodes lower and gets a refusal naming
 * the limit before any node is built. CI checks that refusal on the full 10^6-node file, and a
 * 10^5-node chain end to end under a deadline.
 */
class LargeModelTest {
    private static final int REFUSED_NODES = 1_000_000;
    private static final int RUN_NODES = 100_000;

    @TempDir
    static Path tmp;

    private static Path chain(int nodes) throws IOException {
        GraphProto.Builder g = GraphProto.newBuilder().setName("chain")
                .addInput(value("t0", FLOAT, 4L)).addOutput(value("t" + nodes, FLOAT, 4L));
        byte[] bytes = HostileProtos.withMergedGraph(model(g).build().toByteArray(), HostileProtos.reluChainNodes(nodes));
        return Files.write(tmp.resolve("chain" + nodes + ".onnx"), bytes);
    }

    @Test
    void hundredThousandNodeChainLoadsPlansAndRunsInBoundedTime() throws IOException {
        int nodes = RUN_NODES;
        Path file = chain(nodes);
        // Graph passes are off: FoldConstants walks its GraphEdit with a linear name lookup per node,
        // quadratic in the node count (over a minute here); see SECURITY.md, "not guaranteed".
        float[] out = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            long t0 = System.nanoTime();
            OrpheusModel m = ModelCaseRunner.standardOrpheus().load(file);
            long t1 = System.nanoTime();
            try (Session s = m.newSession(SessionOptions.defaults().passes("none"))) {
                long t2 = System.nanoTime();
                Tensor y = s.run(Map.of("t0", Tensor.of(new float[]{-1, 2, -3, 4}, 4))).get("t" + nodes);
                System.out.printf(nodes + "-node Relu chain (%d bytes): load %d ms, plan %d ms, run %d ms%n",
                        Files.size(file), (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000,
                        (System.nanoTime() - t2) / 1_000_000);
                return (float[]) y.array();
            }
        });
        assertArrayEquals(new float[]{0, 2, 0, 4}, out);
    }

    @Test
    void millionNodeChainOverAConfiguredNodeLimitIsRefused() throws IOException {
        Path file = chain(REFUSED_NODES);
        Orpheus orpheus = Orpheus.builder().serviceLoader(true)
                .limits(new ImportLimits(ImportLimits.DEFAULT.maxModelBytes(), ImportLimits.DEFAULT.maxTensorBytes(),
                        100_000, ImportLimits.DEFAULT.maxGraphDepth()))
                .build();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> orpheus.load(file));
        assertTrue(e.getMessage().contains("chain1000000.onnx") && e.getMessage().contains("100000")
                && e.getMessage().contains("maxNodes"), e.getMessage());
    }
}
