"""NumPy in, NumPy out: every dtype, layouts, and what the model says of its inputs and outputs."""

import numpy as np
import pytest

import orpheus
from onnx_models import binary, unary

RNG = np.random.default_rng(20261130)


def sample(dtype, shape):
    if dtype == "bool":
        return RNG.integers(0, 2, size=shape).astype(np.bool_)
    if np.issubdtype(np.dtype(dtype), np.integer):
        info = np.iinfo(dtype)
        lo, hi = max(info.min, -1000), min(info.max, 1000)
        return RNG.integers(lo, hi, size=shape, endpoint=True).astype(dtype)
    return RNG.standard_normal(shape).astype(dtype)


REQUIRED = ["float32", "int64", "int32", "bool", "uint8"]


@pytest.mark.parametrize("dtype", REQUIRED + ["float64", "int8", "int16", "float16"])
def test_identity_round_trips_every_element(dtype, models_dir):
    model = orpheus.load(unary(models_dir / f"identity_{dtype}.onnx", "Identity", dtype, (2, 3, 5)))
    assert model.inputs == [orpheus.TensorInfo("x", dtype, (2, 3, 5))]
    assert model.outputs == [orpheus.TensorInfo("y", dtype, (2, 3, 5))]
    x = sample(dtype, (2, 3, 5))
    with model.session() as s:
        y = s.run({"x": x})["y"]
    assert y.dtype == np.dtype(dtype)
    assert y.shape == (2, 3, 5)
    np.testing.assert_array_equal(y, x)
    assert not np.shares_memory(x, y)


@pytest.mark.parametrize("dtype", ["float32", "int64", "int32", "uint8"])
def test_add_computes_in_each_dtype(dtype, models_dir):
    model = orpheus.load(binary(models_dir / f"add_{dtype}.onnx", "Add", dtype, (4, 7)))
    a, b = sample(dtype, (4, 7)), sample(dtype, (4, 7))
    with model.session() as s:
        out = s.run({"a": a, "b": b})
    assert set(out) == {"z", "a_copy"}
    np.testing.assert_array_equal(out["z"], a + b)
    np.testing.assert_array_equal(out["a_copy"], a)


def test_bool_logic_and_comparison_outputs(models_dir):
    a, b = sample("bool", (3, 4)), sample("bool", (3, 4))
    with orpheus.load(binary(models_dir / "and.onnx", "And", "bool", (3, 4))).session() as s:
        np.testing.assert_array_equal(s.run({"a": a, "b": b})["z"], a & b)
    x, y = sample("int32", (3, 4)), sample("int32", (3, 4))
    with orpheus.load(binary(models_dir / "less.onnx", "Less", "int32", (3, 4), out_dtype="bool")).session() as s:
        z = s.run({"a": x, "b": y})["z"]
    assert z.dtype == np.bool_
    np.testing.assert_array_equal(z, x < y)


def test_inputs_need_not_be_contiguous_writable_or_native_endian(models_dir):
    model = orpheus.load(unary(models_dir / "neg.onnx", "Neg", "float32", (3, 4)))
    base = sample("float32", (4, 3))
    transposed = base.T
    readonly = sample("float32", (3, 4))
    readonly.flags.writeable = False
    big_endian = sample("float32", (3, 4)).astype(">f4")
    with model.session() as s:
        for x in (transposed, readonly, big_endian):
            np.testing.assert_array_equal(s.run({"x": x})["y"], -x.astype(np.float32))


def test_lists_take_the_declared_dtype(models_dir):
    model = orpheus.load(unary(models_dir / "neg_int64.onnx", "Neg", "int64", (2, 2)))
    with model.session() as s:
        y = s.run({"x": [[1, 2], [3, 4]]})["y"]
    assert y.dtype == np.int64
    np.testing.assert_array_equal(y, [[-1, -2], [-3, -4]])


def test_outputs_are_fresh_arrays_each_run(models_dir):
    model = orpheus.load(unary(models_dir / "relu.onnx", "Relu", "float32", (8,)))
    x = sample("float32", (8,))
    with model.session(threads=2) as s:
        first = s.run({"x": x})["y"]
        first[:] = 42
        second = s.run({"x": x})["y"]
    np.testing.assert_array_equal(second, np.maximum(x, 0))
    assert second.flags.writeable and second.flags.c_contiguous


