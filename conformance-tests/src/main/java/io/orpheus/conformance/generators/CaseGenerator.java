package io.orpheus.conformance.generators;

import java.util.List;
import java.util.Random;
import java.util.Set;

/** Cases for one family of operators. */
public interface CaseGenerator {

    /** The operators this generator covers. */
    Set<String> opTypes();

    /**
     * Cases for one of {@link #opTypes()}, the most telling first: the quick tier takes only the
     * first {@link CaseGenerators#QUICK_CASES_PER_OP}. Must be deterministic for a given random.
     */
    List<GeneratedCase> cases(String opType, Random random);
}
