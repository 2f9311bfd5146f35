"""Models and sessions."""

import numbers
import os
import weakref
from typing import NamedTuple, Optional, Tuple, Union

from . import _runtime
from ._errors import InvalidArgumentError, OrpheusError, java_errors
from ._tensors import dtype_name, numpy_dtype

Dim = Union[int, str, None]


class TensorInfo(NamedTuple):
    """A model input or output. ``dtype`` is NumPy's name ("float32"), or ONNX's ("bfloat16") where
    NumPy has no such type; ``shape`` holds an int per known dimension, the parameter's name per
    symbolic one (e.g. "batch"), None per unknown one; it is None when even the rank is unknown."""

    name: str
    dtype: Optional[str]
    shape: Optional[Tuple[Dim, ...]]


def _info(value_info):
    dtype = value_info.dtype()
    shape = None
    if value_info.hasRank():
        dims = []
        for d in value_info.shape():
            if d.isKnown():
                dims.append(int(d.value()))
            elif d.isSymbolic():
                dims.append(str(d.param()))
            else:
                dims.append(None)
        shape = tuple(dims)
    return TensorInfo(str(value_info.name()), dtype_name(str(dtype.name())) if dtype is not None else None, shape)


class Model:
    """A loaded, checked model. Make sessions from it with :meth:`session`."""

    def __init__(self, java_model, path):
        self._java = java_model
        self.path = path
        with java_errors():
            self.inputs = [_info(v) for v in java_model.inputs()]
            self.outputs = [_info(v) for v in java_model.outputs()]
            self.op_counts = {str(k): int(v) for k, v in ((e.getKey(), e.getValue())
                                                         for e in java_model.opCounts().entrySet())}
            graph = java_model.graph()
            self._node_names = {str(n.name()) for n in graph.nodes()}

    def session(self, threads=1, backend=None, impl=None, passes="all", options=None):
        """A session that runs this model.

        threads:  threads every kernel may use.
        backend:  a backend id or a list of them, most preferred first (None: every available one).
        impl:     {operator type or node name: implementation name}, e.g. {"Conv": "simd.conv"};
                  a key the model has as an operator type forces it for every such node.
        passes:   graph passes: "all", "none", "fold-bn,cse" (these plus what they need) or "-cse".
        options:  {key: value} strings backends read.
        """
        return Session(self, _options(self, threads, backend, impl, passes, options))

    def __repr__(self):
        return f"Model({self.path!r}, inputs={self.inputs}, outputs={self.outputs})"


def _options(model, threads, backend, impl, passes, options):
    rt = _runtime.get()
    with java_errors():
        o = rt.SessionOptions.defaults()
        if isinstance(threads, bool) or not isinstance(threads, numbers.Integral):
            raise InvalidArgumentError(f"threads must be a whole number, got {threads!r}")
        o.threads(int(threads))
        o.passes(passes if passes is not None else "all")
        if backend is not None:
            ids = [backend] if isinstance(backend, str) else list(backend)
            if not ids or not all(isinstance(i, str) for i in ids):
                raise InvalidArgumentError(f"backend takes an id or a list of ids, got {backend!r}")
            o.backends(ids)
        for key, name in (impl or {}).items():
            if key in model.op_counts:
                o.implForOp(key, name)
            elif key in model._node_names:
                o.implForNode(key, name)
            else:
                raise InvalidArgumentError(f"impl {{{key!r}: {name!r}}}: the model has no operator type or node "
                                           f"named '{key}'")
        for key, value in (options or {}).items():
            o.option(str(key), str(value))
        return o


class Session:
    """A model planned onto implementations; run it many times. Close it (or use ``with``) to free
    its kernels and worker threads."""

    def __init__(self, model, java_options):
        self.model = model
        self._rt = _runtime.get()
        with java_errors():
            self._java = model._java.newSession(java_options)
            self._declared = {str(v.name()): numpy_dtype(str(v.dtype().name())) if v.dtype() is not None else None
                              for v in model._java.inputs()}
        self._output_names = [o.name for o in model.outputs]
        self._closed = False
        # A session dropped without close() still frees its kernels and threads (not at exit: the JVM may be gone).
        self._finalizer = weakref.finalize(self, _close_quietly, self._java)
        self._finalizer.atexit = False

    def run(self, inputs):
        """Runs the model on {input name: array}; returns {output name: new ndarray}."""
        if self._closed:
            raise OrpheusError("session is closed")
        if not isinstance(inputs, dict):
            raise InvalidArgumentError(f"run takes a dict of input name to array, got {type(inputs).__name__}")
        conv = self._rt.converter
        with java_errors():
            feeds = conv.feeds(inputs, self._declared)
            return conv.outputs(self._java.run(feeds), self._output_names)

    def profile(self, inputs):
        """Runs once and times every node: {"outputs", "timings" (node, op, implementation, ms),
        "totalMs", "peakLiveBytes"}."""
        if self._closed:
            raise OrpheusError("session is closed")
        if not isinstance(inputs, dict):
            raise InvalidArgumentError(f"profile takes a dict of input name to array, got {type(inputs).__name__}")
        conv = self._rt.converter
        with java_errors():
            r = self._java.runProfiled(conv.feeds(inputs, self._declared))
            timings = [{"node": str(t.node()), "op": str(t.opType()), "implementation": str(t.implementation()),
                        "ms": int(t.nanos()) / 1e6} for t in r.timings()]
            return {"outputs": conv.outputs(r.outputs(), self._output_names), "timings": timings,
                    "totalMs": int(r.totalNanos()) / 1e6, "peakLiveBytes": int(r.peakLiveBytes())}

    def plan(self):
        """Which implementation runs each node and why: a list of dicts (node, op, implementation, why,
        passedOver, detail), in execution order."""
        with java_errors():
            return [{"node": str(s.node()), "op": str(s.opType()), "implementation": str(s.implementation()),
                     "why": str(s.why()), "passedOver": [str(p) for p in s.passedOver()],
                     "detail": str(s.detail())} for s in self._java.plan().steps()]

    def close(self):
        if not self._closed:
            self._closed = True
            self._finalizer.detach()
            with java_errors():
                self._java.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False

    def __repr__(self):
        return f"Session({self.model.path!r}{', closed' if self._closed else ''})"


def _close_quietly(java_session):
    import jpype
    if jpype.isJVMStarted():
        try:
            java_session.close()
        except Exception:  # a finalizer has no caller to tell
            pass


def load(path):
    """Loads an ONNX model file and checks that every node can run."""
    rt = _runtime.get()
    p = os.fspath(path)
    with java_errors():
        return Model(rt.orpheus.load(rt.path(p)), p)
