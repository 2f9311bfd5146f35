"""What the runtime is made of, the zoo, and the benchmarks: all answers are plain dicts and lists."""

import numbers
import os

from . import _runtime
from ._errors import InvalidArgumentError, java_errors
from ._plain import plain


def backends():
    """Every registered backend, highest ranking first: [{id, version, available, detail, ranking}]."""
    rt = _runtime.get()
    with java_errors():
        out = []
        for b in rt.orpheus.backends():
            a = b.availability()
            ranking = rt.orpheus.ranking(b.id())
            out.append({"id": str(b.id()), "version": str(b.version()), "available": bool(a.available()),
                        "detail": str(a.detail()), "ranking": int(ranking) if ranking is not None else 0})
        return out


def impls(op=None):
    """Implementations of an operator (or of all), highest priority first: [{op, name, backend, priority,
    available, admitted, refusal}]. ``op`` may be qualified with its domain ("com.microsoft:Gelu")."""
    rt = _runtime.get()
    with java_errors():
        gate = rt.orpheus.admissionGate()
        rows = []
        for b in rt.orpheus.backends():
            available = bool(b.availability().available())
            for i in b.implementations():
                domain = str(i.domain())
                op_type = str(i.opType())
                qualified = (domain + ":" if domain else "") + op_type
                if op is not None and op not in (qualified, op_type):
                    continue
                refusal = gate.refusal(b, i)
                rows.append({"op": qualified, "name": str(i.name()), "backend": str(b.id()),
                             "priority": int(i.priority()), "available": available,
                             "admitted": available and refusal is None,
                             "refusal": str(refusal) if refusal is not None else None})
        rows.sort(key=lambda r: (r["op"], -r["priority"], r["name"]))
        return rows


def zoo_names():
    """The built-in networks' names."""
    _runtime.get()
    with java_errors():
        return [str(n) for n in _zoo_class().names()]


def zoo(name, path, seed=0):
    """Writes a built-in network (seeded random weights, batch 1) as an ONNX file; returns the path."""
    rt = _runtime.get()
    p = os.fspath(path)
    with java_errors():
        _zoo_class().write(name, rt.path(p), _whole(seed, "seed"))
    return p


def zoo_input(name, seed=0):
    """The deterministic sample input the Java tools use for a zoo network (float32, 1 x C x H x W)."""
    rt = _runtime.get()
    with java_errors():
        return rt.converter.to_numpy(_zoo_class().sampleInput(name, _whole(seed, "seed")))


def _zoo_class():
    import jpype
    return jpype.JClass("io.orpheus.zoo.Zoo")


def _whole(value, what):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral):
        raise InvalidArgumentError(f"{what} must be a whole number, got {value!r}")
    return int(value)


def _string_list(value, what):
    if value is None:
        return []
    items = [value] if isinstance(value, str) else list(value)
    if not all(isinstance(i, str) for i in items):
        raise InvalidArgumentError(f"{what} takes a string or a list of strings, got {value!r}")
    return items


def bench(model, threads=1, runs=20, warmup=10, per_layer=False, compare=None, backend=None, impl=None,
          passes="all", seed=0, progress=False, options=None, cache="warm", rounds=1):
    """Whole-network latency, as the ``bench`` command measures it.

    model:     a Model, a model file, or "zoo:NAME".
    compare:   "ort" to run ONNX Runtime alternately (its jar must be on ORPHEUS_CLASSPATH; otherwise the
               result says why it was not compared under "onnxruntimeUnavailable").
    impl:      {operator type: implementation name}.
    options:   {session option: value}, read by backends, e.g. {"simd.blocked.winograd.min-tiles": "4"}.
    cache:     "warm", or "flushed" to evict the caches before every timed run (``--cache``).
    rounds:    the timed runs reported in that many consecutive rounds, each with its medians and ratio
               (``--rounds``; the result's "rounds" and, with compare="ort", "ratioAcrossRounds").
    Returns the dict ``bench --json`` writes, plus "layers": the per-node rows (node, op, implementation,
    medianMs, percentOfWhole) with per_layer=True, else None; ``pd.DataFrame(result["layers"])``.
    """
    import jpype
    rt = _runtime.get()
    from ._model import Model
    spec = model.path if isinstance(model, Model) else os.fspath(model)
    if not spec.startswith("zoo:"):
        spec = os.path.abspath(spec)
    if compare not in (None, "ort"):
        raise InvalidArgumentError(f"compare takes 'ort' (ONNX Runtime) or None, got {compare!r}")
    impl_map = jpype.JClass("java.util.LinkedHashMap")()
    for op, name in (impl or {}).items():
        impl_map.put(op, name)
    option_map = jpype.JClass("java.util.LinkedHashMap")()
    for key, value in (options or {}).items():
        option_map.put(str(key), str(value))
    with java_errors():
        settings = jpype.JClass("io.orpheus.bench.BenchSettings")(
            spec, _whole(threads, "threads"), _whole(warmup, "warmup"), _whole(runs, "runs"),
            _java_list(_string_list(backend, "backend")), impl_map, option_map,
            passes if passes is not None else "all", compare == "ort", bool(per_layer), None, _whole(seed, "seed"),
            _cache_state(cache), _whole(rounds, "rounds"))
        result = jpype.JClass("io.orpheus.bench.Bench")(rt.orpheus, _progress_stream(progress)).run(settings)
        out = plain(result.toJson())
    out["layers"] = out["perLayer"]["nodes"] if "perLayer" in out else None
    return out


