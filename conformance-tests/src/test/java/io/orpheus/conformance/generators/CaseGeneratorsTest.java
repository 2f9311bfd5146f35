package io.orpheus.conformance.generators;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.orpheus.api.Tensor;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CaseGeneratorsTest {

    @Test
    void everyOperatorHasUniqueDeterministicCasesAndAQuickSubset() {
        List<String> ops = CaseGenerators.coveredOps();
        assertTrue(ops.containsAll(List.of("Conv", "ConvTranspose", "Gemm", "MatMul", "MaxPool", "AveragePool", "Add",
                "Concat", "Split", "Slice", "Transpose", "Relu", "BatchNormalization", "Softmax")), ops.toString());
        for (String op : ops) {
            List<GeneratedCase> full = CaseGenerators.cases(op, false);
            List<GeneratedCase> again = CaseGenerators.cases(op, false);
            List<GeneratedCase> quick = CaseGenerators.cases(op, true);
            assertTrue(full.size() >= CaseGenerators.QUICK_CASES_PER_OP, op + " has only " + full.size() + " cases");
            assertEquals(CaseGenerators.QUICK_CASES_PER_OP, quick.size(), op);
            Set<String> names = new HashSet<>();
            for (int i = 0; i < full.size(); i++) {
                GeneratedCase c = full.get(i);
                assertTrue(names.add(c.name()), "duplicate case name " + c.name());
                assertTrue(c.name().startsWith(op + "/"), c.name());
                assertEquals(c.name(), again.get(i).name());
                for (String in : c.inputs().keySet()) {
                    Tensor a = c.inputs().get(in);
                    Tensor b = again.get(i).inputs().get(in);
                    for (int k = 0; k < a.size(); k++) {
                        assertEquals(a.getDouble(k), b.getDouble(k), c.name() + " input " + in + " is not seeded");
                    }
                }
                assertEquals(1, c.graph().nodes().size(), c.name());
            }
            assertEquals(full.subList(0, quick.size()).stream().map(GeneratedCase::name).toList(),
                    quick.stream().map(GeneratedCase::name).toList());
        }
    }

    @Test
    void shapesIncludeVectorTails() {
        Set<Long> innermost = new HashSet<>();
        for (String op : List.of("Relu", "Add", "Conv")) {
            for (GeneratedCase c : CaseGenerators.cases(op, false)) {
                for (Tensor t : c.inputs().values()) {
                    if (t.rank() > 0) {
                        innermost.add((long) t.dim(-1));
                    }
                }
            }
        }
        assertTrue(innermost.containsAll(List.of(1L, 3L, 17L, 33L)), innermost.toString());
    }
}
