package io.orpheus.conformance;

import io.orpheus.api.backend.Tolerance;
import java.util.Map;
import java.util.Set;

/**
 * Per-operator tolerances, and why. A case uses the looser of the table's value and the chosen
 * implementation's own {@code OpImplementation.tolerance()}, so a Winograd convolution may declare
 * that it strays further than a direct one, while no implementation can tighten the table below what
 * the expected data itself supports.
 */
public final class Tolerances {

    /**
     * Operators whose outputs are sums of many float32 products or terms. When such a sum is close to
     * zero by cancellation, its absolute rounding error stays at the size of the terms, so the
     * relative part of the bound says nothing and ONNX's atol of 1e-7 is below float32 resolution
     * for terms of order 1: these get atol 1e-5 against ONNX's stored outputs (which numpy computed
     * with another summation order, often in float64).
     */
    private static final Set<String> ACCUMULATING = Set.of(
            "Conv", "ConvTranspose", "ConvInteger", "Gemm", "MatMul", "Einsum", "AveragePool",
            "GlobalAveragePool", "LpPool", "LRN", "BatchNormalization", "InstanceNormalization",
            "LayerNormalization", "GroupNormalization", "MeanVarianceNormalization", "Softmax", "LogSoftmax",
            "ReduceMean", "ReduceSum", "ReduceSumSquare", "ReduceL1", "ReduceL2", "ReduceLogSum",
            "ReduceLogSumExp", "CumSum", "Resize", "Gelu", "Sum", "Mean",
            // Orpheus's own fused and channel-blocked forms of the above (io.orpheus domain)
            "FusedConv", "FusedGemm", "BlockedConv", "BlockedAveragePool", "BlockedGlobalAveragePool");

    /**
     * Against the reference backend, a backend may sum in another order (blocked, vectorised, split
     * across threads). For K terms of order 1 the difference grows like sqrt(K) ulps of the partial
     * sums; the generated cases reach K of several hundred, so accumulating operators get atol 1e-4
     * (relative 1e-3 as ONNX).
     */
    private static final Tolerance GENERATED_ACCUMULATING = new Tolerance(1e-4, 1e-3);

    private static final Tolerance NODE_ACCUMULATING = new Tolerance(1e-5, 1e-3);

    /**
     * Vectorised transcendental functions are polynomial approximations with a few ulps of relative
     * error, which ONNX's rtol 1e-3 covers; near zero their outputs need a small absolute slack.
     */
    private static final Map<String, Tolerance> GENERATED_SPECIAL = Map.of(
            "Exp", new Tolerance(1e-6, 1e-3),
            "Tanh", new Tolerance(1e-6, 1e-3),
            "Sigmoid", new Tolerance(1e-6, 1e-3),
            "Erf", new Tolerance(1e-6, 1e-3),
            "Softplus", new Tolerance(1e-6, 1e-3),
            "Pow", new Tolerance(1e-6, 1e-3),
            "Elu", new Tolerance(1e-6, 1e-3),
            "Selu", new Tolerance(1e-6, 1e-3));

    /**
     * Whole networks: dozens of accumulating layers in float32 whose expected outputs came from
     * another float32 evaluator with another summation order; errors compound layer by layer, so
     * rtol 1e-3 with atol 1e-5.
     */
    public static final Tolerance WHOLE_MODEL = new Tolerance(1e-5, 1e-3);

    private Tolerances() {
    }

    /** Tolerance for an operator's ONNX node test (against the ONNX project's stored outputs). */
    public static Tolerance forNodeTest(String opType) {
        return ACCUMULATING.contains(opType) ? NODE_ACCUMULATING : Tolerance.ONNX_DEFAULT;
    }

    /** Tolerance for an operator's generated cases (against the reference backend). */
    public static Tolerance forGenerated(String opType) {
        if (ACCUMULATING.contains(opType)) {
            return GENERATED_ACCUMULATING;
        }
        return GENERATED_SPECIAL.getOrDefault(opType, Tolerance.ONNX_DEFAULT);
    }

    /** The looser of a table tolerance and an implementation's own (which may be null). */
    public static Tolerance loosest(Tolerance table, Tolerance implementation) {
        return implementation == null ? table : table.max(implementation);
    }
}
