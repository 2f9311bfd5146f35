package io.orpheus.conformance.generators;

import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Normalisations and softmax: BatchNormalization (inference form, several epsilons),
 * InstanceNormalization, LayerNormalization (axes), LRN (window sizes), Softmax and LogSoftmax
 * over first, middle and last axes.
 */
final class NormalizationCases implements CaseGenerator {

    @Override
    public Set<String> opTypes() {
        return Set.of("BatchNormalization", "InstanceNormalization", "LayerNormalization", "LRN", "Softmax",
                "LogSoftmax");
    }

    @Override
    public List<GeneratedCase> cases(String op, Random r) {
        return switch (op) {
            case "BatchNormalization" -> batchNorm(r);
            case "InstanceNormalization" -> instanceNorm(r);
            case "LayerNormalization" -> layerNorm(r);
            case "LRN" -> lrn(r);
            default -> softmax(op, r);
        };
    }

    private static List<GeneratedCase> batchNorm(Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        long[][] shapes = {{1, 17, 5, 5}, {2, 3, 7, 9}, {1, 33, 1, 1}, {3, 8}, {1, 64, 4, 4}};
        float[] eps = {1e-5f, 1e-3f, 1e-5f, 0.1f, 1e-5f};
        for (int i = 0; i < shapes.length; i++) {
            long c = shapes[i][1];
            out.add(new CaseBuilder("BatchNormalization").input(Data.uniform(r, -2, 2, shapes[i]))
                    .constant(Data.uniform(r, 0.5, 1.5, c)).constant(Data.uniform(r, -1, 1, c))
                    .constant(Data.uniform(r, -1, 1, c)).constant(Data.uniform(r, 0.1, 2, c))
                    .attr(Attribute.ofFloat("epsilon", eps[i]))
                    .build("x" + Data.shape(shapes[i]) + " epsilon=" + eps[i]));
        }
        return out;
    }

    private static List<GeneratedCase> instanceNorm(Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        for (long[] s : new long[][] {{1, 3, 17, 17}, {2, 5, 4, 7}, {1, 17, 3, 3}, {2, 4, 33}}) {
            out.add(new CaseBuilder("InstanceNormalization").input(Data.uniform(r, -2, 2, s))
                    .constant(Data.uniform(r, 0.5, 1.5, s[1])).constant(Data.uniform(r, -1, 1, s[1]))
                    .build("x" + Data.shape(s)));
        }
        return out;
    }

    private static List<GeneratedCase> layerNorm(Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        Object[][] specs = {{new long[] {2, 3, 17}, -1}, {new long[] {4, 33}, 1}, {new long[] {2, 3, 4, 5}, 2}};
        for (Object[] s : specs) {
            long[] shape = (long[]) s[0];
            int axis = (Integer) s[1];
            int a = axis < 0 ? axis + shape.length : axis;
            long[] normShape = java.util.Arrays.copyOfRange(shape, a, shape.length);
            out.add(new CaseBuilder("LayerNormalization").input(Data.uniform(r, -2, 2, shape))
                    .constant(Data.uniform(r, 0.5, 1.5, normShape)).constant(Data.uniform(r, -1, 1, normShape))
                    .attr(Attribute.ofInt("axis", axis)).minOpset(17)
                    .build("x" + Data.shape(shape) + " axis=" + axis));
        }
        return out;
    }

    private static List<GeneratedCase> lrn(Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        int[] sizes = {5, 3, 1, 4};
        long[][] shapes = {{1, 17, 5, 5}, {2, 8, 3, 3}, {1, 3, 4, 4}, {1, 33, 2, 2}};
        for (int i = 0; i < sizes.length; i++) {
            out.add(new CaseBuilder("LRN").input(Data.uniform(r, -2, 2, shapes[i]))
                    .attr(Attribute.ofInt("size", sizes[i])).attr(Attribute.ofFloat("alpha", 1e-3f))
                    .attr(Attribute.ofFloat("beta", 0.75f)).attr(Attribute.ofFloat("bias", 1.5f))
                    .build("x" + Data.shape(shapes[i]) + " size=" + sizes[i]));
        }
        return out;
    }

    private static List<GeneratedCase> softmax(String op, Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        Object[][] specs = {
            {new long[] {2, 17}, -1}, {new long[] {1, 1000}, 1}, {new long[] {2, 3, 33}, 1},
            {new long[] {3, 4, 5}, 0}, {new long[] {1, 1}, -1},
        };
        for (Object[] s : specs) {
            long[] shape = (long[]) s[0];
            int axis = (Integer) s[1];
            out.add(new CaseBuilder(op).input(Data.uniform(r, -5, 5, shape)).attr(Attribute.ofInt("axis", axis))
                    .build("x" + Data.shape(shape) + " axis=" + axis));
        }
        return out;
    }
}
