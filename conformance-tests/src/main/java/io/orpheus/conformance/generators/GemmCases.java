package io.orpheus.conformance.generators;

import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Matrix products. Gemm: every transpose combination, alpha and beta, C as scalar, row, column,
 * full matrix or absent, sizes with vector tails and the N=1 (matrix-vector) shape. MatMul: plain,
 * vector operands, stacked and broadcast batches.
 */
final class GemmCases implements CaseGenerator {

    @Override
    public Set<String> opTypes() {
        return Set.of("Gemm", "MatMul");
    }

    @Override
    public List<GeneratedCase> cases(String op, Random r) {
        return op.equals("Gemm") ? gemm(r) : matmul(r);
    }

    private static List<GeneratedCase> gemm(Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        int[][] mkn = {{3, 17, 33}, {1, 64, 1000}, {17, 33, 1}, {8, 9, 10}, {33, 65, 17}, {1, 1, 1}, {2, 128, 3}};
        long[][] cShapes = {{-1}, {}, {1, -1}, {-2, -1}, {-2, 1}, {1, 1}};
        int i = 0;
        for (int[] d : mkn) {
            for (int t = 0; t < 4; t++) {
                boolean ta = (t & 1) != 0;
                boolean tb = (t & 2) != 0;
                if (i % 2 == 1 && t % 2 == 1) {
                    continue;
                }
                long[] cShape = resolve(cShapes[i % cShapes.length], d[0], d[2]);
                float alpha = i % 3 == 0 ? 1f : 0.5f;
                float beta = i % 4 == 1 ? 2f : 1f;
                i++;
                CaseBuilder b = new CaseBuilder("Gemm")
                        .input(Data.uniform(r, -1, 1, ta ? d[1] : d[0], ta ? d[0] : d[1]))
                        .constant(Data.uniform(r, -1, 1, tb ? d[2] : d[1], tb ? d[1] : d[2]));
                boolean noC = i % 7 == 0;
                if (!noC) {
                    b.constant(Data.uniform(r, -1, 1, cShape));
                }
                b.attr(Attribute.ofInt("transA", ta ? 1 : 0)).attr(Attribute.ofInt("transB", tb ? 1 : 0))
                        .attr(Attribute.ofFloat("alpha", alpha)).attr(Attribute.ofFloat("beta", beta));
                out.add(b.minOpset(11).build("M" + d[0] + " K" + d[1] + " N" + d[2] + " transA=" + (ta ? 1 : 0)
                        + " transB=" + (tb ? 1 : 0) + " alpha=" + alpha + " beta=" + beta
                        + (noC ? " no C" : " C" + Data.shape(cShape))));
            }
        }
        return out;
    }

    /** -1 stands for N, -2 for M. */
    private static long[] resolve(long[] pattern, int m, int n) {
        long[] s = pattern.clone();
        for (int i = 0; i < s.length; i++) {
            s[i] = s[i] == -1 ? n : s[i] == -2 ? m : s[i];
        }
        return s;
    }

    private static List<GeneratedCase> matmul(Random r) {
        long[][][] pairs = {
            {{3, 17}, {17, 33}},
            {{2, 3, 5, 7}, {7, 4}},
            {{33}, {33, 5}},
            {{1, 64}, {64, 1000}},
            {{2, 1, 5, 7}, {3, 7, 4}},
            {{17, 9}, {9}},
            {{65, 33}, {33, 17}},
            {{4, 6, 8}, {4, 8, 3}},
            {{5}, {5}},
        };
        List<GeneratedCase> out = new ArrayList<>();
        for (long[][] p : pairs) {
            out.add(new CaseBuilder("MatMul").input(Data.uniform(r, -1, 1, p[0])).constant(Data.uniform(r, -1, 1, p[1]))
                    .build("a" + Data.shape(p[0]) + " b" + Data.shape(p[1]) + " (b constant)"));
        }
        out.add(2, new CaseBuilder("MatMul").input(Data.uniform(r, -1, 1, 2, 9, 17)).input(Data.uniform(r, -1, 1, 2, 17, 3))
                .build("a[2,9,17] b[2,17,3] (both inputs)"));
        return out;
    }
}
