package io.orpheus.conformance.generators;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** Pad: constant (zero and non-zero value), reflect and edge modes, uneven and negative (cropping) pads. */
final class PadCases implements CaseGenerator {

    @Override
    public Set<String> opTypes() {
        return Set.of("Pad");
    }

    @Override
    public List<GeneratedCase> cases(String op, Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        out.add(pad(r, new long[] {1, 3, 5, 5}, new long[] {0, 0, 1, 2, 0, 0, 2, 1}, "constant", Float.NaN));
        out.add(pad(r, new long[] {1, 3, 5, 5}, new long[] {0, 0, 2, 2, 0, 0, 2, 2}, "reflect", Float.NaN));
        out.add(pad(r, new long[] {2, 7}, new long[] {1, 3, 2, 0}, "edge", Float.NaN));
        out.add(pad(r, new long[] {1, 2, 4, 4}, new long[] {0, 0, 1, 1, 0, 0, 1, 1}, "constant", 1.5f));
        out.add(pad(r, new long[] {1, 1, 3, 17}, new long[] {0, 0, 0, -1, 0, 0, 0, -2}, "constant", Float.NaN));
        out.add(pad(r, new long[] {33}, new long[] {3, 4}, "reflect", Float.NaN));
        return out;
    }

    private static GeneratedCase pad(Random r, long[] shape, long[] pads, String mode, float value) {
        CaseBuilder b = new CaseBuilder("Pad").input(Data.uniform(r, -1, 1, shape)).constant(Data.int64s(pads));
        if (!Float.isNaN(value)) {
            b.constant(Tensor.scalar(value));
        }
        return b.attr(Attribute.ofString("mode", mode)).minOpset(11)
                .build("x" + Data.shape(shape) + " pads=" + Data.shape(pads) + " " + mode
                        + (Float.isNaN(value) ? "" : " value=" + value));
    }
}
