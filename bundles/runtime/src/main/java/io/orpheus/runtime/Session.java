package io.orpheus.runtime;

import io.orpheus.api.OrpheusException;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.OpImplementation;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.backend.KernelException;
import io.orpheus.runtime.internal.ExecutionPlan;
import io.orpheus.runtime.internal.KernelFault;
import io.orpheus.runtime.internal.PlannedNode;
import io.orpheus.runtime.internal.WorkerPool;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A model planned onto implementations, ready to run many times. {@link #run} may be called from
 * several threads at once: each run keeps its values apart, and kernels hold no per-run state.
 *
 * <p>When a backend it uses goes away (or an implementation is no longer admitted) the runtime
 * re-plans the session: new runs use the new plan, runs already in flight finish on the old
 * kernels, which are closed after the last of them.
 */
public final class Session implements AutoCloseable {

    private final OrpheusModel model;
    private final SessionOptions options;
    private final WorkerPool pool;
    private volatile Active active;
    private volatile boolean closed;
    private volatile String replanFailure;

    /** A plan with the runs in flight on it; closed once retired and drained. */
    private static final class Active {
        final ExecutionPlan plan;
        final Graph graph;
        final AtomicInteger inFlight = new AtomicInteger();
        final AtomicBoolean kernelsClosed = new AtomicBoolean();
        volatile boolean retired;

        Active(ExecutionPlan plan, Graph graph) {
            this.plan = plan;
            this.graph = graph;
        }

        void release() {
            if (inFlight.decrementAndGet() == 0 && retired) {
                closeKernels();
            }
        }

        void retire() {
            retired = true;
            if (inFlight.get() == 0) {
                closeKernels();
            }
        }

        void closeKernels() {
            if (kernelsClosed.compareAndSet(false, true)) {
                plan.close();
                synchronized (this) {
                    notifyAll();
                }
            }
        }
    }

    /** A replaced plan whose in-flight runs may still be finishing. */
    static final class Retired {
        private final Active active;

        private Retired(Active active) {
            this.active = active;
        }

        /** Waits until the last run on the old kernels finished and they are closed (or the time is up). */
        void awaitDrained(long nanos) {
            long deadline = System.nanoTime() + nanos;
            synchronized (active) {
                while (!active.kernelsClosed.get()) {
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        return;
                    }
                    try {
                        active.wait(Math.max(1, left / 1_000_000));
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
            }
        }
    }

    Session(OrpheusModel model, SessionOptions options, ExecutionPlan plan, Graph graph) {
        this.model = model;
        this.options = options;
        this.pool = new WorkerPool(options.threads(), options.workersApart());
        this.active = new Active(plan, graph);
    }

    /**
     * Runs the model.
     *
     * @throws io.orpheus.api.InvalidInputException when an input is unknown, missing, or of the wrong
     *         dtype or shape (checked before any kernel runs)
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        return execute(inputs, false).outputs();
    }

    /** Runs the model and times every node. */
    public RunResult runProfiled(Map<String, Tensor> inputs) {
        long t0 = System.nanoTime();
        Active a = acquire();
        try {
            ExecutionPlan.Outcome o = runOn(a, inputs, true);
            long total = System.nanoTime() - t0;
            List<NodeTiming> timings = new ArrayList<>();
            for (int i = 0; i < a.plan.steps().size(); i++) {
                PlannedNode s = a.plan.steps().get(i);
                timings.add(new NodeTiming(s.node().name(), s.node().qualifiedOp(), s.impl().name(), o.nanos()[i]));
            }
            return new RunResult(o.outputs(), timings, total, o.peakLiveBytes());
        } finally {
            a.release();
        }
    }

    private ExecutionPlan.Outcome execute(Map<String, Tensor> inputs, boolean profile) {
        Active a = acquire();
        try {
            return runOn(a, inputs, profile);
        } finally {
            a.release();
        }
    }

    /**
     * Runs on one plan. A faulty kernel fails this run with the reason; unless it is the reference
     * (the oracle, which has nothing to fall back on), its implementation is quarantined and the
     * session re-planned, so the next run goes to the next choice.
     */
    private ExecutionPlan.Outcome runOn(Active a, Map<String, Tensor> inputs, boolean profile) {
        try {
            return a.plan.run(inputs, pool, profile);
        } catch (KernelFault fault) {
            Orpheus o = model.orpheus();
            io.orpheus.api.backend.OpImplementation impl = a.plan.implementation(fault.implementation());
            io.orpheus.api.backend.Backend owner = impl == null ? null : o.ownerOf(impl);
            if (owner == null || owner.id().equals(io.orpheus.api.backend.Backend.REFERENCE_ID)) {
                throw fault;
            }
            o.quarantine(fault.implementation(), fault.getMessage());
            throw new KernelException(fault.node(), fault.implementation(), "implementation '"
                    + fault.implementation() + "' of backend '" + owner.id() + "' is quarantined after a fault; "
                    + "the session was re-planned, and the next run goes elsewhere. The fault: "
                    + fault.getMessage(), fault);
        }
    }

    /** The current plan, counted as in use until released. */
    private Active acquire() {
        while (true) {
            if (closed) {
                throw new IllegalStateException("session is closed");
            }
            String failure = replanFailure;
            if (failure != null) {
                throw new OrpheusException(failure);
            }
            Active a = active;
            a.inFlight.incrementAndGet();
            if (!a.retired) {
                return a;
            }
            a.release();
        }
    }

    /** Which implementation runs each node, and why. */
    public Plan plan() {
        List<Plan.PlanStep> steps = new ArrayList<>();
        for (PlannedNode s : active.plan.steps()) {
            steps.add(new Plan.PlanStep(s.node().name(), s.node().qualifiedOp(), s.impl().name(), s.why(),
                    s.passedOver(), withLayouts(s.kernel().detail(), s)));
        }
        return new Plan(steps);
    }

    /** The kernel's detail, plus the native layouts the plan granted it (only kernels of one backend see them). */
    private static String withLayouts(String detail, PlannedNode s) {
        StringBuilder sb = new StringBuilder(detail);
        for (int o = 0; o < s.outputLayouts().length; o++) {
            if (s.outputLayouts()[o] != null) {
                sb.append(sb.isEmpty() ? "" : "; ").append("output '").append(s.node().output(o)).append("' in ")
                        .append(s.outputLayouts()[o].name()).append(" layout, passed to its readers without conversion");
            }
        }
        return sb.toString();
    }

    /** The graph this session runs: after graph passes (and any unfusing). */
    public Graph graph() {
        return active.graph;
    }

    public SessionOptions options() {
        return options.copy();
    }

    public OrpheusModel model() {
        return model;
    }

    boolean uses(Predicate<OpImplementation> affected) {
        for (PlannedNode s : active.plan.steps()) {
            if (affected.test(s.impl())) {
                return true;
            }
        }
        return false;
    }

    /**
     * Plans again with the runtime's current parts and swaps the new plan in. Forced choices whose
     * implementation has gone are dropped. Returns the retired plan, or null when closed.
     */
    synchronized Retired replan() {
        if (closed) {
            return null;
        }
        SessionOptions o = options.copy();
        try {
            OrpheusModel.Planned p;
            try {
                p = model.plan(o);
            } catch (IllegalArgumentException | io.orpheus.api.UnsupportedModelException forcedUnusable) {
                // a forced implementation went away or was quarantined: plan without such choices
                SessionOptions cleaned = withoutMissingOverrides(o);
                if (cleaned.implByOp().equals(o.implByOp()) && cleaned.implByNode().equals(o.implByNode())) {
                    throw forcedUnusable;
                }
                p = model.plan(cleaned);
            }
            Active old = active;
            active = new Active(p.plan(), p.graph());
            replanFailure = null;
            old.retire();
            return new Retired(old);
        } catch (RuntimeException e) {
            // Nothing can run the model any more: runs fail with the reason rather than on a closed kernel.
            replanFailure = "session can no longer run after a backend change: " + e.getMessage();
            Active old = active;
            old.retire();
            return new Retired(old);
        }
    }

    private SessionOptions withoutMissingOverrides(SessionOptions o) {
        SessionOptions cleaned = o.copy();
        cleaned.clearOverrides();
        Map<String, String> byOp = new LinkedHashMap<>(o.implByOp());
        Map<String, String> byNode = new LinkedHashMap<>(o.implByNode());
        for (Map.Entry<String, String> e : byOp.entrySet()) {
            if (implementationExists(e.getValue())) {
                cleaned.implForOp(e.getKey(), e.getValue());
            }
        }
        Map<String, String> reasons = o.reasonByNode();
        for (Map.Entry<String, String> e : byNode.entrySet()) {
            if (implementationExists(e.getValue())) {
                String why = reasons.get(e.getKey());
                if (why == null) {
                    cleaned.implForNode(e.getKey(), e.getValue());
                } else {
                    cleaned.implForNode(e.getKey(), e.getValue(), why);
                }
            }
        }
        return cleaned;
    }

    private boolean implementationExists(String name) {
        Orpheus o = model.orpheus();
        return !o.quarantined().containsKey(name)
                && o.backends().stream().flatMap(b -> b.implementations().stream()).anyMatch(i -> i.name().equals(name));
    }

    /** Closes the kernels (after runs in flight) and stops the workers. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            model.orpheus().unregister(this);
            active.retire();
            new Retired(active).awaitDrained(java.util.concurrent.TimeUnit.SECONDS.toNanos(Orpheus.DRAIN_TIMEOUT_SECONDS));
            pool.close();
        }
    }
}
