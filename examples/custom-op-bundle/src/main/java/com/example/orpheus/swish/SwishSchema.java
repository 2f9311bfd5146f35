package com.example.orpheus.swish;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.Signature;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * {@code com.example:Swish}, version 1: {@code y = x * sigmoid(beta * x)} element-wise on a float32
 * tensor, attribute {@code beta} (FLOAT, default 1). With beta 1 it is SiLU.
 *
 * <p>Besides arity and type inference, the schema says what the operator means in standard terms
 * ({@link #expand}: Mul, Sigmoid, Mul), which lets a backend without a Swish kernel run it and gives
 * the conformance suite its expected results, and it gives {@link #examples} for the suite's cases.
 */
public final class SwishSchema implements OperatorSchema {

    public static final String OP = "Swish";
    public static final String BETA = "beta";
    public static final float DEFAULT_BETA = 1f;

    /** Seed of the examples' data, so every run checks the same values. */
    private static final long EXAMPLE_SEED = 0x5715;

    private static final Signature SIGNATURE = new Signature(1, 1, 1, 1,
            List.of(AttributeRule.withDefault(Attribute.ofFloat(BETA, DEFAULT_BETA))));

    @Override
    public String domain() {
        return SwishOperators.DOMAIN;
    }

    @Override
    public String opType() {
        return OP;
    }

    @Override
    public int[] sinceVersions() {
        return new int[] {1};
    }

    @Override
    public Signature signature(int version) {
        return SIGNATURE;
    }

    /** The output has the input's type and shape; only float32 is defined. */
    @Override
    public void inferTypes(InferenceContext ctx) {
        ValueInfo x = ctx.inputType(0);
        if (x == null) {
            return;
        }
        if (x.dtype() != null && x.dtype() != DataType.FLOAT) {
            throw ctx.fail("Swish takes float32, input '" + ctx.node().input(0) + "' is " + x.dtype());
        }
        ctx.setOutput(0, DataType.FLOAT, x.shape());
    }

    /**
     * {@code beta} as a Constant, {@code Mul(x, beta)}, {@code Sigmoid}, {@code Mul(x, gate)}; the
     * intermediate values are named after the node, so they are unique in the graph.
     */
    @Override
    public List<Node> expand(Node node, int version) {
        String x = node.input(0);
        String prefix = node.name() + "__swish_";
        String beta = prefix + "beta";
        String scaled = prefix + "scaled";
        String gate = prefix + "gate";
        float b = node.attrFloat(BETA, DEFAULT_BETA);
        return List.of(
                Node.of(beta, "Constant", List.of(), List.of(beta), Attribute.ofTensor("value", Tensor.scalar(b))),
                Node.of(scaled, "Mul", List.of(x, beta), List.of(scaled)),
                Node.of(gate, "Sigmoid", List.of(scaled), List.of(gate)),
                Node.of(prefix + "out", "Mul", List.of(x, gate), List.of(node.output(0))));
    }

    /**
     * Three nodes with odd shapes (no multiple of a vector width) and different betas, on seeded
     * values wide enough to reach both saturated ends of the sigmoid.
     */
    @Override
    public List<Example> examples() {
        Random r = new Random(EXAMPLE_SEED);
        return List.of(
                example(r, 1f, 7),
                example(r, 0.5f, 3, 5, 11),
                example(r, 1.75f, 2, 1, 9, 13));
    }

    private static Example example(Random r, float beta, long... shape) {
        Node n = new Node("swish", OP, SwishOperators.DOMAIN, List.of("x"), List.of("y"),
                Map.of(BETA, Attribute.ofFloat(BETA, beta)), "");
        Tensor x = Tensor.allocate(DataType.FLOAT, shape);
        float[] v = x.floats();
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * 4);
        }
        return new Example(n, 1, List.of(x));
    }
}
