package io.orpheus.conformance.generators;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Element-wise operators of two operands under numpy broadcasting: equal shapes, a scalar, a
 * trailing vector, per-channel [1,C,1,1], both operands broadcast, and ranks that differ. PRelu
 * broadcasts its slope one way only.
 */
final class BinaryElementwiseCases implements CaseGenerator {

    private static final Set<String> ARITHMETIC = Set.of("Add", "Sub", "Mul", "Div", "Pow", "Max", "Min");
    private static final Set<String> COMPARISONS = Set.of("Equal", "Less", "Greater", "LessOrEqual", "GreaterOrEqual");

    private static final long[][][] PAIRS = {
        {{2, 3, 17}, {2, 3, 17}},
        {{1, 8, 5, 5}, {1, 8, 1, 1}},
        {{2, 3, 17}, {}},
        {{2, 3, 17}, {17}},
        {{33}, {33}},
        {{3, 1}, {1, 4}},
        {{4, 1, 5}, {3, 1}},
        {{1}, {5, 3}},
        {{2, 1, 1, 33}, {1, 3, 7, 1}},
    };

    private static final long[][][] SLOPES = {
        {{1, 8, 5, 5}, {8, 1, 1}},
        {{2, 17}, {17}},
        {{2, 17}, {1}},
        {{3, 33}, {3, 33}},
        {{2, 3, 4, 5}, {1, 3, 1, 1}},
    };

    @Override
    public Set<String> opTypes() {
        Set<String> all = new java.util.HashSet<>(ARITHMETIC);
        all.addAll(COMPARISONS);
        all.add("PRelu");
        return all;
    }

    @Override
    public List<GeneratedCase> cases(String op, Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        if (op.equals("PRelu")) {
            for (long[][] p : SLOPES) {
                out.add(new CaseBuilder(op).input(Data.uniform(r, -2, 2, p[0])).constant(Data.uniform(r, -1, 1, p[1]))
                        .build("x" + Data.shape(p[0]) + " slope" + Data.shape(p[1])));
            }
            return out;
        }
        for (long[][] p : PAIRS) {
            out.add(new CaseBuilder(op).input(left(op, r, p[0])).input(right(op, r, p[1]))
                    .build("a" + Data.shape(p[0]) + " b" + Data.shape(p[1])));
        }
        if (Set.of("Add", "Sub", "Mul", "Max", "Min").contains(op)) {
            for (DataType t : new DataType[] {DataType.INT32, DataType.INT64}) {
                out.add(new CaseBuilder(op).input(Data.integers(r, t, -50, 50, 2, 3, 17))
                        .input(Data.integers(r, t, -50, 50, 3, 1)).build(t + " a[2,3,17] b[3,1]"));
            }
        }
        return out;
    }

    private static Tensor left(String op, Random r, long[] shape) {
        if (COMPARISONS.contains(op)) {
            return Data.smallIntegers(r, -2, 2, shape);
        }
        return op.equals("Pow") ? Data.uniform(r, 0.5, 2, shape) : Data.uniform(r, -2, 2, shape);
    }

    private static Tensor right(String op, Random r, long[] shape) {
        if (COMPARISONS.contains(op)) {
            return Data.smallIntegers(r, -2, 2, shape);
        }
        return switch (op) {
            case "Div" -> Data.awayFromZero(r, 0.5, 2, shape);
            case "Pow" -> Data.uniform(r, -2, 2, shape);
            default -> Data.uniform(r, -2, 2, shape);
        };
    }
}
