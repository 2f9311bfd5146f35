"""Per-call cost of Session.run from Python against the same call made straight on the Java session.

Both sides run the same warm session on the same input, interleaved call by call so drift in the
machine's state hits both alike. The Java side gets a Tensor built once beforehand and is timed with
System.nanoTime() inside the JVM around Session.run (reached through JPype, so one JPype call per sample
sits outside the timed region); the Python side is timed with time.perf_counter_ns() around
session.run(), so it includes the NumPy-to-tensor wrapping, the JPype calls and the copy of each output
into a new array. The difference of the medians is what the binding adds per call.

    /usr/bin/python3 python/benchmarks/overhead.py [--model zoo:wrn_40_2 | FILE] [--calls 200] [--warmup 50]

Also measures a one-node model (Relu on 1x1000 floats) where the network's own time does not hide the
binding's cost. Prints a table and, with --json FILE, writes the numbers.
"""

import argparse
import json
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import numpy as np  # noqa: E402

import orpheus  # noqa: E402


def measure(model, feeds, threads, calls, warmup):
    import jpype
    system = jpype.JClass("java.lang.System")
    with model.session(threads=threads) as session:
        java_session = session._java
        java_feeds = session._rt.converter.feeds(feeds, {})
        heap_feeds = jpype.JClass("java.util.HashMap")()
        for entry in java_feeds.entrySet():
            heap_feeds.put(entry.getKey(), entry.getValue().toHeap())
        for _ in range(warmup):
            session.run(feeds)
            java_session.run(heap_feeds)
        py_ns, java_ns = [], []
        for i in range(calls):
            order = (0, 1) if i % 2 == 0 else (1, 0)
            for which in order:
                if which == 0:
                    t0 = time.perf_counter_ns()
                    session.run(feeds)
                    py_ns.append(time.perf_counter_ns() - t0)
                else:
                    t0 = system.nanoTime()
                    java_session.run(heap_feeds)
                    java_ns.append(int(system.nanoTime() - t0))
    py_med = statistics.median(py_ns) / 1e3
    java_med = statistics.median(java_ns) / 1e3
    return {"calls": calls, "threads": threads, "pythonMedianUs": py_med, "javaMedianUs": java_med,
            "overheadUs": py_med - java_med, "overheadPercent": 100 * (py_med - java_med) / java_med,
            "pythonP10Us": float(np.percentile(py_ns, 10)) / 1e3, "javaP10Us": float(np.percentile(java_ns, 10)) / 1e3}


def relu_model(path):
    from onnx import TensorProto, helper, save
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1000])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, [1, 1000])
    graph = helper.make_graph([helper.make_node("Relu", ["x"], ["y"], name="relu")], "relu", [x], [y])
    save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), path)
    return path


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--model", default="zoo:wrn_40_2")
    ap.add_argument("--calls", type=int, default=200)
    ap.add_argument("--warmup", type=int, default=50)
    ap.add_argument("--threads", type=int, default=1)
    ap.add_argument("--json")
    args = ap.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        if args.model.startswith("zoo:"):
            name = args.model[4:]
            path = orpheus.zoo(name, os.path.join(tmp, name + ".onnx"))
            feeds = {"input": orpheus.zoo_input(name)}
        else:
            path = args.model
            model = orpheus.load(path)
            rng = np.random.default_rng(0)
            feeds = {i.name: rng.standard_normal([d if isinstance(d, int) else 1 for d in i.shape])
                     .astype(i.dtype) for i in model.inputs}
        results = {args.model: measure(orpheus.load(path), feeds, args.threads, args.calls, args.warmup)}
        try:
            small = relu_model(os.path.join(tmp, "relu.onnx"))
            x = np.random.default_rng(1).standard_normal((1, 1000)).astype(np.float32)
            results["relu 1x1000"] = measure(orpheus.load(small), {"x": x}, 1, max(args.calls, 2000), 500)
        except ImportError:
            print("(no onnx package: the one-node measurement is left out)", file=sys.stderr)
    print(f"{'model':<16} {'calls':>6} {'python median us':>17} {'java median us':>15} {'overhead us':>12} "
          f"{'overhead %':>11}")
    for name, r in results.items():
        print(f"{name:<16} {r['calls']:>6} {r['pythonMedianUs']:>17.1f} {r['javaMedianUs']:>15.1f} "
              f"{r['overheadUs']:>12.1f} {r['overheadPercent']:>10.2f}%")
    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
