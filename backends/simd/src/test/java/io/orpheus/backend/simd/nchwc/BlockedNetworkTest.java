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
import org.junit.jupiter.api.Test;
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
            assertTrue(blockedConvs(impls) > 10, impls + "\n" + model.optimize(options()));
            assertEquals(null, impls.get("simd.blocked.reorder-to"), "the 3-channel stem reads NCHW: " + impls);
            assertEquals(1L, impls.get("simd.blocked.reorder-from"), impls.toString());
            Tensor actual = blocked.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
            BlockedNodeCheck.compare(actual, expected, TOL, name);
        }
    }

    /**
     * A forced implementation wins over the passes: convolutions forced by operator onto an NCHW kernel stay
     * plain Convs (no fusion, no blocked region), and one forced by name onto a fused NCHW kernel is fused
     * but left out of the region, which splits around it. Both compute what the all-NCHW session does.
     */
    @Test
    void forcedImplementationsKeepTheirNodesOutOfTheBlockedLayout() {
        String name = "resnet18";
        OrpheusModel model = BlockedNodeCheck.runtime().load(Zoo.build(name, 42));
        Tensor input = Zoo.sampleInput(name, 42);
        Tensor expected;
        try (Session nchw = model.newSession(options().passes("-layout-blocked"))) {
            expected = nchw.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
        }
        try (Session byOp = model.newSession(options().implForOp("Conv", "simd.conv.im2col"))) {
            Map<String, Long> impls = implementations(byOp);
            assertEquals(20L, impls.get("simd.conv.im2col"), impls.toString());
            assertEquals(null, impls.get("simd.blocked.conv"), impls.toString());
            BlockedNodeCheck.compare(byOp.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME), expected,
                    TOL, name + " with Conv forced");
        }
        try (Session byNode = model.newSession(options().implForNode("layer2.0.conv1", "simd.fusedconv.im2col"))) {
            Map<String, Long> impls = implementations(byNode);
            assertEquals("simd.fusedconv.im2col", byNode.plan().steps().stream()
                    .filter(st -> st.node().equals("layer2.0.conv1")).findFirst().orElseThrow().implementation());
            assertEquals(19L, blockedConvs(impls), impls.toString());
            assertEquals(2L, impls.get("simd.blocked.reorder-from"), "out of the region before the forced node: " + impls);
            assertEquals(1L, impls.get("simd.blocked.reorder-to"), "and back in after it: " + impls);
            BlockedNodeCheck.compare(byNode.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME), expected,
                    TOL, name + " with one node forced");
        }
    }

    /** Forcing the blocked kernel the passes would give a node anyway changes nothing: it is fused and blocked. */
    @Test
    void forcingTheBlockedKernelKeepsTheDefaultPlan() {
        OrpheusModel model = BlockedNodeCheck.runtime().load(Zoo.build("resnet18", 42));
        Map<String, Long> expected;
        String chosen;
        try (Session plain = model.newSession(options())) {
            expected = implementations(plain);
            chosen = plain.plan().steps().stream().filter(st -> st.node().equals("layer1.0.conv1")).findFirst()
                    .orElseThrow().implementation();
        }
        assertEquals("simd.blocked.conv.winograd-f4x3", chosen);
        try (Session forced = model.newSession(options().implForNode("layer1.0.conv1", chosen))) {
            assertEquals(expected, implementations(forced));
        }
    }

    /** Blocked convolutions of every algorithm. */
    private static long blockedConvs(Map<String, Long> impls) {
        return impls.entrySet().stream().filter(e -> e.getKey().startsWith("simd.blocked.conv"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    private static Map<String, Long> implementations(Session s) {
        return s.plan().steps().stream().collect(
                Collectors.groupingBy(st -> st.implementation(), TreeMap::new, Collectors.counting()));
    }
}
