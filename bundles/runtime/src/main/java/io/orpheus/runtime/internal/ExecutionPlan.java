package io.orpheus.runtime.internal;

import io.orpheus.api.DataType;
import io.orpheus.api.InvalidInputException;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NativeLayout;
import io.orpheus.api.backend.StorageKind;
import io.orpheus.api.graph.Dim;
import io.orpheus.api.graph.Graph;
import io.orpheus.api.graph.ValueInfo;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.IntConsumer;

/**
 * A planned graph: prepared kernels in execution order over a table of value slots. Each run has
 * its own table, so runs may overlap on several threads; a value is dropped right after its last
 * reader so that peak memory stays far below the sum of all activations.
 */
public final class ExecutionPlan implements AutoCloseable {

    private final Graph graph;
    private final List<PlannedNode> steps;
    private final SlotTable slots;
    private final Map<Integer, Tensor> constantSlots;
    private final boolean poisonUninitialized;
    /** Output buffers of finished runs, one pool per run that may overlap with others. */
    private final ConcurrentLinkedQueue<BufferPool> idleBuffers = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<BufferPool> allBuffers = new ConcurrentLinkedQueue<>();
    /**
     * Per step and output, the declared dimensions (-1 where unknown; null where the shape is), read after
     * every kernel: one array instead of a walk over ValueInfo's list of Dim objects, which the kernel's own
     * data has usually pushed out of cache by then (MobileNet-v1: 0.2% of a run).
     */
    private final long[][][] expectedDims;

    ExecutionPlan(Graph graph, List<PlannedNode> steps, SlotTable slots, Map<Integer, Tensor> constantSlots,
            boolean poisonUninitialized) {
        this.graph = graph;
        this.poisonUninitialized = poisonUninitialized;
        this.steps = List.copyOf(steps);
        this.slots = slots;
        this.constantSlots = Map.copyOf(constantSlots);
        this.expectedDims = new long[this.steps.size()][][];
        for (int s = 0; s < this.steps.size(); s++) {
            ValueInfo[] types = this.steps.get(s).outputTypes();
            expectedDims[s] = new long[types.length][];
            for (int k = 0; k < types.length; k++) {
                if (types[k] != null && types[k].shape() != null) {
                    expectedDims[s][k] = types[k].shape().stream().mapToLong(d -> d.isKnown() ? d.value() : -1).toArray();
                }
            }
        }
    }

    public List<PlannedNode> steps() {
        return steps;
    }

    /** The implementation of that name this plan uses, or null. */
    public io.orpheus.api.backend.OpImplementation implementation(String name) {
        for (PlannedNode p : steps) {
            if (p.impl().name().equals(name)) {
                return p.impl();
            }
        }
        return null;
    }

    /** Outcome of one run. */
    public record Outcome(Map<String, Tensor> outputs, long[] nanos, long peakLiveBytes) {
    }

    /** Checks the inputs against the graph's declarations, then runs every kernel. */
    public Outcome run(Map<String, Tensor> inputs, WorkerPool pool, boolean profile) {
        Tensor[] values = new Tensor[slots.size()];
        bindInputs(inputs, values);
        for (Map.Entry<Integer, Tensor> e : constantSlots.entrySet()) {
            values[e.getKey()] = e.getValue();
        }
        BufferPool buffers = idleBuffers.poll();
        if (buffers == null) {
            buffers = new BufferPool();
            allBuffers.add(buffers);
        }
        try {
            return execute(values, pool, profile, buffers);
        } finally {
            buffers.endRun();
            idleBuffers.offer(buffers);
        }
    }

