package io.orpheus.backend.simd.tensor;

import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.backend.simd.Checks;
import io.orpheus.backend.simd.SimdOp;
import java.util.Arrays;

/** Flatten and Reshape as views: the output shares the input's elements, nothing is copied. */
public final class SimdView extends SimdOp {

    private final boolean flatten;

    private SimdView(boolean flatten) {
        super(flatten ? "Flatten" : "Reshape", flatten ? "simd.flatten" : "simd.reshape", SimdOp.GENERAL);
        this.flatten = flatten;
    }

    public static SimdView flatten() {
        return new SimdView(true);
    }

    public static SimdView reshape() {
        return new SimdView(false);
    }

    @Override
    protected Support check(NodeContext node) {
        return Checks.floatInputs(node, 0);
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        if (flatten) {
            long axis = node.node().attrInt("axis", 1);
            return ctx -> {
                Tensor x = ctx.input(0);
                int rank = x.rank();
                int a = (int) (axis < 0 ? axis + rank : axis);
                if (a < 0 || a > rank) {
                    throw fail(node, "axis " + axis + " is outside [-" + rank + ", " + rank + "]");
                }
                long outer = 1;
                long[] s = x.shape();
                for (int d = 0; d < a; d++) {
                    outer *= s[d];
                }
                long inner = 1;
                for (int d = a; d < rank; d++) {
                    inner *= s[d];
                }
                ctx.setOutput(0, x.reshape(outer, inner));
            };
        }
        boolean allowZero = node.node().attrInt("allowzero", 0) != 0;
        return ctx -> {
            Tensor x = ctx.input(0);
            long[] requested = ctx.input(1).toHeap().toLongArray();
            ctx.setOutput(0, x.reshape(resolve(node, x.shape(), requested, allowZero)));
        };
    }

    /** Reshape's target: 0 copies the input's dimension (unless allowzero), one -1 takes what is left. */
    private long[] resolve(NodeContext node, long[] in, long[] requested, boolean allowZero) {
        long[] out = requested.clone();
        int inferred = -1;
        long known = 1;
        for (int i = 0; i < out.length; i++) {
            if (out[i] == 0 && !allowZero) {
                if (i >= in.length) {
                    throw fail(node, "shape " + Arrays.toString(requested) + " copies dimension " + i + " of "
                            + Arrays.toString(in));
                }
                out[i] = in[i];
            }
            if (out[i] == -1) {
                if (inferred >= 0) {
                    throw fail(node, "shape " + Arrays.toString(requested) + " has more than one -1");
                }
                inferred = i;
            } else if (out[i] < 0) {
                throw fail(node, "shape " + Arrays.toString(requested) + " has a negative dimension");
            } else {
                known *= out[i];
            }
        }
        long size = 1;
        for (long d : in) {
            size *= d;
        }
        if (inferred >= 0) {
            if (known == 0 || size % known != 0) {
                throw fail(node, "cannot infer the -1 of " + Arrays.toString(requested) + " for "
                        + Arrays.toString(in));
            }
            out[inferred] = size / known;
        }
        if (known * (inferred >= 0 ? out[inferred] : 1) != size) {
            throw fail(node, "cannot reshape " + Arrays.toString(in) + " to " + Arrays.toString(requested));
        }
        return out;
    }
}
