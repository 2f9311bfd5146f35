package io.orpheus.conformance.generators;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** The registry of case generators, by operator. */
public final class CaseGenerators {

    /** Cases per operator in the quick tier. */
    public static final int QUICK_CASES_PER_OP = 3;

    /** Seed of every operator's cases (mixed with the operator's name), so runs repeat exactly. */
    public static final long SEED = 0x0c0ffee5eedL;

    private static final List<CaseGenerator> GENERATORS = List.of(
            new UnaryElementwiseCases(), new BinaryElementwiseCases(), new ConvCases(), new PoolCases(),
            new GemmCases(), new LayoutCases(), new NormalizationCases(), new ConvTransposeCases(), new ReduceCases(),
            new PadCases(), new VariadicCases(), new IndexingCases());

    private static final Map<String, CaseGenerator> BY_OP = index();

    private CaseGenerators() {
    }

    private static Map<String, CaseGenerator> index() {
        Map<String, CaseGenerator> m = new TreeMap<>();
        for (CaseGenerator g : GENERATORS) {
            for (String op : g.opTypes()) {
                if (m.put(op, g) != null) {
                    throw new IllegalStateException("two generators for " + op);
                }
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** Operators that have a generator, sorted. */
    public static List<String> coveredOps() {
        return new ArrayList<>(BY_OP.keySet());
    }

    /** Cases for {@code opType}, or an empty list when no generator covers it. */
    public static List<GeneratedCase> cases(String opType, boolean quick) {
        CaseGenerator g = BY_OP.get(opType);
        if (g == null) {
            return List.of();
        }
        List<GeneratedCase> all = g.cases(opType, new Random(SEED ^ opType.hashCode()));
        return quick ? all.subList(0, Math.min(QUICK_CASES_PER_OP, all.size())) : all;
    }
}
