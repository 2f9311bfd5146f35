package io.orpheus.backend.simd;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Tolerance;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import io.orpheus.zoo.Zoo;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Inception's Concats are filled in place by the 1x1 and im2col convolutions that feed them. */
class ConcatInPlaceTest {

    @Test
    void inceptionConcatsCopyLittleAndMatchTheReference() {
        String name = "inception_v3";
        OrpheusModel model = NodeHarness.runtime().load(Zoo.build(name, 3));
        Tensor input = Zoo.sampleInput(name, 3);
        Tensor expected;
        try (Session ref = model.newSession(SessionOptions.defaults().backends("reference").threads(2))) {
            expected = ref.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
        }
        try (Session simd = model.newSession(SessionOptions.defaults().backends("simd", "reference").threads(2)
                .passes("-layout-blocked"))) {
            long inPlace = simd.plan().steps().stream().filter(s -> s.opType().equals("Concat"))
                    .filter(s -> s.why().startsWith("in place")).count();
            long concats = simd.plan().steps().stream().filter(s -> s.opType().equals("Concat")).count();
            assertTrue(concats > 0 && inPlace == concats, inPlace + " of " + concats + " concats in place:\n" + simd.plan());
            for (int r = 0; r < 3; r++) {
                Tensor actual = simd.run(Map.of(Zoo.INPUT_NAME, input.copy())).get(Zoo.OUTPUT_NAME);
                NodeHarness.compare(actual, expected, new Tolerance(1e-4, 1e-3), name + " run " + r);
            }
        }
    }
}