    private Outcome execute(Tensor[] values, WorkerPool pool, boolean profile, BufferPool buffers) {
        Tensor[] heapCopies = new Tensor[values.length];
        NativeLayout[] layouts = new NativeLayout[values.length];
        long[] nanos = profile ? new long[steps.size()] : null;
        long live = 0;
        long peak = 0;
        for (int s = 0; s < steps.size(); s++) {
            PlannedNode p = steps.get(s);
            Ctx ctx = new Ctx(p, values, heapCopies, layouts, pool, buffers, poisonUninitialized);
            long t0 = profile ? System.nanoTime() : 0;
            try {
                if (p.inPlaceConcat() != null) {
                    fillConcat(p, ctx, values, buffers);
                } else {
                    p.kernel().run(ctx);
                }
            } catch (KernelException e) {
                throw e;
            } catch (RuntimeException e) {
                throw new KernelFault(p.node(), p.impl().name(), "failed: " + e, e);
            }
            if (profile) {
                nanos[s] = System.nanoTime() - t0;
            }
            for (int k = 0; k < p.outputSlots().length; k++) {
                int slot = p.outputSlots()[k];
                if (slot < 0) {
                    continue;
                }
                if (values[slot] == null) {
                    throw new KernelFault(p.node(), p.impl().name(), "did not produce output '"
                            + p.node().output(k) + "'", null);
                }
                checkOutput(p, k, values[slot], expectedDims[s][k]);
                if (profile) {
                    live += bytes(values[slot]);
                }
            }
            peak = Math.max(peak, live);
            for (int slot : p.freeAfter()) {
                if (profile && values[slot] != null) {
                    live -= bytes(values[slot]);
                }
                buffers.release(values[slot]);
                buffers.release(heapCopies[slot]);
                values[slot] = null;
                heapCopies[slot] = null;
                layouts[slot] = null;
            }
        }
        Map<String, Tensor> out = new LinkedHashMap<>();
        for (ValueInfo o : graph.outputs()) {
            Integer slot = slots.find(o.name());
            Tensor t = slot == null ? null : values[slot];
            if (t == null) {
                throw new IllegalStateException("graph output '" + o.name() + "' was not produced");
            }
            if (layouts[slot] != null) {
                throw new IllegalStateException("graph output '" + o.name() + "' is in native layout "
                        + layouts[slot].name() + "; layouts are never granted for graph outputs");
            }
            if (t.isNative()) {
                // The caller gets heap tensors: a native output lives in memory its backend may reuse.
                t = heapCopies[slot] != null ? heapCopies[slot] : t.toHeap();
            }
            buffers.disown(t);
            out.put(o.name(), t);
        }
        return new Outcome(out, nanos, peak);
    }

    /**
     * A Concat run in place: inputs their producers wrote as slices of its output are there already;
     * every other input (a graph input, a constant, a kernel that returned a view instead) is copied
     * into its block.
     */
    private static void fillConcat(PlannedNode p, Ctx ctx, Tensor[] values, BufferPool buffers) {
        PlannedNode.InPlaceConcat c = p.inPlaceConcat();
        int outSlot = p.outputSlots()[0];
        Tensor whole = values[outSlot];
        if (whole == null) {
            whole = buffers.zeroed(c.dtype(), c.shape());
            buffers.retain(whole);
            values[outSlot] = whole;
        }
        Object dst = whole.array();
        for (int i = 0; i < c.offsets().length; i++) {
            Tensor in = ctx.input(i);
            if (in.isNative()) {
                in = in.toHeap();
            }
            if (in.array() == dst && in.arrayOffset() == c.offsets()[i]) {
                continue;
            }
            System.arraycopy(in.array(), in.arrayOffset(), dst, c.offsets()[i], in.size());
        }
    }

    /** An output whose dtype or known dims contradict inference is garbage, not a data error. */
    private static void checkOutput(PlannedNode p, int k, Tensor t, long[] dims) {
        ValueInfo expected = p.outputTypes()[k];
        if (expected == null) {
            return;
        }
        if (expected.dtype() != null && expected.dtype() != t.dtype()) {
            throw new KernelFault(p.node(), p.impl().name(), "wrote output '" + p.node().output(k) + "' as "
                    + t.dtype() + " but it is " + expected.dtype(), null);
        }
        if (dims == null) {
            return;
        }
        boolean ok = t.rank() == dims.length;
        for (int d = 0; ok && d < dims.length; d++) {
            ok = dims[d] < 0 || dims[d] == t.dim(d);
        }
        if (!ok) {
            throw new KernelFault(p.node(), p.impl().name(), "wrote output '" + p.node().output(k) + "' with shape "
                    + Arrays.toString(t.shape()) + " but it is " + expected.shapeString(), null);
        }
    }

