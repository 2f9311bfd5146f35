package io.orpheus.backend.reference.tensor;

import io.orpheus.api.DataType;
import io.orpheus.api.Tensor;
import io.orpheus.api.backend.OpImplementation;
import java.util.List;

/** Add, Sub, Mul, Div, Pow and the variadic Sum, Max, Min, Mean, all with multidirectional broadcasting. */
final class ElementwiseBinaryOps {

    private ElementwiseBinaryOps() {
    }

    static final Arithmetic.Binary ADD = new Arithmetic.Binary((a, b) -> a + b, (a, b) -> a + b, (a, b) -> a + b);
    static final Arithmetic.Binary SUB = new Arithmetic.Binary((a, b) -> a - b, (a, b) -> a - b, (a, b) -> a - b);
    static final Arithmetic.Binary MUL = new Arithmetic.Binary((a, b) -> a * b, (a, b) -> a * b, (a, b) -> a * b);
    // Integer division truncates toward zero as in C; Java's '/' does the same.
    static final Arithmetic.Binary DIV = new Arithmetic.Binary((a, b) -> a / b, (a, b) -> a / b, (a, b) -> a / b,
            Long::divideUnsigned);
    static final Arithmetic.Binary MAX = new Arithmetic.Binary(Math::max, Math::max, Math::max,
            (a, b) -> Long.compareUnsigned(a, b) >= 0 ? a : b);
    static final Arithmetic.Binary MIN = new Arithmetic.Binary(Math::min, Math::min, Math::min,
            (a, b) -> Long.compareUnsigned(a, b) <= 0 ? a : b);

    static List<OpImplementation> all() {
        return List.of(
                binary("Add", ADD),
                binary("Sub", SUB),
                binary("Mul", MUL),
                binary("Div", DIV),
                new TensorOp("Pow", (node, op) -> ctx -> {
                    Tensor base = ctx.input(0);
                    Tensor exponent = op.required(node, ctx, 1);
                    long[] shape = Indexing.broadcastShape(base, exponent);
                    pow(base, exponent, ctx.output(0, base.dtype(), shape));
                }),
                variadic("Sum", ADD, false),
                variadic("Max", MAX, false),
                variadic("Min", MIN, false),
                variadic("Mean", ADD, true));
    }

    private static OpImplementation binary(String opType, Arithmetic.Binary fn) {
        return new TensorOp(opType, (node, op) -> ctx -> {
            Tensor a = ctx.input(0);
            Tensor b = op.required(node, ctx, 1);
            if (a.dtype() != b.dtype()) {
                throw op.error(node, "operands have different types " + a.dtype() + " and " + b.dtype());
            }
            long[] shape = Indexing.broadcastShape(a, b);
            try {
                Arithmetic.apply(a, b, ctx.output(0, a.dtype(), shape), fn);
            } catch (ArithmeticException e) {
                throw op.error(node, "integer " + e.getMessage());
            }
        });
    }

    private static OpImplementation variadic(String opType, Arithmetic.Binary fn, boolean mean) {
        return new TensorOp(opType, (node, op) -> ctx -> {
            int n = ctx.inputCount();
            Tensor[] ins = new Tensor[n];
            for (int i = 0; i < n; i++) {
                ins[i] = ctx.input(i);
                if (ins[i] == null) {
                    throw op.error(node, "input " + i + " is missing");
                }
                if (ins[i].dtype() != ins[0].dtype()) {
                    throw op.error(node, "inputs have different types " + ins[0].dtype() + " and " + ins[i].dtype());
                }
            }
            long[] shape = Indexing.broadcastShape(ins);
            Tensor out = ctx.output(0, ins[0].dtype(), shape);
            int[] first = Indexing.broadcastOffsets(ins[0].shape(), shape);
            Elements.gatherInto(ins[0], first == null ? Indexing.identity(out.size()) : first, out);
            // Folding into the output in place is safe: each step reads element i before writing it.
            for (int i = 1; i < n; i++) {
                Arithmetic.apply(out, ins[i], out, fn);
            }
            if (mean) {
                Tensor count = Tensor.allocate(out.dtype());
                count.setDouble(0, n);
                Arithmetic.apply(out, count, out, DIV);
            }
        });
    }

    /** Pow: the result has the base's type; integer bases with integer exponents multiply exactly (wrapping). */
    static void pow(Tensor base, Tensor exponent, Tensor out) {
        Tensor hb = base.toHeap();
        Tensor he = exponent.toHeap();
        long[] shape = out.shape();
        int[] mb = Indexing.broadcastOffsets(hb.shape(), shape);
        int[] me = Indexing.broadcastOffsets(he.shape(), shape);
        int n = out.size();
        DataType bt = hb.dtype();
        DataType et = he.dtype();
        if (bt == DataType.FLOAT && et == DataType.FLOAT) {
            float[] x = hb.floats();
            float[] y = he.floats();
            float[] z = out.floats();
            for (int i = 0; i < n; i++) {
                z[i] = (float) Math.pow(x[mb == null ? i : mb[i]], y[me == null ? i : me[i]]);
            }
            return;
        }
        boolean intBase = bt.isInteger();
        boolean intExponent = et.isInteger();
        for (int i = 0; i < n; i++) {
            int bi = mb == null ? i : mb[i];
            int ei = me == null ? i : me[i];
            if (intBase && intExponent) {
                long e = he.getLong(ei);
                long b = hb.getLong(bi);
                out.setLong(i, e >= 0 ? integerPower(b, e) : (long) Math.pow(b, e));
            } else if (intBase) {
                out.setLong(i, (long) Math.pow(hb.getLong(bi), he.getDouble(ei)));
            } else if (bt == DataType.DOUBLE) {
                out.setDouble(i, Math.pow(hb.getDouble(bi), he.getDouble(ei)));
            } else {
                out.setDouble(i, (float) Math.pow((float) hb.getDouble(bi), (float) he.getDouble(ei)));
            }
        }
    }

    /** b^e for e >= 0 by repeated squaring, wrapping in 64 bits. */
    static long integerPower(long b, long e) {
        long result = 1;
        long base = b;
        long exp = e;
        while (exp > 0) {
            if ((exp & 1) != 0) {
                result *= base;
            }
            base *= base;
            exp >>>= 1;
        }
        return result;
    }
}
