package io.orpheus.backend.blas;

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
import org.junit.jupiter.api.Test;

/**
 * ResNet-18 from the zoo with every convolution and Gemm on BLAS (the rest on the reference backend)
 * against the reference alone; the default graph passes run, so fused convolutions are covered.
 */
class WholeNetworkTest {

    private static final Tolerance TOL = new Tolerance(1e-4, 1e-3);

    @BeforeAll
    static void requireOpenBlas() {
        BlasAssumptions.requireOpenBlas();
    }

    @Test
    void resnet18MatchesReference() {
        Orpheus orpheus = Orpheus.builder().serviceLoader(true).addBackend(new BlasBackend()).build();
        OrpheusModel model = orpheus.load(Zoo.build("resnet18", 42));
        Tensor input = Zoo.sampleInput("resnet18", 42);
        Tensor expected;
        try (Session ref = model.newSession(SessionOptions.defaults().backends("reference").threads(2))) {
            expected = ref.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
        }
        try (Session blas = model.newSession(SessionOptions.defaults().backends("blas", "reference").threads(2))) {
            Map<String, Long> byImpl = blas.plan().steps().stream().collect(
                    Collectors.groupingBy(s -> s.implementation(), TreeMap::new, Collectors.counting()));
            System.out.println("resnet18 on blas: " + byImpl);
            long convs = byImpl.entrySet().stream().filter(e -> e.getKey().startsWith("blas.")
                    && e.getKey().contains("conv")).mapToLong(Map.Entry::getValue).sum();
            assertTrue(convs >= 20, "every convolution of resnet18 should run on blas:\n" + blas.plan());
            assertTrue(byImpl.containsKey("blas.gemm") || byImpl.containsKey("blas.matmul"),
                    "the classifier should run on blas:\n" + blas.plan());
            Tensor actual = blas.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
            SingleNode.compare(actual, expected, TOL, "resnet18");
        }
    }
}
