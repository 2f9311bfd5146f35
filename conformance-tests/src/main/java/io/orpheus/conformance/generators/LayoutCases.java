package io.orpheus.conformance.generators;

import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Operators that move elements without arithmetic: Concat (positive and negative axes, unequal
 * extents), Split (explicit sizes), Slice (negative indices, steps, clamped ends), Transpose
 * (NCHW/NHWC and other permutations), Reshape (0 and -1 entries), Flatten (every axis).
 */
final class LayoutCases implements CaseGenerator {

    @Override
    public Set<String> opTypes() {
        return Set.of("Concat", "Split", "Slice", "Transpose", "Reshape", "Flatten");
    }

    @Override
    public List<GeneratedCase> cases(String op, Random r) {
        return switch (op) {
            case "Concat" -> concat(r);
            case "Split" -> split(r);
            case "Slice" -> slice(r);
            case "Transpose" -> transpose(r);
            case "Reshape" -> reshape(r);
            case "Flatten" -> flatten(r);
            default -> throw new IllegalArgumentException(op);
        };
    }

    private static List<GeneratedCase> concat(Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        out.add(concatOf(r, 1, new long[] {1, 3, 5, 5}, new long[] {1, 17, 5, 5}, new long[] {1, 1, 5, 5}));
        out.add(concatOf(r, -1, new long[] {2, 3, 17}, new long[] {2, 3, 1}));
        out.add(concatOf(r, 0, new long[] {3, 33}, new long[] {1, 33}, new long[] {5, 33}));
        out.add(concatOf(r, 2, new long[] {2, 4, 3}, new long[] {2, 4, 16}));
        out.add(concatOf(r, 0, new long[] {7}, new long[] {1}));
        return out;
    }

    private static GeneratedCase concatOf(Random r, int axis, long[]... shapes) {
        CaseBuilder b = new CaseBuilder("Concat").attr(Attribute.ofInt("axis", axis));
        StringBuilder d = new StringBuilder("axis=" + axis);
        for (long[] s : shapes) {
            b.input(Data.uniform(r, -1, 1, s));
            d.append(' ').append(Data.shape(s));
        }
        return b.build(d.toString());
    }

    private static List<GeneratedCase> split(Random r) {
        Object[][] specs = {
            {new long[] {2, 12, 5}, 1, new long[] {2, 3, 7}},
            {new long[] {33}, 0, new long[] {16, 17}},
            {new long[] {4, 6}, -1, new long[] {1, 1, 4}},
            {new long[] {1, 18, 3, 3}, 1, new long[] {6, 6, 6}},
        };
        List<GeneratedCase> out = new ArrayList<>();
        for (Object[] s : specs) {
            long[] shape = (long[]) s[0];
            int axis = (Integer) s[1];
            long[] sizes = (long[]) s[2];
            out.add(new CaseBuilder("Split").input(Data.uniform(r, -1, 1, shape)).constant(Data.int64s(sizes))
                    .attr(Attribute.ofInt("axis", axis))
                    .build("x" + Data.shape(shape) + " axis=" + axis + " split=" + Data.shape(sizes), sizes.length));
        }
        return out;
    }

    private static List<GeneratedCase> slice(Random r) {
        long big = Long.MAX_VALUE;
        long[][][] specs = {
            // shape, starts, ends, axes, steps
            {{4, 17}, {1, 2}, {3, 15}, {0, 1}, {1, 3}},
            {{2, 3, 33}, {-5}, {big}, {-1}, {1}},
            {{10, 7}, {9, 6}, {-big, 0}, {0, 1}, {-2, -1}},
            {{1, 8, 9, 9}, {0, 1, 1}, {8, 8, 8}, {1, 2, 3}, {2, 2, 2}},
            {{20}, {-100}, {100}, {0}, {1}},
        };
        List<GeneratedCase> out = new ArrayList<>();
        for (long[][] s : specs) {
            out.add(new CaseBuilder("Slice").input(Data.uniform(r, -1, 1, s[0])).constant(Data.int64s(s[1]))
                    .constant(Data.int64s(s[2])).constant(Data.int64s(s[3])).constant(Data.int64s(s[4]))
                    .build("x" + Data.shape(s[0]) + " starts=" + Data.shape(s[1]) + " ends=" + Data.shape(s[2])
                            + " axes=" + Data.shape(s[3]) + " steps=" + Data.shape(s[4])));
        }
        out.add(new CaseBuilder("Slice").input(Data.uniform(r, -1, 1, 5, 6)).constant(Data.int64s(1, 2))
                .constant(Data.int64s(4, 5)).build("x[5,6] starts=[1,2] ends=[4,5] (default axes, steps)"));
        return out;
    }

    private static List<GeneratedCase> transpose(Random r) {
        Object[][] specs = {
            {new long[] {1, 3, 17, 5}, new long[] {0, 2, 3, 1}},
            {new long[] {1, 17, 5, 3}, new long[] {0, 3, 1, 2}},
            {new long[] {33, 17}, new long[] {1, 0}},
            {new long[] {2, 3, 4}, null},
            {new long[] {2, 3, 4, 5}, new long[] {3, 1, 0, 2}},
            {new long[] {2, 1, 3, 1, 5}, new long[] {4, 2, 0, 3, 1}},
        };
        List<GeneratedCase> out = new ArrayList<>();
        for (Object[] s : specs) {
            long[] shape = (long[]) s[0];
            long[] perm = (long[]) s[1];
            CaseBuilder b = new CaseBuilder("Transpose").input(Data.uniform(r, -1, 1, shape));
            if (perm != null) {
                b.attr(Attribute.ofInts("perm", perm));
            }
            out.add(b.build("x" + Data.shape(shape) + " perm=" + (perm == null ? "reversed" : Arrays.toString(perm))));
        }
        return out;
    }

    private static List<GeneratedCase> reshape(Random r) {
        long[][][] specs = {
            {{2, 3, 4}, {6, -1}},
            {{1, 8, 3, 3}, {0, -1}},
            {{33}, {3, 11}},
            {{2, 3, 4}, {0, 0, 2, 2}},
            {{4, 5}, {-1}},
        };
        List<GeneratedCase> out = new ArrayList<>();
        for (long[][] s : specs) {
            out.add(new CaseBuilder("Reshape").input(Data.uniform(r, -1, 1, s[0])).constant(Data.int64s(s[1]))
                    .build("x" + Data.shape(s[0]) + " shape=" + Data.shape(s[1])));
        }
        return out;
    }

    private static List<GeneratedCase> flatten(Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        long[] shape = {2, 3, 4, 5};
        for (int axis : new int[] {1, 0, 2, -1, 4}) {
            out.add(new CaseBuilder("Flatten").input(Data.uniform(r, -1, 1, shape)).attr(Attribute.ofInt("axis", axis))
                    .build("x" + Data.shape(shape) + " axis=" + axis));
        }
        return out;
    }
}
