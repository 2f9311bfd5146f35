"""bench and layer_bench return the plain structures the --json files hold."""

import glob
import json
import os
import subprocess
import sys

import pytest

import orpheus

STATS = {"minMs", "medianMs", "p90Ms", "p99Ms", "maxMs", "meanMs", "throughputPerS", "firstRunMs", "runs"}


def test_bench_per_layer_is_well_formed(wrn_path):
    model = orpheus.load(wrn_path)
    r = orpheus.bench(model, threads=1, runs=3, warmup=1, per_layer=True, compare="ort")
    json.dumps(r)  # plain values only
    assert r["modelSpec"] == os.path.abspath(wrn_path)
    assert (r["threads"], r["runs"], r["warmup"]) == (1, 3, 1)
    o = r["orpheus"]
    assert STATS <= set(o) and o["runs"] == 3
    assert 0 < o["minMs"] <= o["medianMs"] <= o["maxMs"]
    # ONNX Runtime is not on this JVM's class path: the result says so instead of failing.
    if "onnxruntime" not in r:
        assert "ONNX Runtime" in r["onnxruntimeUnavailable"]
    assert r["memory"]["peakRssBytes"] > 0 and r["memory"]["plannedPeakLiveBytes"] > 0
    plan_nodes = [step["node"] for step in r["plan"]]
    layers = r["layers"]
    assert [row["node"] for row in layers] == plan_nodes
    assert all({"node", "op", "implementation", "medianMs", "percentOfWhole"} == set(row) for row in layers)
    assert all(row["medianMs"] >= 0 for row in layers)
    assert r["perLayer"]["sumOfNodeMediansMs"] == pytest.approx(sum(row["medianMs"] for row in layers))
    assert r["perLayer"]["wholeRunMedianMs"] > 0


def test_bench_without_per_layer_and_with_forced_impls(wrn_path):
    r = orpheus.bench(wrn_path, runs=2, warmup=0, backend=["reference"], passes="none")
    assert r["layers"] is None and "perLayer" not in r
    assert r["backends"] == ["reference"] and r["passes"] == "none"
    assert all(step["implementation"].startswith("reference.") for step in r["plan"])
    assert "onnxruntime" not in r and "onnxruntimeUnavailable" not in r


def test_bench_passes_session_options(wrn_path):
    r = orpheus.bench(wrn_path, runs=1, warmup=0, backend=["reference"], passes="none",
                      options={"reference.unused": 1})
    assert r["options"] == {"reference.unused": "1"}
    assert orpheus.bench(wrn_path, runs=1, warmup=0, backend=["reference"], passes="none")["options"] == {}


def test_bench_refuses_bad_settings(wrn_path):
    with pytest.raises(orpheus.InvalidArgumentError, match="--runs must be at least 1"):
        orpheus.bench(wrn_path, runs=0)
    with pytest.raises(orpheus.InvalidArgumentError, match="compare takes 'ort'"):
        orpheus.bench(wrn_path, compare="tvm")


def test_layer_bench_is_well_formed():
    r = orpheus.layer_bench("Conv", shape={"x": (1, 8, 12, 12), "w": (8, 8, 3, 3)},
                            attrs={"kernel_shape": [3, 3], "pads": [1, 1, 1, 1], "group": 1},
                            runs=3, warmup=1)
    json.dumps(r)
    assert r["op"] == "Conv" and r["runs"] == 3
    assert r["layer"].startswith("Conv(x=1x8x12x12, w=8x8x3x3")
    names = [row["implementation"] for row in r["implementations"]]
    assert sorted(names) == sorted(i["name"] for i in orpheus.impls("Conv") if i["admitted"])
    ran = [row for row in r["implementations"] if "refused" not in row]
    assert any(row["implementation"] == "reference.conv" for row in ran)
    for row in ran:
        assert STATS <= set(row) and 0 <= row["minMs"] <= row["medianMs"] <= row["maxMs"]
    for row in r["implementations"]:
        if "refused" in row:
            assert row["refused"] and "medianMs" not in row


