package io.orpheus.conformance.generators;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Operators that select or repeat elements: Gather (axes, negative indices), Where (broadcast
 * condition), Expand and Tile, Squeeze and Unsqueeze, DepthToSpace (both modes) and SpaceToDepth.
 */
final class IndexingCases implements CaseGenerator {

    @Override
    public Set<String> opTypes() {
        return Set.of("Gather", "Where", "Expand", "Tile", "Squeeze", "Unsqueeze", "DepthToSpace", "SpaceToDepth");
    }

    @Override
    public List<GeneratedCase> cases(String op, Random r) {
        List<GeneratedCase> out = new ArrayList<>();
        switch (op) {
            case "Gather" -> {
                out.add(gather(r, new long[] {5, 17}, Tensor.of(new long[] {0, 4, -1, 2}, 4), 0));
                out.add(gather(r, new long[] {2, 33, 3}, Tensor.of(new long[] {1, 32, -33, 7, 7, 0}, 2, 3), 1));
                out.add(gather(r, new long[] {3, 4}, Tensor.scalar(2L), -1));
            }
            case "Where" -> {
                long[][][] shapes = {{{2, 3, 17}, {2, 3, 17}, {2, 3, 17}}, {{17}, {2, 3, 17}, {}}, {{3, 1}, {1, 4}, {3, 4}}};
                for (long[][] s : shapes) {
                    Tensor cond = Data.integers(r, DataType.BOOL, 0, 1, s[0]);
                    out.add(new CaseBuilder(op).input(cond).input(Data.uniform(r, -1, 1, s[1]))
                            .input(Data.uniform(r, -1, 1, s[2]))
                            .build("cond" + Data.shape(s[0]) + " x" + Data.shape(s[1]) + " y" + Data.shape(s[2])));
                }
            }
            case "Expand" -> {
                out.add(shaped(r, op, new long[] {3, 1}, new long[] {2, 3, 17}));
                out.add(shaped(r, op, new long[] {1, 8, 1, 1}, new long[] {1, 8, 5, 5}));
                out.add(shaped(r, op, new long[] {4}, new long[] {1}));
            }
            case "Tile" -> {
                out.add(shaped(r, op, new long[] {2, 3}, new long[] {2, 5}));
                out.add(shaped(r, op, new long[] {1, 3, 4, 4}, new long[] {2, 1, 1, 3}));
                out.add(shaped(r, op, new long[] {17}, new long[] {1}));
            }
            case "Squeeze" -> {
                out.add(shaped(r, op, new long[] {1, 3, 1, 5}, new long[] {0, 2}));
                out.add(shaped(r, op, new long[] {2, 1, 17}, new long[] {-2}));
                out.add(new CaseBuilder(op).input(Data.uniform(r, -1, 1, 1, 8, 1, 1)).build("x[1,8,1,1] axes=all"));
            }
            case "Unsqueeze" -> {
                out.add(shaped(r, op, new long[] {3, 5}, new long[] {0, 3}));
                out.add(shaped(r, op, new long[] {17}, new long[] {-1}));
                out.add(shaped(r, op, new long[] {2, 3}, new long[] {1}));
            }
            case "DepthToSpace" -> {
                out.add(blocks(r, op, new long[] {1, 8, 3, 3}, 2, "DCR"));
                out.add(blocks(r, op, new long[] {2, 18, 2, 3}, 3, "CRD"));
                out.add(blocks(r, op, new long[] {1, 4, 5, 5}, 2, "CRD"));
            }
            case "SpaceToDepth" -> {
                out.add(blocks(r, op, new long[] {1, 2, 4, 6}, 2, null));
                out.add(blocks(r, op, new long[] {2, 3, 9, 3}, 3, null));
                out.add(blocks(r, op, new long[] {1, 17, 2, 2}, 2, null));
            }
            default -> throw new IllegalArgumentException(op);
        }
        return out;
    }

    private static GeneratedCase gather(Random r, long[] shape, Tensor indices, int axis) {
        return new CaseBuilder("Gather").input(Data.uniform(r, -1, 1, shape)).constant(indices)
                .attr(Attribute.ofInt("axis", axis))
                .build("x" + Data.shape(shape) + " indices" + Data.shape(indices.shape()) + " axis=" + axis);
    }

    /** An operator whose second operand is a constant int64 vector (shape, repeats or axes). */
    private static GeneratedCase shaped(Random r, String op, long[] shape, long[] operand) {
        return new CaseBuilder(op).input(Data.uniform(r, -1, 1, shape)).constant(Data.int64s(operand))
                .build("x" + Data.shape(shape) + " " + Data.shape(operand));
    }

    private static GeneratedCase blocks(Random r, String op, long[] shape, int block, String mode) {
        CaseBuilder b = new CaseBuilder(op).input(Data.uniform(r, -1, 1, shape)).attr(Attribute.ofInt("blocksize", block));
        if (mode != null) {
            b.attr(Attribute.ofString("mode", mode));
        }
        return b.build("x" + Data.shape(shape) + " blocksize=" + block + (mode == null ? "" : " " + mode));
    }
}