    private static long bytes(Tensor t) {
        return (long) t.size() * Math.max(1, t.dtype().storageBytes()) * t.dtype().slotsPerElement();
    }

    private void bindInputs(Map<String, Tensor> inputs, Tensor[] values) {
        Map<String, ValueInfo> declared = new LinkedHashMap<>();
        for (ValueInfo v : graph.inputs()) {
            declared.put(v.name(), v);
        }
        for (String name : inputs.keySet()) {
            if (!declared.containsKey(name)) {
                throw new InvalidInputException("unknown input '" + name + "'; the model's inputs are "
                        + declared.keySet());
            }
        }
        Map<String, Long> symbols = new HashMap<>();
        List<String> missing = new ArrayList<>();
        for (ValueInfo v : declared.values()) {
            Tensor t = inputs.get(v.name());
            if (t == null) {
                missing.add(v.name());
                continue;
            }
            checkInput(v, t, symbols);
            values[slots.slot(v.name())] = t;
        }
        if (!missing.isEmpty()) {
            throw new InvalidInputException("missing input(s) " + missing + "; expected " + describe(declared));
        }
    }

    private static String describe(Map<String, ValueInfo> declared) {
        return declared.values().stream().map(ValueInfo::toString).toList().toString();
    }

    private static void checkInput(ValueInfo v, Tensor t, Map<String, Long> symbols) {
        if (v.dtype() != null && v.dtype() != t.dtype()) {
            throw new InvalidInputException("input '" + v.name() + "' must be " + v.dtype() + ", got " + t.dtype());
        }
        if (v.shape() == null) {
            return;
        }
        long[] shape = t.shape();
        if (shape.length != v.shape().size()) {
            throw new InvalidInputException("input '" + v.name() + "' must have rank " + v.shape().size() + " "
                    + v.shapeString() + ", got shape " + Arrays.toString(shape));
        }
        for (int i = 0; i < shape.length; i++) {
            Dim d = v.shape().get(i);
            if (d.isKnown() && d.value() != shape[i]) {
                throw new InvalidInputException("input '" + v.name() + "' must have shape " + v.shapeString()
                        + ", got " + Arrays.toString(shape) + " (dimension " + i + ")");
            }
            if (d.isSymbolic()) {
                Long bound = symbols.putIfAbsent(d.param(), shape[i]);
                if (bound != null && bound != shape[i]) {
                    throw new InvalidInputException("input '" + v.name() + "' dimension " + i + " ('" + d.param()
                            + "') is " + shape[i] + " but another input bound '" + d.param() + "' to " + bound);
                }
            }
        }
    }

    /** Closes the kernels and frees the pooled native memory; called after the last run on this plan. */
    @Override
    public void close() {
        for (PlannedNode p : steps) {
            p.kernel().close();
        }
        for (BufferPool b : allBuffers) {
            b.close();
        }
    }

    /** The kernel's view of one node in one run. */
    private static final class Ctx implements KernelContext {
        private final PlannedNode p;
        private final Tensor[] values;
        private final Tensor[] heapCopies;
        private final NativeLayout[] layouts;
        private final WorkerPool pool;
        private final BufferPool buffers;
        private final boolean poison;

        Ctx(PlannedNode p, Tensor[] values, Tensor[] heapCopies, NativeLayout[] layouts, WorkerPool pool,
                BufferPool buffers, boolean poison) {
            this.poison = poison;
            this.p = p;
            this.values = values;
            this.heapCopies = heapCopies;
            this.layouts = layouts;
            this.pool = pool;
            this.buffers = buffers;
        }

        @Override
        public int inputCount() {
            return p.inputSlots().length;
        }

        @Override
        public Tensor input(int i) {
            if (i >= p.inputSlots().length) {
                return null;
            }
            int s = p.inputSlots()[i];
            Tensor t = s < 0 ? null : values[s];
            if (t != null && t.isNative() && layouts[s] == null && p.impl().storage() == StorageKind.HEAP) {
                // A native backend's output read by a heap kernel: copied once per run, whatever the readers.
                Tensor h = heapCopies[s];
                if (h == null) {
                    h = buffers.heapCopy(t);
                    buffers.retain(h);
                    heapCopies[s] = h;
                }
                return h;
            }
            return t;
        }

