package io.orpheus.conformance.generators;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Sum and Mean of one, two and three operands under multidirectional broadcasting. */
final class VariadicCases implements CaseGenerator {

    private static final long[][][] OPERANDS = {
        {{2, 3, 17}, {17}, {2, 1, 17}},
        {{1, 8, 5, 5}, {1, 8, 5, 5}},
        {{33}},
        {{3, 1}, {1, 4}, {}},
    };

    @Override
    public Set<String> opTypes() {
        return Set.of("Sum", "Mean");
    }

    @Override
    public List<GeneratedCase> cases(String op, Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        for (long[][] shapes : OPERANDS) {
            CaseBuilder b = new CaseBuilder(op);
            StringBuilder d = new StringBuilder();
            for (long[] s : shapes) {
                b.input(Data.uniform(r, -2, 2, s));
                d.append(d.isEmpty() ? "" : " ").append(Data.shape(s));
            }
            out.add(b.build(d.toString()));
        }
        return out;
    }
}
