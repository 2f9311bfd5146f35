package com.example.orpheus.fuseswish;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.SchemaRegistry;
import io.orpheus.api.op.Signature;
import io.orpheus.api.pass.PassContext;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * A pass context over a hand-built graph: types as the graph declares them, a schema registry that
 * knows com.example:Swish or not, and the reports collected.
 */
final class FakePassContext implements PassContext {

    final List<String> reports = new ArrayList<>();
    private final Graph graph;
    private final Map<String, Long> opsets;
    private final boolean swishInstalled;

    FakePassContext(Graph graph, Map<String, Long> opsets, boolean swishInstalled) {
        this.graph = graph;
        this.opsets = opsets;
        this.swishInstalled = swishInstalled;
    }

    @Override
    public SchemaRegistry schemas() {
        return new SchemaRegistry() {
            @Override
            public OperatorSchema find(String domain, String opType) {
                return swishInstalled && domain.equals("com.example") && opType.equals("Swish") ? SWISH : null;
            }

            @Override
            public Collection<OperatorSchema> all() {
                return swishInstalled ? List.of(SWISH) : List.of();
            }
        };
    }

    @Override
    public Map<String, Long> opsetImports() {
        return opsets;
    }

    @Override
    public void report(String change) {
        reports.add(change);
    }

    @Override
    public ValueInfo typeOf(String value) {
        return graph.typeOf(value);
    }

    @Override
    public int opVersion(Node node) {
        return -1;
    }

    @Override
    public Tensor[] evaluate(Node node, Tensor... inputs) {
        throw new UnsupportedOperationException("fuse-swish never evaluates nodes");
    }

    /** Only what the pass consults: that the operator exists, at version 1. */
    private static final OperatorSchema SWISH = new OperatorSchema() {
        @Override
        public String domain() {
            return "com.example";
        }

        @Override
        public String opType() {
            return "Swish";
        }

        @Override
        public int[] sinceVersions() {
            return new int[] {1};
        }

        @Override
        public Signature signature(int version) {
            return new Signature(1, 1, 1, 1, List.of());
        }

        @Override
        public void inferTypes(InferenceContext ctx) {
            throw new UnsupportedOperationException("not needed by the pass");
        }
    };
}
