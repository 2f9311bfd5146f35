package io.orpheus.backend.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import io.orpheus.zoo.Zoo;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole zoo networks on SIMD (reference only for what SIMD declines) against the reference alone,
 * with the default graph passes on both (so fused convolutions run too).
 */
class WholeNetworkTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-3);

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "mobilenet_v1"})
    void sameOutputAsReference(String name) {
        OrpheusModel model = NodeHarness.runtime().load(Zoo.build(name, 42));
        Tensor input = Zoo.sampleInput(name, 42);
        Tensor expected = referenceOutput(model, input);
        try (Session simd = model.newSession(SessionOptions.defaults().backends("simd", "reference").threads(2))) {
            long onSimd = simd.plan().steps().stream().filter(s -> s.implementation().startsWith("simd.")).count();
            assertTrue(onSimd * 10 >= simd.plan().steps().size() * 9L,
                    "most layers should run on simd:\n" + simd.plan());
            System.out.println(name + " on simd: " + simd.plan().steps().stream().collect(
                    java.util.stream.Collectors.groupingBy(s -> s.implementation(), java.util.TreeMap::new,
                            java.util.stream.Collectors.counting())));
            Tensor actual = simd.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
            NodeHarness.compare(actual, expected, TOL, name);
        }
    }

    /**
     * Concurrent runs while the collector moves the weights' arrays: each run's kernels move packed weights back
     * onto a cache-line boundary when no other run reads them (the blocked kernels' PackingGuard), and no run may
     * read weights half moved.
     */
    @Test
    void concurrentRunsOfOneSessionWhileTheCollectorMovesTheWeights() throws Exception {
        String name = "resnet18";
        OrpheusModel model = NodeHarness.runtime().load(Zoo.build(name, 11));
        Tensor input = Zoo.sampleInput(name, 11);
        Tensor expected = referenceOutput(model, input);
        try (Session simd = model.newSession(SessionOptions.defaults().backends("simd", "reference").threads(2))) {
            ExecutorService callers = Executors.newFixedThreadPool(3);
            java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
            try {
                Future<Integer> collections = callers.submit(() -> {
                    int n = 0;
                    while (running.get()) {
                        System.gc();
                        n++;
                        Thread.sleep(5);
                    }
                    return n;
                });
                List<Future<Tensor>> runs = new ArrayList<>();
                for (int i = 0; i < 8; i++) {
                    runs.add(callers.submit(() -> simd.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME)));
                }
                for (Future<Tensor> f : runs) {
                    NodeHarness.compare(f.get(), expected, TOL, name + " (concurrent, collections)");
                }
                running.set(false);
                assertTrue(collections.get() > 0, "no collection ran during the runs");
            } finally {
                running.set(false);
                callers.shutdownNow();
            }
        }
    }

    private static Tensor referenceOutput(OrpheusModel model, Tensor input) {
        try (Session ref = model.newSession(SessionOptions.defaults().backends("reference").threads(2))) {
            return ref.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
        }
    }

    /** Kernels keep no per-run state: one session run from two threads at once gives the reference's output each time. */
    @Test
    void concurrentRunsOfOneSession() throws Exception {
        String name = "mobilenet_v1";
        OrpheusModel model = NodeHarness.runtime().load(Zoo.build(name, 7));
        Tensor input = Zoo.sampleInput(name, 7);
        Tensor expected = referenceOutput(model, input);
        try (Session simd = model.newSession(SessionOptions.defaults().backends("simd", "reference").threads(2))) {
            ExecutorService callers = Executors.newFixedThreadPool(2);
            try {
                List<Future<Tensor>> runs = new ArrayList<>();
                for (int i = 0; i < 6; i++) {
                    runs.add(callers.submit(() -> simd.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME)));
                }
                for (Future<Tensor> f : runs) {
                    NodeHarness.compare(f.get(), expected, TOL, name + " (concurrent)");
                }
            } finally {
                callers.shutdownNow();
            }
        }
    }
}
