package io.orpheus.conformance;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Attribute;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.AttributeRule;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.op.Signature;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A custom-domain operator for testing example-based cases: {@code com.test:ScaledAdd(a, b) = a +
 * alpha * b} on equal-shaped float32 tensors, its schema (with an expansion into Constant, Mul, Add
 * and three examples), and backends with a right or a deliberately wrong kernel.
 */
final class ScaledAddOperator {

    static final String DOMAIN = "com.test";
    static final String OP = "ScaledAdd";

    private ScaledAddOperator() {
    }

    static OperatorSet operatorSet(boolean withExpansion) {
        OperatorSchema schema = new Schema(withExpansion);
        return new OperatorSet() {
            @Override
            public String name() {
                return DOMAIN;
            }

            @Override
            public Collection<OperatorSchema> schemas() {
                return List.of(schema);
            }
        };
    }

    /** The right kernel, under the given implementation name. */
    static OpImplementation implementation(String name) {
        return new Implementation(name, 0f);
    }

    /** A backend whose kernel is right, or off by {@code error} at one element. */
    static Backend backend(float error) {
        return new Backend() {
            @Override
            public String id() {
                return "scaled";
            }

            @Override
            public String version() {
                return "0";
            }

            @Override
            public Availability availability() {
                return Availability.available("test double");
            }

            @Override
            public List<OpImplementation> implementations() {
                return List.of(new Implementation("scaled.scaled_add", error));
            }
        };
    }

    private static final class Schema implements OperatorSchema {
        private final boolean withExpansion;

        Schema(boolean withExpansion) {
            this.withExpansion = withExpansion;
        }

        @Override
        public String domain() {
            return DOMAIN;
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
            return new Signature(2, 2, 1, 1, List.of(AttributeRule.withDefault(Attribute.ofFloat("alpha", 1f))));
        }

        @Override
        public void inferTypes(InferenceContext ctx) {
            ValueInfo a = ctx.inputType(0);
            if (a != null) {
                ctx.setOutput(0, a.dtype(), a.shape());
            }
        }

        @Override
        public List<Node> expand(Node node, int version) {
            if (!withExpansion) {
                return null;
            }
            String c = node.name() + "__alpha";
            String m = node.name() + "__scaled";
            return List.of(
                    Node.of(c, "Constant", List.of(), List.of(c),
                            Attribute.ofTensor("value", Tensor.scalar(node.attrFloat("alpha", 1f)))),
                    Node.of(m, "Mul", List.of(node.input(1), c), List.of(m)),
                    Node.of(node.name() + "__add", "Add", List.of(node.input(0), m), List.of(node.output(0))));
        }

        @Override
        public List<Example> examples() {
            Random r = new Random(11);
            return List.of(example(r, 0.5f, 3, 5), example(r, -2f, 2, 1, 7), example(r, 3.25f, 1));
        }

        private static Example example(Random r, float alpha, long... shape) {
            Node n = new Node("scaled_add", OP, DOMAIN, List.of("a", "b"), List.of("y"),
                    Map.of("alpha", Attribute.ofFloat("alpha", alpha)), "");
            return new Example(n, 1, List.of(random(r, shape), random(r, shape)));
        }

        private static Tensor random(Random r, long... shape) {
            Tensor t = Tensor.allocate(DataType.FLOAT, shape);
            float[] v = t.floats();
            for (int i = 0; i < v.length; i++) {
                v[i] = r.nextFloat() * 4 - 2;
            }
            return t;
        }
    }

    private record Implementation(String name, float error) implements OpImplementation {
        @Override
        public String domain() {
            return DOMAIN;
        }

        @Override
        public String opType() {
            return OP;
        }

        @Override
        public Support supports(NodeContext node) {
            return node.inputType(0) != null && node.inputType(0).dtype() == DataType.FLOAT
                    ? Support.yes() : Support.no("float32 only");
        }

        @Override
        public Kernel prepare(NodeContext node) {
            float alpha = node.node().attrFloat("alpha", 1f);
            return ctx -> {
                float[] a = ctx.input(0).toHeap().floats();
                float[] b = ctx.input(1).toHeap().floats();
                float[] y = ctx.output(0, DataType.FLOAT, ctx.input(0).shape()).floats();
                for (int i = 0; i < y.length; i++) {
                    y[i] = a[i] + alpha * b[i];
                }
                y[y.length / 2] += error;
            };
        }
    }
}
