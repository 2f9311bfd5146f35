package com.example.orpheus.backend;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.Kernel;
import io.orpheus.api.backend.KernelContext;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.backend.NodeContext;
import io.orpheus.api.backend.Support;
import io.orpheus.api.graph.ValueInfo;
import java.util.Set;

/**
 * Add (opset 7 and later) with numpy broadcasting, for float, double, int32 and int64 (integers wrap
 * on overflow, as two's complement does). The row layout is worked out when the node's shapes are
 * known at planning time, else on the first run with new shapes.
 */
final class BroadcastAdd extends ExampleOp {

    private static final Set<DataType> TYPES = Set.of(DataType.FLOAT, DataType.DOUBLE, DataType.INT32, DataType.INT64);

    BroadcastAdd() {
        super("Add");
    }

    @Override
    public Support supports(NodeContext node) {
        if (node.opVersion() < 7) {
            return Support.no("Add before opset 7 broadcasts through attributes; only opset 7 and later");
        }
        Support s = inputTypeIn(node, 0, TYPES);
        return s.supported() ? inputTypeIn(node, 1, TYPES) : s;
    }

    @Override
    protected Kernel kernel(NodeContext node) {
        ValueInfo a = node.inputType(0);
        ValueInfo b = node.inputType(1);
        BroadcastRows planned = null;
        if (a.isFullyKnown() && b.isFullyKnown()) {
            try {
                planned = new BroadcastRows(a.concreteShape(), b.concreteShape());
            } catch (IllegalArgumentException e) {
                throw new KernelException(node.node(), name(), e.getMessage());
            }
        }
        BroadcastRows atPlanning = planned;
        return ctx -> {
            Tensor x = ctx.input(0).toHeap();
            Tensor y = ctx.input(1).toHeap();
            BroadcastRows rows = layout(node, atPlanning, x.shape(), y.shape());
            add(ctx, x, y, ctx.output(0, x.dtype(), rows.outShape), rows);
        };
    }

    private BroadcastRows layout(NodeContext node, BroadcastRows planned, long[] a, long[] b) {
        if (planned != null && planned.fits(a, b)) {
            return planned;
        }
        try {
            return new BroadcastRows(a, b);
        } catch (IllegalArgumentException e) {
            throw new KernelException(node.node(), name(), e.getMessage());
        }
    }

    private static void add(KernelContext ctx, Tensor a, Tensor b, Tensor out, BroadcastRows r) {
        int n = r.rowLength;
        int sa = r.stepA;
        int sb = r.stepB;
        switch (a.dtype()) {
            case FLOAT -> {
                float[] x = a.floats();
                float[] y = b.floats();
                float[] z = out.floats();
                forRanges(ctx, r.rows, n, (from, to) -> {
                    for (int row = from; row < to; row++) {
                        int ia = r.startA[row];
                        int ib = r.startB[row];
                        int iz = row * n;
                        for (int i = 0; i < n; i++) {
                            z[iz + i] = x[ia + i * sa] + y[ib + i * sb];
                        }
                    }
                });
            }
            case DOUBLE -> {
                double[] x = a.doubles();
                double[] y = b.doubles();
                double[] z = out.doubles();
                forRanges(ctx, r.rows, n, (from, to) -> {
                    for (int row = from; row < to; row++) {
                        int ia = r.startA[row];
                        int ib = r.startB[row];
                        int iz = row * n;
                        for (int i = 0; i < n; i++) {
                            z[iz + i] = x[ia + i * sa] + y[ib + i * sb];
                        }
                    }
                });
            }
            case INT32 -> {
                int[] x = a.ints();
                int[] y = b.ints();
                int[] z = out.ints();
                forRanges(ctx, r.rows, n, (from, to) -> {
                    for (int row = from; row < to; row++) {
                        int ia = r.startA[row];
                        int ib = r.startB[row];
                        int iz = row * n;
                        for (int i = 0; i < n; i++) {
                            z[iz + i] = x[ia + i * sa] + y[ib + i * sb];
                        }
                    }
                });
            }
            case INT64 -> {
                long[] x = a.longs();
                long[] y = b.longs();
                long[] z = out.longs();
                forRanges(ctx, r.rows, n, (from, to) -> {
                    for (int row = from; row < to; row++) {
                        int ia = r.startA[row];
                        int ib = r.startB[row];
                        int iz = row * n;
                        for (int i = 0; i < n; i++) {
                            z[iz + i] = x[ia + i * sa] + y[ib + i * sb];
                        }
                    }
                });
            }
            default -> throw new IllegalStateException("Add on " + a.dtype() + " was accepted by supports()");
        }
    }
}
