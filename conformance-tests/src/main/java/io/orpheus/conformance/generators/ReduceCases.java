package io.orpheus.conformance.generators;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Reductions over the last axis, spatial axes (global pooling), the first axis, every axis, and a
 * unit axis, with and without keepdims. Axes are an input (ReduceSum since 13, the others since 18).
 */
final class ReduceCases implements CaseGenerator {

    private static final Object[][] SPECS = {
        {new long[] {2, 3, 17}, new long[] {-1}, 1},
        {new long[] {1, 8, 5, 5}, new long[] {2, 3}, 1},
        {new long[] {4, 33}, new long[] {0}, 0},
        {new long[] {2, 3, 4}, null, 0},
        {new long[] {3, 1, 5}, new long[] {1}, 0},
        {new long[] {2, 17, 3}, new long[] {0, 2}, 1},
    };

    @Override
    public Set<String> opTypes() {
        return Set.of("ReduceMean", "ReduceSum", "ReduceMax", "ReduceMin", "ReduceProd");
    }

    @Override
    public List<GeneratedCase> cases(String op, Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        for (Object[] s : SPECS) {
            long[] shape = (long[]) s[0];
            long[] axes = (long[]) s[1];
            int keep = (Integer) s[2];
            // Products of values near 1 stay near 1, so the comparison stays meaningful.
            Tensor x = op.equals("ReduceProd") ? Data.uniform(r, 0.8, 1.25, shape) : Data.uniform(r, -2, 2, shape);
            CaseBuilder b = new CaseBuilder(op).input(x);
            if (axes != null) {
                b.constant(Data.int64s(axes));
            }
            out.add(b.attr(Attribute.ofInt("keepdims", keep)).minOpset(op.equals("ReduceSum") ? 13 : 18)
                    .build("x" + Data.shape(shape) + " axes=" + (axes == null ? "all" : Data.shape(axes))
                            + " keepdims=" + keep));
        }
        return out;
    }
}
