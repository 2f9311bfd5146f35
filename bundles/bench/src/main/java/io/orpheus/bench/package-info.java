/**
 * The benchmark harness: whole-network latency ({@link io.orpheus.bench.Bench}, optionally beside
 * ONNX Runtime), single layers ({@link io.orpheus.bench.LayerBench}), per-node tuning
 * ({@link io.orpheus.bench.Tuner}, {@link io.orpheus.bench.TuningRecord}) and declared batches
 * ({@link io.orpheus.bench.Experiment}); the shell's commands call {@link io.orpheus.bench.BenchCommands}.
 */
@Export
@Version("1.1.0")
package io.orpheus.bench;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
