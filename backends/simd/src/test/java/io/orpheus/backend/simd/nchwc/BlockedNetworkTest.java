package io.orpheus.backend.simd.nchwc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import io.orpheus.zoo.Zoo;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Whole networks on SIMD with the blocked layout (the runtime reports SIMD's BlockedConv, so
 * layout-blocked runs) against SIMD in NCHW: the blocked kernels are planned, the region's only
 * reorders are at its end (its stem convolution reads the NCHW input), and the outputs agree.
 */
class BlockedNetworkTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-3);

    /** Fresh each time: the options are a mutable builder. */
    private static SessionOptions options() {
        return SessionOptions.defaults().backends("simd", "reference").threads(2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"resnet18", "wrn_40_2", "inception_v3", "mobilenet_v1"})
    void blockedAndNchwSessionsAgree(String name) {
        OrpheusModel model = BlockedNodeCheck.runtime().load(Zoo.build(name, 42));
        Tensor input = Zoo.sampleInput(name, 42);
        Tensor expected;
        try (Session nchw = model.newSession(options().passes("-layout-blocked"))) {
            expected = nchw.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
        }
        try (Session blocked = model.newSession(options())) {
            Map<String, Long> impls = blocked.plan().steps().stream().collect(
                    Collectors.groupingBy(s -> s.implementation(), TreeMap::new, Collectors.counting()));
            System.out.println(name + " blocked on simd: " + impls);
            assertTrue(impls.getOrDefault("simd.blocked.conv", 0L) > 10, impls + "\n" + model.optimize(options()));
            assertEquals(null, impls.get("simd.blocked.reorder-to"), "the 3-channel stem reads NCHW: " + impls);
            assertEquals(1L, impls.get("simd.blocked.reorder-from"), impls.toString());
            Tensor actual = blocked.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
            BlockedNodeCheck.compare(actual, expected, TOL, name);
        }
    }
}
