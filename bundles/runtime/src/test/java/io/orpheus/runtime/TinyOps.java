package io.orpheus.runtime;

import io.orpheus.api.DataType;
import io.orpheus.api.Shapes;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.InferenceContext;
import io.orpheus.api.op.OperatorSchema;
import io.orpheus.api.op.OperatorSet;
import io.orpheus.api.op.Signature;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** A two-operator world (elementwise Add of equal shapes, Relu) for testing the runtime alone. */
final class TinyOps {

    private TinyOps() {
    }

    static final class Schema implements OperatorSchema {
        private final String op;
        private final int inputs;

        Schema(String op, int inputs) {
            this.op = op;
            this.inputs = inputs;
        }

        @Override public String domain() { return ""; }
        @Override public String opType() { return op; }
        @Override public int[] sinceVersions() { return new int[] {7, 14}; }
        @Override public Signature signature(int version) { return new Signature(inputs, inputs, 1, 1, List.of()); }
        @Override public void inferTypes(InferenceContext ctx) {
            ValueInfo a = ctx.inputType(0);
            if (a == null) {
                return;
            }
            if (inputs == 2 && ctx.inputType(1) != null && a.rank() >= 0 && ctx.inputType(1).rank() >= 0
                    && a.rank() != ctx.inputType(1).rank()) {
                throw ctx.fail("ranks differ: " + a.shapeString() + " vs " + ctx.inputType(1).shapeString());
            }
            List<Dim> shape = a.shape();
            ctx.setOutput(0, a.dtype(), shape);
        }
    }

    static OperatorSet operators() {
        return new OperatorSet() {
            @Override public String name() { return "tiny"; }
            @Override public Collection<OperatorSchema> schemas() {
                return List.of(new Schema("Add", 2), new Schema("Relu", 1));
            }
        };
    }

    /** A backend whose Relu and Add count their runs; priority decides between two such backends. */
    static final class CountingBackend implements Backend {
        final String id;
        final int priority;
        final AtomicInteger runs = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();

        CountingBackend(String id, int priority) {
            this.id = id;
            this.priority = priority;
        }

        @Override public String id() { return id; }
        @Override public String version() { return "1"; }
        @Override public Availability availability() { return Availability.available("test"); }

        @Override
        public List<OpImplementation> implementations() {
            return List.of(impl("Relu"), impl("Add"));
        }

        private OpImplementation impl(String op) {
            CountingBackend self = this;
            return new OpImplementation() {
                @Override public String opType() { return op; }
                @Override public String name() { return id + "." + op.toLowerCase(); }
                @Override public int priority() { return priority; }
                @Override public Support supports(NodeContext node) {
                    ValueInfo t = node.inputType(0);
                    return t != null && t.dtype() == DataType.FLOAT ? Support.yes() : Support.no("float only");
                }
                @Override public Kernel prepare(NodeContext node) {
                    return new Kernel() {
                        @Override public void run(io.orpheus.api.backend.KernelContext ctx) {
                            self.runs.incrementAndGet();
                            Tensor a = ctx.input(0);
                            float[] x = a.floats();
                            Tensor out = ctx.output(0, DataType.FLOAT, a.shape());
                            float[] y = out.floats();
                            if (op.equals("Relu")) {
                                for (int i = 0; i < x.length; i++) {
                                    y[i] = Math.max(0, x[i]);
                                }
                            } else {
                                float[] b = ctx.input(1).floats();
                                if (b.length != x.length) {
                                    throw new IllegalArgumentException("shapes differ: " + Shapes.size(a.shape()));
                                }
                                for (int i = 0; i < x.length; i++) {
                                    y[i] = x[i] + b[i];
                                }
                            }
                        }

                        @Override public void close() {
                            self.closed.incrementAndGet();
                        }
                    };
                }
            };
        }
    }
}
