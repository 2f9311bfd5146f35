package io.orpheus.backend.xnnpack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Plan;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import io.orpheus.zoo.Zoo;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Zoo networks with every operator XNNPACK takes on XNNPACK (the rest on the reference backend) against the
 * reference alone; the default graph passes run, so fused convolutions (with residuals in ResNet) are covered.
 */
class WholeNetworkTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-3);

    @BeforeAll
    static void requireXnnpack() {
        XnnpackAssumptions.requireXnnpack();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"resnet18,20", "mobilenet_v1,27", "wrn_40_2,37"})
    void networkMatchesReference(String name, int minConvolutions) {
        Orpheus orpheus = Orpheus.builder().serviceLoader(true).addBackend(new XnnpackBackend()).build();
        OrpheusModel model = orpheus.load(Zoo.build(name, 42));
        Tensor input = Zoo.sampleInput(name, 42);
        Tensor expected;
        try (Session ref = model.newSession(SessionOptions.defaults().backends("reference").threads(2))) {
            expected = ref.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
        }
        try (Session xnn = model.newSession(SessionOptions.defaults().backends("xnnpack", "reference").threads(2))) {
            Map<String, Long> byImpl = xnn.plan().steps().stream().collect(
                    Collectors.groupingBy(s -> s.implementation(), TreeMap::new, Collectors.counting()));
            System.out.println(name + " on xnnpack: " + byImpl);
            long convs = byImpl.entrySet().stream().filter(e -> e.getKey().startsWith("xnnpack.")
                    && e.getKey().contains("conv")).mapToLong(Map.Entry::getValue).sum();
            assertTrue(convs >= minConvolutions, "every convolution of " + name + " should run on xnnpack:\n"
                    + xnn.plan());
            assertTrue(byImpl.containsKey("xnnpack.gemm") || byImpl.containsKey("xnnpack.matmul"),
                    "the classifier should run on xnnpack:\n" + xnn.plan());
            Tensor actual = xnn.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
            SingleNode.compare(actual, expected, TOL, name);
            xnn.plan().steps().stream().filter(s -> s.implementation().startsWith("xnnpack.")).limit(2)
                    .forEach(s -> System.out.println("  " + s.node() + ": " + s.detail()));
            // Between XNNPACK kernels activations stay channels-last in native memory: only the first
            // convolution (reading the graph input) transposes on the way in, only the last kernel of the
            // chain writes plain order.
            List<Plan.PlanStep> chained = xnn.plan().steps().stream()
                    .filter(s -> s.detail().contains("in nhwc layout")).toList();
            assertTrue(chained.size() >= minConvolutions, chained.size() + " outputs passed on channels-last:\n"
                    + xnn.plan());
            long transposingKernels = xnn.plan().steps().stream()
                    .filter(s -> s.implementation().startsWith("xnnpack.") && s.implementation().contains("conv"))
                    .filter(s -> !s.detail().contains("(0 KiB/run)")).count();
            assertEquals(1, transposingKernels, "only the first convolution converts:\n" + xnn.plan());
        }
    }
}
