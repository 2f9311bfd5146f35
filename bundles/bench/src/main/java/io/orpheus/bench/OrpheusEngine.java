package io.orpheus.bench;

import io.orpheus.api.Tensor;
import io.orpheus.runtime.Orpheus;
import io.orpheus.runtime.OrpheusModel;
import io.orpheus.runtime.RunResult;
import io.orpheus.runtime.Session;
import io.orpheus.runtime.SessionOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Orpheus under test: the model loaded and planned once; runs plain or profiled. */
final class OrpheusEngine implements Engine {

    private final OrpheusModel model;
    private final Session session;
    private final Map<String, Tensor> inputs;
    private final long loadNanos;
    private final long planNanos;

    OrpheusEngine(Orpheus orpheus, Path file, SessionOptions options, InputMaker inputMaker) {
        long t0 = System.nanoTime();
        model = orpheus.load(file);
        long t1 = System.nanoTime();
        session = model.newSession(options);
        long t2 = System.nanoTime();
        loadNanos = t1 - t0;
        planNanos = t2 - t1;
        inputs = inputMaker.inputs(model);
    }

    /** Makes the inputs once the model is loaded (their shapes come from it). */
    @FunctionalInterface
    interface InputMaker {
        Map<String, Tensor> inputs(OrpheusModel model);
    }

    @Override
    public String name() {
        return "orpheus";
    }

    @Override
    public long setupNanos() {
        return loadNanos + planNanos;
    }

    long loadNanos() {
        return loadNanos;
    }

    long planNanos() {
        return planNanos;
    }

    Session session() {
        return session;
    }

    OrpheusModel model() {
        return model;
    }

    Map<String, Tensor> inputs() {
        return inputs;
    }

    @Override
    public long timeOneRun() {
        long t0 = System.nanoTime();
        session.run(inputs);
        return System.nanoTime() - t0;
    }

    RunResult profiledRun() {
        return session.runProfiled(inputs);
    }

    @Override
    public Map<String, float[]> outputs(List<String> names) {
        Map<String, Tensor> out = session.run(inputs);
        Map<String, float[]> m = new LinkedHashMap<>();
        for (String n : names) {
            m.put(n, out.get(n).toFloatArray());
        }
        return m;
    }

    List<String> outputNames() {
        return model.outputs().stream().map(v -> v.name()).toList();
    }

    @Override
    public void close() {
        session.close();
    }
}
