package io.orpheus.runtime;

import io.orpheus.api.Tensor;
import io.orpheus.api.graph.Graph;
import io.orpheus.runtime.internal.ExecutionPlan;
import io.orpheus.runtime.internal.WorkerPool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A model planned onto implementations, ready to run many times. {@link #run} may be called from
 * several threads at once: each run keeps its values apart, and kernels hold no per-run state.
 */
public final class Session implements AutoCloseable {

    private final ExecutionPlan plan;
    private final WorkerPool pool;
    private final SessionOptions options;
    private volatile boolean closed;

    private final Graph graph;

    Session(ExecutionPlan plan, SessionOptions options, Graph graph) {
        this.plan = plan;
        this.graph = graph;
        this.options = options;
        this.pool = new WorkerPool(options.threads());
    }

    /**
     * Runs the model.
     *
     * @throws io.orpheus.api.InvalidInputException when an input is unknown, missing, or of the wrong
     *         dtype or shape (checked before any kernel runs)
     */
    public Map<String, Tensor> run(Map<String, Tensor> inputs) {
        ensureOpen();
        return plan.run(inputs, pool, false).outputs();
    }

    /** Runs the model and times every node. */
    public RunResult runProfiled(Map<String, Tensor> inputs) {
        ensureOpen();
        long t0 = System.nanoTime();
        ExecutionPlan.Outcome o = plan.run(inputs, pool, true);
        long total = System.nanoTime() - t0;
        List<NodeTiming> timings = new ArrayList<>();
        for (int i = 0; i < plan.steps().size(); i++) {
            var s = plan.steps().get(i);
            timings.add(new NodeTiming(s.node().name(), s.node().qualifiedOp(), s.impl().name(), o.nanos()[i]));
        }
        return new RunResult(o.outputs(), timings, total, o.peakLiveBytes());
    }

    /** Which implementation runs each node, and why. */
    public Plan plan() {
        List<Plan.PlanStep> steps = new ArrayList<>();
        for (var s : plan.steps()) {
            steps.add(new Plan.PlanStep(s.node().name(), s.node().qualifiedOp(), s.impl().name(), s.why(),
                    s.passedOver(), s.kernel().detail()));
        }
        return new Plan(steps);
    }

    /** The graph this session runs: after graph passes (and any unfusing). */
    public Graph graph() {
        return graph;
    }

    public SessionOptions options() {
        return options.copy();
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("session is closed");
        }
    }

    /** Closes the kernels and stops the workers. */
    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            plan.close();
            pool.close();
        }
    }
}
