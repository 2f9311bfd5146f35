package io.orpheus.hardening;

import io.orpheus.api.backend.Availability;
import io.orpheus.api.backend.Backend;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.backend.Support;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A backend that runs another backend's kernels and counts every kernel run: with it planned on every
 * node, an unchanged count proves that no kernel ran. Its implementations outrank everything else.
 */
final class CountingBackend implements Backend {

    static final String ID = "counting";
    static final int PRIORITY = 10_000;

    private final List<OpImplementation> implementations = new ArrayList<>();
    private final AtomicLong kernelRuns = new AtomicLong();

    /** Wraps the highest-priority implementation of each op type of {@code delegate}. */
    CountingBackend(Backend delegate, String... opTypes) {
        for (String op : opTypes) {
            OpImplementation inner = delegate.implementations().stream().filter(i -> i.opType().equals(op))
                    .max((a, b) -> Integer.compare(a.priority(), b.priority()))
                    .orElseThrow(() -> new IllegalArgumentException(delegate.id() + " does not implement " + op));
            implementations.add(new Counted(inner));
        }
    }

    long kernelRuns() {
        return kernelRuns.get();
    }

    @Override
    public String id() {
        return ID;
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
        return List.copyOf(implementations);
    }

    private final class Counted implements OpImplementation {
        private final OpImplementation inner;

        Counted(OpImplementation inner) {
            this.inner = inner;
        }

        @Override
        public String domain() {
            return inner.domain();
        }

        @Override
        public String opType() {
            return inner.opType();
        }

        @Override
        public String name() {
            return ID + "." + inner.opType().toLowerCase(java.util.Locale.ROOT);
        }

        @Override
        public int priority() {
            return PRIORITY;
        }

        @Override
        public Support supports(NodeContext node) {
            return inner.supports(node);
        }

        @Override
        public Kernel prepare(NodeContext node) {
            Kernel k = inner.prepare(node);
            return new Kernel() {
                @Override
                public void run(KernelContext ctx) {
                    kernelRuns.incrementAndGet();
                    k.run(ctx);
                }

                @Override
                public void close() {
                    k.close();
                }
            };
        }
    }
}
