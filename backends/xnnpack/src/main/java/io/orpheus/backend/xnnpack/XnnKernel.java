package io.orpheus.backend.xnnpack;

import io.orpheus.backend.nativesupport.TransferClock;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.PointerByReference;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NativeLayout;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.graph.Node;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;

/**
 * What every kernel here shares: the XNNPACK operators it created at prepare (weights packed then, once),
 * a share of the thread pool, the clock of its transfers, and the lock that serialises its runs.
 *
 * <p>Threading: {@code xnn_setup_*} binds the input and output pointers into the operator, so two runs
 * of one operator cannot overlap. Each kernel keeps one set of operators and runs setup and run under
 * its lock: runs of one session on several threads take turns on this node (other nodes still run in
 * parallel), and XNNPACK parallelises each run on the pthreadpool instead. One operator per thread would
 * pack the weights once per thread; the lock keeps one copy.
 */
abstract class XnnKernel implements Kernel {

    protected final Xnnpack xnn;
    protected final XnnpackLibrary lib;
    protected final Node node;
    protected final String implementation;
    protected final TransferClock clock = new TransferClock("XNNPACK setup+run");
    private final ReentrantLock lock = new ReentrantLock();
    private final List<Pointer> operators = new ArrayList<>();
    private final List<String> operatorNames = new ArrayList<>();
    private final ThreadPools.Lease pool;
    private boolean closed;

    XnnKernel(Xnnpack xnn, NodeContext ctx, String implementation) {
        this.xnn = xnn;
        this.lib = xnn.lib();
        this.node = ctx.node();
        this.implementation = implementation;
        this.pool = xnn.threadPools().acquire(ctx.threads());
    }

    /**
     * Creates an operator through {@code create} (given the out-parameter, returning the status) and keeps it
     * for {@link #close()}.
     */
    protected final Pointer create(String function, Function<PointerByReference, Integer> create) {
        PointerByReference out = new PointerByReference();
        int status = create.apply(out);
        if (status != XnnStatus.SUCCESS || out.getValue() == null) {
            throw new KernelException(node, implementation, function + " failed: " + XnnStatus.name(status));
        }
        operators.add(out.getValue());
        operatorNames.add(function.replace("xnn_create_", ""));
        return out.getValue();
    }

    /** Throws naming the call when XNNPACK did not succeed. */
    protected final void check(int status, String function) {
        if (status != XnnStatus.SUCCESS) {
            throw new KernelException(node, implementation, function + " failed: " + XnnStatus.name(status));
        }
    }

    /** The pool for this run: none when the session runs this node on one thread. */
    protected final Pointer threadPool(KernelContext ctx) {
        return pool == null || ctx.threads() <= 1 ? null : pool.pool();
    }

    protected final void lock() {
        lock.lock();
    }

    protected final void unlock() {
        lock.unlock();
    }

    /** Runs setup (done by the caller under the lock) then the operator, timed as compute. */
    protected final void run(Pointer op, Pointer threadPool, String what) {
        check(lib.xnn_run_operator(op, threadPool), "xnn_run_operator(" + what + ")");
    }

    /** Whether output 0 may be written channels-last ({@link ChannelsLast}) when its readers take it. */
    protected boolean writesChannelsLast() {
        return false;
    }

    /** Whether input {@code i} may arrive channels-last. */
    protected boolean readsChannelsLast(int i) {
        return false;
    }

    @Override
    public final NativeLayout preferredOutputLayout(int i) {
        return i == 0 && writesChannelsLast() ? ChannelsLast.LAYOUT : null;
    }

    @Override
    public final boolean acceptsInputLayout(int i, NativeLayout layout) {
        return readsChannelsLast(i) && ChannelsLast.is(layout);
    }

    /** What the kernel does, one line, before the transfer summary. */
    abstract String algorithm();

    @Override
    public String detail() {
        return algorithm() + "; XNNPACK operators " + operatorNames + " created at prepare; threads: "
                + (pool == null ? "caller only" : "pthreadpool of " + pool.threads())
                + "; setup+run serialised per kernel; " + clock.summary();
    }

    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            for (Pointer op : operators) {
                lib.xnn_delete_operator(op);
            }
            operators.clear();
            if (pool != null) {
                pool.release();
            }
        } finally {
            lock.unlock();
        }
    }
}
