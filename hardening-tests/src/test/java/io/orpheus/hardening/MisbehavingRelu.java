package io.orpheus.hardening;

import io.orpheus.api.DataType;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import io.orpheus.api.Tensor;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A one-implementation test backend whose Relu outranks every other and misbehaves in a chosen way:
 * it computes right for a number of runs, then fails. Each instance is its own backend (id = name).
 */
final class MisbehavingRelu implements Backend {

    /** How the kernel goes wrong once its good runs are used up. */
    enum Fault {
        /** Throws an IllegalStateException: a bug, not a data error. */
        THROWS,
        /** Writes an output of shape [1] where the planner inferred the input's shape. */
        WRONG_SHAPE,
        /** Writes an INT64 output where the planner inferred FLOAT. */
        WRONG_DTYPE,
        /** Throws a KernelException: a deliberate refusal, which is the kernel's right. */
        REFUSES
    }

    private final String id;
    private final Fault fault;
    private final long goodRuns;
    private final AtomicLong runs = new AtomicLong();

    MisbehavingRelu(String id, Fault fault, long goodRuns) {
        this.id = id;
        this.fault = fault;
        this.goodRuns = goodRuns;
    }

    String implementationName() {
        return id + ".relu";
    }

    long runs() {
        return runs.get();
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String version() {
        return "test";
    }

    @Override
    public Availability availability() {
        return Availability.available("test backend");
    }

    @Override
    public List<OpImplementation> implementations() {
        return List.of(new OpImplementation() {
            @Override
            public String opType() {
                return "Relu";
            }

            @Override
            public String name() {
                return implementationName();
            }

            @Override
            public int priority() {
                return 10_000;
            }

            @Override
            public Support supports(NodeContext node) {
                return node.inputType(0) != null && node.inputType(0).dtype() == DataType.FLOAT
                        ? Support.yes() : Support.no("float only");
            }

            @Override
            public Kernel prepare(NodeContext node) {
                return ctx -> run(node, ctx);
            }
        });
    }

    private void run(NodeContext node, KernelContext ctx) {
        long n = runs.incrementAndGet();
        float[] x = ctx.input(0).floats();
        if (n > goodRuns) {
            switch (fault) {
                case THROWS -> throw new IllegalStateException("simulated bug in run " + n);
                case WRONG_SHAPE -> {
                    ctx.output(0, DataType.FLOAT, 1);
                    return;
                }
                case WRONG_DTYPE -> {
                    ctx.setOutput(0, Tensor.allocate(DataType.INT64, ctx.input(0).shape()));
                    return;
                }
                case REFUSES -> throw new KernelException(node.node(), implementationName(),
                        "refuses run " + n + " on purpose");
            }
        }
        float[] y = ctx.output(0, DataType.FLOAT, ctx.input(0).shape()).floats();
        for (int i = 0; i < x.length; i++) {
            y[i] = x[i] < 0 ? 0f : x[i];
        }
    }
}
