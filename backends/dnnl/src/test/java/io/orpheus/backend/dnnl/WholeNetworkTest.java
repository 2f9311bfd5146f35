package io.orpheus.backend.dnnl;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import io.orpheus.zoo.Zoo;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Zoo networks with every operator oneDNN maps on this backend (the rest on the reference) against the
 * reference alone, through the runtime with the default graph passes, so fused convolutions (bias,
 * residual and activation as post-ops) are covered.
 */
class WholeNetworkTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-3);

    @BeforeAll
    static void requireDnnl() {
        DnnlAssumptions.requireDnnl();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"resnet18", "mobilenet_v1", "wrn_40_2"})
    void matchesReference(String network) {
        Orpheus orpheus = Orpheus.builder().serviceLoader(true).addBackend(new DnnlBackend()).build();
        OrpheusModel model = orpheus.load(Zoo.build(network, 42));
        Tensor input = Zoo.sampleInput(network, 42);
        Tensor expected;
        try (Session ref = model.newSession(SessionOptions.defaults().backends("reference").threads(2))) {
            expected = ref.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
        }
        try (Session dnnl = model.newSession(SessionOptions.defaults().backends("dnnl", "reference").threads(2))) {
            Map<String, Long> byImpl = dnnl.plan().steps().stream().collect(
                    Collectors.groupingBy(s -> s.implementation(), TreeMap::new, Collectors.counting()));
            System.out.println(network + " on dnnl: " + byImpl);
            long convs = byImpl.entrySet().stream().filter(e -> e.getKey().startsWith("dnnl.")
                    && e.getKey().contains("conv")).mapToLong(Map.Entry::getValue).sum();
            long reference = byImpl.entrySet().stream().filter(e -> !e.getKey().startsWith("dnnl."))
                    .mapToLong(Map.Entry::getValue).sum();
            assertTrue(convs >= 14, "every convolution of " + network + " should run on dnnl:\n" + dnnl.plan());
            for (int r = 0; r < 2; r++) {
                Tensor actual = dnnl.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
                SingleNode.compare(actual, expected, TOL, network);
            }
            // Between convolutions whose primitives agree on a blocked layout, activations pass in it.
            long carried = dnnl.plan().steps().stream().filter(s -> s.detail().contains("layout, passed to its"))
                    .count();
            System.out.println(network + ": " + carried + " convolution outputs passed in oneDNN's layout");
            assertTrue(carried >= 8, network + " should pass most activations in oneDNN's layout:\n" + dnnl.plan());
            System.out.println(network + ": " + reference + " step(s) left to the reference; first conv: "
                    + dnnl.plan().steps().stream().filter(s -> s.implementation().contains("conv")).findFirst()
                            .map(s -> s.detail()).orElse("-"));
        }
    }
}
