package io.orpheus.hardening;

import io.orpheus.api.DataType;
import io.orpheus.api.InvalidInputException;
import io.orpheus.api.ModelLoadException;
import io.orpheus.api.Tensor;
import io.orpheus.api.UnsupportedModelException;
import io.orpheus.api.backend.KernelException;
import io.orpheus.api.graph.ValueInfo;
import io.orpheus.api.op.ShapeInferenceException;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.Session;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Loads, plans and runs one model file on a worker thread with a deadline, and sorts what happened
 * into an {@link Outcome}. A worker that misses its deadline is left behind (a daemon) and reported
 * as a hang: a Java thread cannot be killed safely, and the case has failed anyway.
 */
final class ModelCaseRunner {
    /** Inputs with more elements than this are not fed: the case then stops after planning. */
    static final long MAX_INPUT_ELEMENTS = 1_000_000;

    private final Orpheus orpheus;
    private final long timeoutMillis;

    ModelCaseRunner(Orpheus orpheus, long timeoutMillis) {
        this.orpheus = orpheus;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * Orpheus with every importer, operator set and pass found on the class path, and the reference
     * backend only (the simd backend is on this module's class path for the NaN and concurrency
     * tests; the hostile-model tests and their time budgets are set for the reference kernels).
     */
    static Orpheus standardOrpheus() {
        return Runtimes.with(Runtimes.reference());
    }

    CaseResult run(Path model, long inputSeed) {
        AtomicReference<Object> result = new AtomicReference<>();
        long t0 = System.nanoTime();
        Thread worker = Thread.ofPlatform().daemon().name("hostile-case-" + model.getFileName()).unstarted(() -> {
            try {
                result.set(loadPlanRun(model, inputSeed));
            } catch (Throwable t) {
                result.set(t);
            }
        });
        worker.start();
        try {
            worker.join(timeoutMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + model, e);
        }
        long millis = (System.nanoTime() - t0) / 1_000_000;
        if (worker.isAlive()) {
            worker.interrupt();
            return new CaseResult(Outcome.HANG, new IllegalStateException("no result after " + timeoutMillis
                    + " ms; worker stack: " + stackOf(worker)), millis);
        }
        Object r = result.get();
        if (r instanceof Outcome o) {
            return new CaseResult(o, null, millis);
        }
        Throwable t = (Throwable) r;
        return new CaseResult(classify(t), t, millis);
    }

    static Outcome classify(Throwable t) {
        Outcome o = switch (t) {
            case UnsupportedModelException e -> Outcome.UNSUPPORTED_MODEL;
            case ModelLoadException e -> Outcome.MODEL_LOAD_EXCEPTION;
            case ShapeInferenceException e -> Outcome.SHAPE_INFERENCE_EXCEPTION;
            case InvalidInputException e -> Outcome.INVALID_INPUT;
            case KernelException e -> Outcome.KERNEL_EXCEPTION;
            case OutOfMemoryError e -> Outcome.OUT_OF_MEMORY;
            case StackOverflowError e -> Outcome.STACK_OVERFLOW;
            default -> Outcome.UNEXPECTED_EXCEPTION;
        };
        if (o.acceptable() && (t.getMessage() == null || t.getMessage().isBlank())) {
            return Outcome.EMPTY_MESSAGE;
        }
        return o;
    }

    private Outcome loadPlanRun(Path file, long inputSeed) {
        OrpheusModel model = orpheus.load(file);
        try (Session session = model.newSession()) {
            Map<String, Tensor> inputs = inputs(model, inputSeed);
            if (inputs == null) {
                return Outcome.PLANNED_NOT_RUN;
            }
            session.run(inputs);
            return Outcome.RAN;
        }
    }

    /** Seeded inputs of the declared shapes, or null when one cannot be made (unknown or too big). */
    static Map<String, Tensor> inputs(OrpheusModel model, long seed) {
        SplittableRandom rng = new SplittableRandom(seed);
        Map<String, Tensor> inputs = new LinkedHashMap<>();
        for (ValueInfo v : model.inputs()) {
            if (model.graph().initializers().containsKey(v.name())) {
                continue;
            }
            if (v.dtype() == null || !v.isFullyKnown()) {
                return null;
            }
            long[] shape = v.concreteShape();
            if (!feedable(shape)) {
                return null;
            }
            inputs.put(v.name(), randomTensor(v.dtype(), shape, rng));
        }
        return inputs;
    }

    /** Whether the element count is at most {@link #MAX_INPUT_ELEMENTS}, without overflowing on the way. */
    static boolean feedable(long[] shape) {
        long count = 1;
        for (long d : shape) {
            if (d < 0) {
                return false;
            }
            if (d == 0) {
                return true;
            }
        }
        for (long d : shape) {
            try {
                count = Math.multiplyExact(count, d);
            } catch (ArithmeticException e) {
                return false;
            }
            if (count > MAX_INPUT_ELEMENTS) {
                return false;
            }
        }
        return true;
    }

    private static Tensor randomTensor(DataType dtype, long[] shape, SplittableRandom rng) {
        Tensor t = Tensor.allocate(dtype, shape);
        // Zero is a safe value for every integer input (indices, shapes, counts); floats get noise.
        if (dtype == DataType.FLOAT) {
            float[] a = (float[]) t.array();
            for (int i = 0; i < a.length; i++) {
                a[i] = (float) (rng.nextDouble() * 2 - 1);
            }
        } else if (dtype == DataType.DOUBLE) {
            double[] a = (double[]) t.array();
            for (int i = 0; i < a.length; i++) {
                a[i] = rng.nextDouble() * 2 - 1;
            }
        }
        return t;
    }

    private static String stackOf(Thread t) {
        StringBuilder sb = new StringBuilder();
        StackTraceElement[] frames = t.getStackTrace();
        for (int i = 0; i < Math.min(frames.length, 25); i++) {
            sb.append("\n    at ").append(frames[i]);
        }
        return sb.toString();
    }
}
