package io.orpheus.runtime;

import io.orpheus.runtime.internal.WorkerPool;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How a session runs: threads, which backends it may use (in preference order), forced
 * implementations per operator type or per node, and free-form options for backends.
 * Fluent and mutable; a session copies what it is given.
 */
public final class SessionOptions {

    private int threads = 1;
    private String passes = "all";
    private final List<String> backends = new ArrayList<>();
    private final Map<String, String> implByOp = new LinkedHashMap<>();
    private final Map<String, String> implByNode = new LinkedHashMap<>();
    private final Map<String, String> reasonByNode = new LinkedHashMap<>();
    private final Map<String, String> options = new LinkedHashMap<>();

    public static SessionOptions defaults() {
        return new SessionOptions();
    }

    SessionOptions copy() {
        SessionOptions o = new SessionOptions();
        o.threads = threads;
        o.passes = passes;
        o.backends.addAll(backends);
        o.implByOp.putAll(implByOp);
        o.implByNode.putAll(implByNode);
        o.reasonByNode.putAll(reasonByNode);
        o.options.putAll(options);
        return o;
    }

    /** Threads every kernel of the session may use (at least 1). */
    public SessionOptions threads(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + n);
        }
        this.threads = n;
        return this;
    }

    /**
     * Which graph passes run: "all" (the default), "none", names to run ("fold-bn,cse", plus what
     * they require) or names to skip ("-fold-bn,-fuse-activation").
     */
    public SessionOptions passes(String selection) {
        this.passes = selection == null || selection.isBlank() ? "all" : selection.trim();
        return this;
    }

    public String passes() {
        return passes;
    }

    /** Restricts the session to these backends, most preferred first; none given means all available. */
    public SessionOptions backends(String... ids) {
        backends.clear();
        Collections.addAll(backends, ids);
        return this;
    }

    /** Forces an implementation (by name, e.g. "reference.conv") for every node of an operator type. */
    public SessionOptions implForOp(String opType, String implName) {
        implByOp.put(opType, implName);
        return this;
    }

    /** Forces an implementation for one node; wins over {@link #implForOp}. */
    public SessionOptions implForNode(String nodeName, String implName) {
        implByNode.put(nodeName, implName);
        reasonByNode.remove(nodeName);
        return this;
    }

    /**
     * Forces an implementation for one node and says why (e.g. "tuned: fastest of 4 on the real
     * shapes"); the plan shows the reason instead of "forced".
     */
    public SessionOptions implForNode(String nodeName, String implName, String reason) {
        implByNode.put(nodeName, implName);
        reasonByNode.put(nodeName, reason);
        return this;
    }

    /** The option that makes {@link #poisonUninitializedOutputs} hold. */
    public static final String POISON_UNINITIALIZED = "runtime.poison-uninitialized";

    /**
     * Fills every buffer a kernel asks for with {@code KernelContext.uninitializedOutput} with NaN before the
     * kernel runs, so that an element it forgets to write shows in the result instead of a stale value from
     * an earlier run. For conformance runs and debugging; it costs a memory pass per output.
     */
    public SessionOptions poisonUninitializedOutputs(boolean on) {
        return option(POISON_UNINITIALIZED, Boolean.toString(on));
    }

    /** The option that {@link #alignBuffers} sets; true unless set to "false". */
    public static final String ALIGN_BUFFERS = "runtime.align-buffers";

    /**
     * Whether activations whose producer and readers all honour array offsets start on a cache-line
     * boundary of their array (see {@code io.orpheus.api.backend.HeapAlignment}); on by default. Off,
     * every activation is a whole array, as the JVM placed it: for comparing the two.
     */
    public SessionOptions alignBuffers(boolean on) {
        return option(ALIGN_BUFFERS, Boolean.toString(on));
    }

    /**
     * The option that {@link #keepWorkersApart} sets: {@code wake} (the default), {@code true} or {@code false}.
     */
    public static final String WORKERS_APART = "runtime.workers-apart";

    /**
     * Whether the session's workers are kept off the CPU of the thread that runs it at all times (true) or
     * never (false), on Linux where the JVM allows native access. By default ({@code wake}) only a parked
     * worker that a parallel loop wakes is kept off the caller's CPU, until it has run its share. The kernel
     * may otherwise wake it onto the caller's CPU and leave the two there, taking turns for milliseconds while
     * another CPU idles: sessions run at intervals (after idle pauses) gain most. Measured trade-offs are in
     * {@code WorkerPool}'s documentation.
     */
    public SessionOptions keepWorkersApart(boolean on) {
        return option(WORKERS_APART, Boolean.toString(on));
    }

    /** When workers are kept off the caller's CPU, as {@link #WORKERS_APART} says; a bad value is refused. */
    WorkerPool.Apart workersApart() {
        String v = options.getOrDefault(WORKERS_APART, "wake");
        return switch (v) {
            case "wake" -> WorkerPool.Apart.AT_WAKE;
            case "true" -> WorkerPool.Apart.ALWAYS;
            case "false" -> WorkerPool.Apart.NEVER;
            default -> throw new IllegalArgumentException("session option " + WORKERS_APART + " is '" + v
                    + "': use wake (the default), true or false");
        };
    }

    /** A free-form option backends may read through {@code NodeContext.options()}. */
    public SessionOptions option(String key, String value) {
        options.put(key, value);
        return this;
    }

    /** Drops every forced implementation. */
    SessionOptions clearOverrides() {
        implByOp.clear();
        implByNode.clear();
        reasonByNode.clear();
        return this;
    }

    public int threads() {
        return threads;
    }

    public List<String> backends() {
        return List.copyOf(backends);
    }

    public Map<String, String> implByOp() {
        return Map.copyOf(implByOp);
    }

    public Map<String, String> implByNode() {
        return Map.copyOf(implByNode);
    }

    /** Reasons given for per-node choices, by node name. */
    public Map<String, String> reasonByNode() {
        return Map.copyOf(reasonByNode);
    }

    public Map<String, String> options() {
        return Map.copyOf(options);
    }

    @Override
    public String toString() {
        return "threads=" + threads + (passes.equals("all") ? "" : " passes=" + passes) + (backends.isEmpty() ? "" : " backends=" + backends)
                + (implByOp.isEmpty() ? "" : " implByOp=" + implByOp)
                + (implByNode.isEmpty() ? "" : " implByNode=" + implByNode)
                + (options.isEmpty() ? "" : " options=" + options);
    }
}
