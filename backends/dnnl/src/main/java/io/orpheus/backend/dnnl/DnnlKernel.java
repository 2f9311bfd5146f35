package io.orpheus.backend.dnnl;

import io.orpheus.backend.nativesupport.TransferClock;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NativeLayout;
import io.orpheus.api.DataType;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.graph.Node;
import io.orpheus.api.graph.ValueInfo;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.ref.Reference;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What every kernel here shares. oneDNN primitives are made for concrete shapes, so a kernel keeps one
 * {@link Plan} per set of input shapes it has seen: built at prepare time when the shapes are known then
 * (constant weights reordered into the primitive's layout once, there), else at the first run with new
 * shapes. Runs execute on the calling thread, with OpenMP's team size set to the session's threads.
 */
abstract class DnnlKernel implements Kernel {

    /** Plans kept per kernel; shapes beyond these get a plan built and freed within their run. */
    static final int MAX_PLANS = 8;

    protected final DnnlEngine engine;
    protected final DnnlLibrary lib;
    protected final Node node;
    protected final String implementation;
    protected final TransferClock clock = new TransferClock("oneDNN");
    private final Tensor[] constants;
    /** The session's threads: oneDNN fixes a primitive's thread count when it creates it. */
    private final int threads;
    private final ConcurrentHashMap<ShapeKey, Plan> plans = new ConcurrentHashMap<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    DnnlKernel(DnnlEngine engine, NodeContext ctx, String implementation) {
        this.engine = engine;
        this.lib = engine.lib();
        this.node = ctx.node();
        this.implementation = implementation;
        this.threads = Math.max(1, ctx.threads());
        this.constants = new Tensor[ctx.inputCount()];
        for (int i = 0; i < constants.length; i++) {
            Tensor c = ctx.constantInput(i);
            constants[i] = c == null ? null : c.toHeap();
        }
    }

    /** The plan built at prepare, when it is the only one: layouts are offered only for it. */
    private volatile Plan preparedPlan;
    private volatile DnnlLayout outputLayout;

    @Override
    public NativeLayout preferredOutputLayout(int i) {
        Plan p = preparedPlan;
        if (i != 0 || p == null || p.carriedOut() == null) {
            return null;
        }
        if (outputLayout == null) {
            outputLayout = new DnnlLayout(p.carriedOut());
        }
        return outputLayout;
    }

    @Override
    public boolean acceptsInputLayout(int i, NativeLayout layout) {
        Plan p = preparedPlan;
        return p != null && layout instanceof DnnlLayout d && d.is(p.carriedIn(i));
    }

    /**
     * Input {@code i}'s data when it arrived in a layout this kernel accepted (already the primitive's), else
     * null: the caller then enters it through its boundary.
     */
    protected static MemorySegment carried(KernelContext ctx, int i) {
        return ctx.inputLayout(i) instanceof DnnlLayout ? ctx.input(i).segment() : null;
    }

    /** The output tensor in the layout the runtime granted (the primitive writes it directly), else null. */
    protected static Tensor carriedOutput(KernelContext ctx, long[] shape) {
        return ctx.outputLayout(0) instanceof DnnlLayout l ? ctx.nativeOutput(0, l, DataType.FLOAT, shape) : null;
    }

    /** Builds the plan now when every present input's shape is known; call last in a constructor. */
    protected final void prepareKnownShapes(NodeContext ctx) {
        if (runtimeScalarCount() > 0) {
            return;
        }
        long[][] shapes = new long[ctx.inputCount()][];
        for (int i = 0; i < shapes.length; i++) {
            ValueInfo v = ctx.inputType(i);
            if (v == null) {
                continue;
            }
            if (!v.isFullyKnown()) {
                return;
            }
            shapes[i] = v.concreteShape();
        }
        ShapeKey key = new ShapeKey(shapes, null);
        Plan plan = build(key);
        plans.put(key, plan);
        preparedPlan = plan;
    }

    /**
     * How many scalar inputs (read at run time, e.g. Clip's computed bounds) the primitive is made for;
     * their values join the shapes in choosing a plan.
     */
    protected int runtimeScalarCount() {
        return 0;
    }

    /** The run's scalar inputs, when {@link #runtimeScalarCount()} is not 0. */
    protected float[] runtimeScalars(KernelContext ctx) {
        return null;
    }

    /** Fills {@code plan} for these shapes and these run-time scalars (null when the kernel takes none). */
    protected void build(Plan plan, long[][] shapes, float[] scalars) {
        build(plan, shapes);
    }

    /** Fills {@code plan} (primitives, boundaries, constants) for these input shapes and sets its runner. */
    protected abstract void build(Plan plan, long[][] shapes);

    /** The constant value of input {@code i} (on the heap), or null when it is computed or omitted. */
    protected final Tensor constant(int i) {
        return i < constants.length ? constants[i] : null;
    }

    /** Input {@code i} of this run: the constant when it is one, so plans may rely on prepared copies. */
    protected final Tensor input(KernelContext ctx, int i) {
        Tensor c = constant(i);
        return c != null ? c : i < ctx.inputCount() ? ctx.input(i) : null;
    }

    /**
     * A constant operand in the layout the primitive chose, made once in the plan's memory (the
     * reorder, when the layouts differ, runs here and never again).
     */
    protected final MemorySegment prepareConstant(Plan plan, Boundary boundary, Tensor value) {
        float[] v = value.toHeap().floats();
        MemorySegment result = plan.arena().allocate(Math.max(1, boundary.inner().bytes()), Execution.ALIGNMENT);
        try (Execution once = new Execution(engine)) {
            if (boundary.reorders()) {
                MemorySegment plainData = once.buffer((long) v.length * Float.BYTES);
                MemorySegment.copy(v, 0, plainData, ValueLayout.JAVA_FLOAT, 0, v.length);
                once.reorder(boundary.reorderPrimitive(), boundary.plain(), plainData, boundary.inner(), result);
            } else {
                MemorySegment.copy(v, 0, result, ValueLayout.JAVA_FLOAT, 0, v.length);
            }
        }
        plan.addConstantBytes(result.byteSize());
        return result;
    }

    protected final KernelException fail(String message) {
        return new KernelException(node, implementation, message);
    }

    /*
     * oneDNN sizes a primitive's work split by the creating thread's OpenMP team size and runs it on
     * that many threads whatever the executing thread's setting: primitives made on the planner's
     * thread (default team: every core) ran a 1-thread session on 2 cores, with an OpenMP worker
     * spinning beside the Java threads.
     */
    private Plan build(ShapeKey key) {
        engine.dnnl().useThreads(threads);
        Plan plan = new Plan();
        try {
            build(plan, key.shapes(), key.scalars());
            return plan;
        } catch (DnnlException | IllegalArgumentException e) {
            plan.close();
            throw new KernelException(node, implementation, "for input shapes " + key + ": " + e.getMessage(), e);
        } catch (RuntimeException e) {
            plan.close();
            throw e;
        }
    }

    @Override
    public void run(KernelContext ctx) {
        if (closed.get()) {
            throw fail("kernel already closed");
        }
        long[][] shapes = new long[ctx.inputCount()][];
        for (int i = 0; i < shapes.length; i++) {
            Tensor t = ctx.input(i);
            shapes[i] = t == null ? null : t.shape();
        }
        engine.dnnl().useThreads(threads);
        ShapeKey key = new ShapeKey(shapes, runtimeScalarCount() > 0 ? runtimeScalars(ctx) : null);
        Plan plan = plans.get(key);
        boolean transientPlan = false;
        if (plan == null) {
            if (plans.size() < MAX_PLANS) {
                plan = plans.computeIfAbsent(key, this::build);
            } else {
                plan = build(key);
                transientPlan = true;
            }
        }
        clock.run();
        try (Execution run = new Execution(engine)) {
            plan.run(ctx, run);
        } catch (DnnlException | IllegalArgumentException e) {
            throw new KernelException(node, implementation, e.getMessage(), e);
        } finally {
            if (transientPlan) {
                plan.close();
            }
            Reference.reachabilityFence(engine);
        }
    }

    @Override
    public String detail() {
        Set<String> chosen = new LinkedHashSet<>();
        long constantBytes = 0;
        for (Plan p : plans.values()) {
            chosen.addAll(p.primitives());
            constantBytes = Math.max(constantBytes, p.constantBytes());
        }
        return (chosen.isEmpty() ? "no plan yet" : String.join(", ", chosen)) + "; ISA " + engine.dnnl().isa()
                + "; " + plans.size() + " plan(s), constants in primitive layout: " + constantBytes / 1024
                + " KiB; " + clock.summary();
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            for (Plan p : plans.values()) {
                p.close();
            }
            plans.clear();
            Reference.reachabilityFence(engine);
        }
    }

    /** Input shapes (and run-time scalars, if any), compared by value. */
    record ShapeKey(long[][] shapes, float[] scalars) {
        @Override
        public boolean equals(Object o) {
            return o instanceof ShapeKey k && Arrays.deepEquals(shapes, k.shapes) && Arrays.equals(scalars, k.scalars);
        }

        @Override
        public int hashCode() {
            return Arrays.deepHashCode(shapes) * 31 + Arrays.hashCode(scalars);
        }

        @Override
        public String toString() {
            return Arrays.deepToString(shapes) + (scalars == null ? "" : " with " + Arrays.toString(scalars));
        }
    }
}
