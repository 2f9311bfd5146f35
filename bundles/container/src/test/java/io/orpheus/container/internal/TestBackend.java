package io.orpheus.container.internal;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.DoubleUnaryOperator;

/**
 * A float32 backend of a few element-wise operators (priority 100, so it wins over the reference
 * once admitted). One operator can be made wrong by a fixed offset; kernel preparation can be held
 * until a latch opens (to observe a backend while its admission runs); kernels are counted.
 */
final class TestBackend implements Backend {

    final AtomicInteger prepared = new AtomicInteger();
    final AtomicInteger closed = new AtomicInteger();
    private final String id;
    private final Availability availability;
    private final List<OpImplementation> implementations = new ArrayList<>();
    private volatile CountDownLatch hold = new CountDownLatch(0);

    private TestBackend(String id, Availability availability) {
        this.id = id;
        this.availability = availability;
    }

    /** Relu, Abs and Neg, all right. */
    static TestBackend good(String id) {
        return new TestBackend(id, Availability.available("test double"))
                .op("Relu", x -> Math.max(0, x)).op("Abs", Math::abs).op("Neg", x -> -x);
    }

    /** Only Neg, off by 1e-2 everywhere. */
    static TestBackend wrongNeg(String id) {
        return new TestBackend(id, Availability.available("test double")).op("Neg", x -> -x + 1e-2);
    }

    /** Relu right, Neg off by 1e-2. */
    static TestBackend partlyWrong(String id) {
        return new TestBackend(id, Availability.available("test double"))
                .op("Relu", x -> Math.max(0, x)).op("Neg", x -> -x + 1e-2);
    }

    static TestBackend unavailable(String id, String why) {
        return new TestBackend(id, Availability.unavailable(why)).op("Relu", x -> Math.max(0, x));
    }

    /** Kernel preparation blocks until {@link #release()}. */
    TestBackend held() {
        hold = new CountDownLatch(1);
        return this;
    }

    void release() {
        hold.countDown();
    }

    private TestBackend op(String opType, DoubleUnaryOperator f) {
        implementations.add(new Unary(id + "." + opType.toLowerCase(Locale.ROOT), opType, f));
        return this;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public Availability availability() {
        return availability;
    }

    @Override
    public List<OpImplementation> implementations() {
        return availability.available() ? List.copyOf(implementations) : List.of();
    }

    private final class Unary implements OpImplementation {
        private final String name;
        private final String opType;
        private final DoubleUnaryOperator f;

        Unary(String name, String opType, DoubleUnaryOperator f) {
            this.name = name;
            this.opType = opType;
            this.f = f;
        }

        @Override
        public String opType() {
            return opType;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public Support supports(NodeContext node) {
            return node.inputType(0) != null && node.inputType(0).dtype() == DataType.FLOAT
                    ? Support.yes() : Support.no("float32 only");
        }

        @Override
        public Kernel prepare(NodeContext node) {
            try {
                if (!hold.await(30, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("held for 30 s");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            prepared.incrementAndGet();
            return new Kernel() {
                @Override
                public void run(io.orpheus.api.backend.KernelContext ctx) {
                    Tensor x = ctx.input(0).toHeap();
                    Tensor y = ctx.output(0, DataType.FLOAT, x.shape());
                    float[] in = x.floats();
                    float[] out = y.floats();
                    for (int i = 0; i < in.length; i++) {
                        out[i] = (float) f.applyAsDouble(in[i]);
                    }
                }

                @Override
                public void close() {
                    closed.incrementAndGet();
                }
            };
        }
    }
}
