package io.orpheus.bench;

import java.util.List;
import java.util.Map;

/** One inference engine under test, its model and inputs fixed. */
interface Engine extends AutoCloseable {

    String name();

    /** Time to be ready to run: load + plan for Orpheus, session creation for ONNX Runtime. */
    long setupNanos();

    /** Runs once; returns the wall time of the run. */
    long timeOneRun() throws Exception;

    /** Runs once and returns the named outputs as floats. */
    Map<String, float[]> outputs(List<String> names) throws Exception;
}