def test_symbolic_dims_and_empty_and_scalar_tensors(models_dir):
    import onnx
    from onnx import TensorProto, helper
    x = helper.make_tensor_value_info("x", TensorProto.FLOAT, ["batch", 3])
    y = helper.make_tensor_value_info("y", TensorProto.FLOAT, ["batch", 3])
    graph = helper.make_graph([helper.make_node("Abs", ["x"], ["y"], name="abs")], "abs", [x], [y])
    path = models_dir / "abs_batch.onnx"
    onnx.save(helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8), str(path))
    model = orpheus.load(path)
    assert model.inputs[0].shape == ("batch", 3)
    with model.session() as s:
        for n in (1, 5, 0):
            v = sample("float32", (n, 3))
            out = s.run({"x": v})["y"]
            assert out.shape == (n, 3)
            np.testing.assert_array_equal(out, np.abs(v))
    scalar_model = orpheus.load(unary(models_dir / "scalar.onnx", "Neg", "float32", ()))
    with scalar_model.session() as s:
        out = s.run({"x": np.float32(2.5)})["y"]
    assert out.shape == () and out == -2.5


def test_plan_names_every_node(models_dir):
    model = orpheus.load(binary(models_dir / "plan_add.onnx", "Add", "float32", (2, 2)))
    with model.session(backend="reference", passes="none") as s:
        plan = s.plan()
    assert [step["node"] for step in plan] == ["combine", "copy"]
    assert [step["op"] for step in plan] == ["Add", "Identity"]
    assert all(step["implementation"].startswith("reference.") for step in plan)
    assert all(set(step) == {"node", "op", "implementation", "why", "passedOver", "detail"} for step in plan)


def test_impl_forces_by_operator_or_by_node(models_dir):
    path = binary(models_dir / "forced.onnx", "Add", "float32", (2, 2))
    model = orpheus.load(path)
    with model.session(impl={"Add": "reference.add"}, passes="none") as s:
        assert s.plan()[0]["implementation"] == "reference.add"
        assert s.plan()[0]["why"] == "forced"
    with model.session(impl={"copy": "reference.identity"}, passes="none") as s:
        assert s.plan()[1]["implementation"] == "reference.identity"


def test_profile_times_every_node(models_dir):
    model = orpheus.load(binary(models_dir / "profiled.onnx", "Mul", "float32", (16, 16)))
    a, b = sample("float32", (16, 16)), sample("float32", (16, 16))
    with model.session(passes="none") as s:
        r = s.profile({"a": a, "b": b})
    np.testing.assert_array_equal(r["outputs"]["z"], a * b)
    assert [t["node"] for t in r["timings"]] == ["combine", "copy"]
    assert all(t["ms"] >= 0 for t in r["timings"]) and r["totalMs"] > 0


def test_backends_and_impls_describe_the_runtime():
    backends = orpheus.backends()
    ids = [b["id"] for b in backends]
    assert "reference" in ids
    ref = next(b for b in backends if b["id"] == "reference")
    assert ref["available"] is True and ref["version"] and isinstance(ref["detail"], str)
    convs = orpheus.impls("Conv")
    assert "reference.conv" in [i["name"] for i in convs]
    assert all(i["op"] == "Conv" for i in convs)
    priorities = [i["priority"] for i in convs]
    assert priorities == sorted(priorities, reverse=True)
    assert orpheus.impls("NoSuchOp") == []


def test_one_session_runs_from_several_python_threads(models_dir):
    import threading
    model = orpheus.load(binary(models_dir / "threads_add.onnx", "Add", "float32", (64,)))
    failures = []
    with model.session(threads=2) as s:
        def worker(seed):
            rng = np.random.default_rng(seed)
            for _ in range(25):
                a, b = rng.standard_normal(64).astype(np.float32), rng.standard_normal(64).astype(np.float32)
                z = s.run({"a": a, "b": b})["z"]
                if not np.array_equal(z, a + b):
                    failures.append(seed)
        threads = [threading.Thread(target=worker, args=(seed,)) for seed in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert failures == []


def test_a_dropped_session_is_closed(models_dir):
    import gc
    model = orpheus.load(unary(models_dir / "dropped.onnx", "Neg", "float32", (2,)))
    s = model.session()
    java_session = s._java
    runtime_sessions = orpheus._runtime.get().orpheus.sessions
    assert java_session in list(runtime_sessions())
    del s
    gc.collect()
    assert java_session not in list(runtime_sessions())