        @Override
        public int outputCount() {
            return p.outputSlots().length;
        }

        @Override
        public boolean isOutputRequested(int i) {
            return i < p.outputSlots().length && p.outputSlots()[i] >= 0;
        }

        @Override
        public Tensor output(int i, DataType dtype, long... shape) {
            checkIndex(i);
            Tensor t = p.outputSlices()[i] != null ? slice(p.outputSlices()[i], dtype, shape) : null;
            if (t == null) {
                t = p.outputSlots()[i] < 0 ? Tensor.allocate(dtype, shape)
                        : p.alignedOutputs()[i] ? buffers.alignedZeroed(dtype, shape) : buffers.zeroed(dtype, shape);
            }
            setOutput(i, t);
            return t;
        }

        @Override
        public Tensor uninitializedOutput(int i, DataType dtype, long... shape) {
            checkIndex(i);
            if (p.outputSlices()[i] != null) {
                return output(i, dtype, shape);
            }
            Tensor t = p.outputSlots()[i] < 0 ? Tensor.allocate(dtype, shape)
                    : p.alignedOutputs()[i] ? buffers.alignedUninitialized(dtype, shape, poison)
                    : buffers.uninitialized(dtype, shape, poison);
            setOutput(i, t);
            return t;
        }

        /** The planned block of the Concat's output (allocated by the first producer), or null if the request differs. */
        private Tensor slice(PlannedNode.OutputSlice s, DataType dtype, long[] shape) {
            if (dtype != s.dtype()) {
                return null;
            }
            Tensor whole = values[s.wholeSlot()];
            if (whole == null) {
                whole = buffers.zeroed(s.dtype(), s.wholeShape());
                buffers.retain(whole);
                values[s.wholeSlot()] = whole;
            }
            if ((long) s.offset() + Tensor.checkedSize(shape) > whole.size()) {
                return null;
            }
            return Tensor.slice(dtype, whole.array(), s.offset(), shape);
        }

        @Override
        public void setOutput(int i, Tensor t) {
            checkIndex(i);
            int s = p.outputSlots()[i];
            if (s >= 0) {
                buffers.release(values[s]);
                buffers.release(heapCopies[s]);
                buffers.retain(t);
                values[s] = t;
                heapCopies[s] = null;
                layouts[s] = null;
            }
        }

        @Override
        public NativeLayout inputLayout(int i) {
            int s = i < p.inputSlots().length ? p.inputSlots()[i] : -1;
            return s < 0 ? null : layouts[s];
        }

        @Override
        public NativeLayout outputLayout(int i) {
            checkIndex(i);
            return p.outputLayouts()[i];
        }

        @Override
        public Tensor nativeOutput(int i, NativeLayout layout, DataType dtype, long... shape) {
            if (layout == null) {
                return nativeOutput(i, dtype, shape);
            }
            checkIndex(i);
            if (!layout.equals(p.outputLayouts()[i])) {
                throw new KernelFault(p.node(), p.impl().name(), "asked to write output '" + p.node().output(i)
                        + "' in layout " + layout.name() + ", which the plan did not grant", null);
            }
            Tensor t = buffers.nativeTensor(dtype, shape, layout.byteSize(dtype, shape));
            setOutput(i, t);
            layouts[p.outputSlots()[i]] = layout;
            return t;
        }

        @Override
        public Tensor nativeOutput(int i, DataType dtype, long... shape) {
            checkIndex(i);
            if (dtype.storageBytes() <= 0) {
                throw new IllegalArgumentException(dtype + " has no fixed byte width for native storage");
            }
            Tensor t = p.outputSlots()[i] >= 0 ? buffers.nativeTensor(dtype, shape)
                    : KernelContext.super.nativeOutput(i, dtype, shape);
            setOutput(i, t);
            return t;
        }

        private void checkIndex(int i) {
            if (i >= p.outputSlots().length) {
                throw new IndexOutOfBoundsException("node '" + p.node().name() + "' has " + p.outputSlots().length
                        + " outputs; kernel wrote output " + i);
            }
        }

        @Override
        public int threads() {
            return pool.threads();
        }

        @Override
        public void parallelFor(int count, IntConsumer body) {
            pool.parallelFor(count, body);
        }
    }
}