def test_layer_bench_chosen_impls_and_single_input_shape():
    r = orpheus.layer_bench("Relu", shape=(1, 1000), impls=["reference.relu"], runs=2, warmup=0)
    assert [row["implementation"] for row in r["implementations"]] == ["reference.relu"]
    with pytest.raises(orpheus.InvalidArgumentError, match="not an admitted implementation of Relu"):
        orpheus.layer_bench("Relu", shape=(4,), impls=["simd.conv"], runs=1, warmup=0)
    with pytest.raises(orpheus.InvalidArgumentError, match="attribute 'alpha'"):
        orpheus.layer_bench("LeakyRelu", shape=(4,), attrs={"alpha": [0.1, "x"]}, runs=1, warmup=0)


def _onnxruntime_jar():
    jars = sorted(glob.glob(os.path.expanduser(
        "~/.m2/repository/com/microsoft/onnxruntime/onnxruntime/*/onnxruntime-*.jar")))
    return jars[-1] if jars else None


def test_bench_compares_with_onnxruntime_when_its_jar_is_given(wrn_path):
    jar = _onnxruntime_jar()
    if jar is None:
        pytest.skip("no ONNX Runtime jar in ~/.m2 (com.microsoft.onnxruntime:onnxruntime) to put on ORPHEUS_CLASSPATH")
    # The class path is fixed when the JVM starts: a fresh process gets the jar.
    code = ("import json, orpheus; r = orpheus.bench(%r, runs=2, warmup=1, compare='ort');"
            "print(json.dumps({k: r.get(k) for k in ('onnxruntime', 'onnxruntimeUnavailable', 'maxAbsDiff', 'ratio')}))"
            % str(wrn_path))
    env = dict(os.environ, ORPHEUS_CLASSPATH=jar,
               PYTHONPATH=os.pathsep.join([os.path.dirname(os.path.dirname(orpheus.__file__))]
                                          + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]))
    done = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    r = json.loads(done.stdout.strip().splitlines()[-1])
    if r["onnxruntime"] is None:
        pytest.skip("ONNX Runtime did not load here: " + str(r["onnxruntimeUnavailable"]))
    assert r["onnxruntime"]["runs"] == 2 and r["onnxruntime"]["medianMs"] > 0
    assert r["maxAbsDiff"] < 1e-3 and r["ratio"] > 0


def test_bench_and_layer_bench_record_the_cache_state(wrn_path):
    r = orpheus.bench(wrn_path, runs=1, warmup=0, cache="flushed")
    assert r["cache"] == "flushed" and r["cacheState"].startswith("flushed (")
    assert orpheus.bench(wrn_path, runs=1, warmup=0)["cache"] == "warm"
    lb = orpheus.layer_bench("Relu", shape=(1, 1000), impls=["reference.relu"], runs=2, warmup=0, cache="flushed")
    assert lb["cache"] == "flushed"
    with pytest.raises(orpheus.InvalidArgumentError, match="cache takes warm or flushed, got 'cold'"):
        orpheus.bench(wrn_path, runs=1, warmup=0, cache="cold")
    with pytest.raises(orpheus.InvalidArgumentError, match="cache takes 'warm' or 'flushed'"):
        orpheus.layer_bench("Relu", shape=(1, 10), cache=None)


def test_bench_reports_rounds(wrn_path):
    r = orpheus.bench(wrn_path, runs=4, warmup=0, rounds=2)
    assert [(x["firstRun"], x["lastRun"]) for x in r["rounds"]] == [(1, 2), (3, 4)]
    with pytest.raises(orpheus.InvalidArgumentError, match="--rounds must be between 1 and --runs"):
        orpheus.bench(wrn_path, runs=2, warmup=0, rounds=3)