def layer_bench(op, shape, attrs=None, impls="all", threads=1, warmup=10, runs=20, opset=17, seed=0,
                progress=False, cache="warm"):
    """One operator alone on each admitted implementation, as ``layer-bench`` measures it.

    cache:  "warm", or "flushed" to evict the caches before every timed run (``--cache``).

    shape:  {input name: dims} in the operator's input order ({"x": (1, 64, 56, 56), "w": (64, 64, 3, 3)}),
            or the dims of a single input.
    attrs:  {name: int | float | str | list of ints | list of floats}, e.g. {"kernel_shape": [3, 3]}.
    impls:  "all" or a list of implementation names.
    Returns the dict ``layer-bench --json`` writes; "implementations" holds one row per implementation
    (min/median/p90/... in ms, or "refused" with the reason).
    """
    import jpype
    rt = _runtime.get()
    with java_errors():
        spec = jpype.JClass("io.orpheus.bench.LayerSpec")(op, _shapes(shape), _attributes(attrs),
                                                         _whole(opset, "opset"))
        chosen = [] if impls == "all" else _string_list(impls, "impls")
        result = jpype.JClass("io.orpheus.bench.LayerBench")(rt.orpheus, _progress_stream(progress)).run(
            spec, _java_list(chosen), _whole(threads, "threads"), _whole(warmup, "warmup"),
            _whole(runs, "runs"), _whole(seed, "seed"), _cache_state(cache))
        return plain(result.toJson())


def _cache_state(cache):
    import jpype
    if not isinstance(cache, str):
        raise InvalidArgumentError(f"cache takes 'warm' or 'flushed', got {cache!r}")
    return jpype.JClass("io.orpheus.bench.CacheState").parse(cache, "cache")


def _java_list(items):
    import jpype
    out = jpype.JClass("java.util.ArrayList")()
    for i in items:
        out.add(i)
    return out


def _progress_stream(on):
    import jpype
    return jpype.JClass("java.lang.System").err if on else None


def _shapes(shape):
    import jpype
    if isinstance(shape, dict):
        items = list(shape.items())
    elif isinstance(shape, (list, tuple)) and all(isinstance(d, numbers.Integral) for d in shape):
        items = [("x", shape)]
    else:
        raise InvalidArgumentError(f"shape takes {{input name: dims}} or the dims of one input, got {shape!r}")
    m = jpype.JClass("java.util.LinkedHashMap")()
    for name, dims in items:
        if not isinstance(dims, (list, tuple)) or not all(
                isinstance(d, numbers.Integral) and not isinstance(d, bool) for d in dims):
            raise InvalidArgumentError(f"shape of '{name}' must be a list of whole numbers, got {dims!r}")
        m.put(name, jpype.JArray(jpype.JLong)([int(d) for d in dims]))
    return m


def _attributes(attrs):
    import jpype
    attribute = jpype.JClass("io.orpheus.api.graph.Attribute")
    out = jpype.JClass("java.util.ArrayList")()
    for name, v in (attrs or {}).items():
        if isinstance(v, bool):
            raise InvalidArgumentError(f"attribute '{name}': give 0 or 1, not {v!r}")
        if isinstance(v, numbers.Integral):
            out.add(attribute.ofInt(name, int(v)))
        elif isinstance(v, numbers.Real):
            out.add(attribute.ofFloat(name, float(v)))
        elif isinstance(v, str):
            out.add(attribute.ofString(name, v))
        elif isinstance(v, (list, tuple)) and v and all(
                isinstance(x, numbers.Integral) and not isinstance(x, bool) for x in v):
            out.add(attribute.ofInts(name, jpype.JArray(jpype.JLong)([int(x) for x in v])))
        elif isinstance(v, (list, tuple)) and v and all(isinstance(x, numbers.Real) for x in v):
            out.add(attribute.ofFloats(name, jpype.JArray(jpype.JFloat)([float(x) for x in v])))
        else:
            raise InvalidArgumentError(f"attribute '{name}': {v!r} is not an int, float, string or non-empty "
                                       "list of ints or floats")
    return out
