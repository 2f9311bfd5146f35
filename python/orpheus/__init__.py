"""Orpheus from Python: load ONNX models, run them on NumPy arrays, benchmark them.

    import numpy as np, orpheus
    model = orpheus.load("resnet50.onnx")
    with model.session(threads=2) as s:
        out = s.run({"input": np.zeros((1, 3, 224, 224), np.float32)})

The first call starts a JVM in this process (JPype) with the distribution's jars: ORPHEUS_HOME
(default: distribution/target/orpheus of the checkout this package sits in) and Java 25
(ORPHEUS_JAVA_HOME, else JAVA_HOME, else /usr/lib/jvm/temurin-25-jdk-amd64). ORPHEUS_HEAP sets the
maximum heap (e.g. 8g), ORPHEUS_OPTS more JVM options, ORPHEUS_CLASSPATH extra jars (e.g. ONNX
Runtime's, for bench(compare="ort")). Java exceptions arrive as OrpheusError subclasses with the Java
message; ORPHEUS_DEBUG=1 (or set_debug(True)) adds the Java stack trace.
"""

from ._errors import (InvalidArgumentError, InvalidInputError, KernelError, ModelLoadError, OrpheusError,
                      ShapeInferenceError, UnsupportedModelError, set_debug)
from ._model import Model, Session, TensorInfo, load
from ._tools import backends, bench, impls, layer_bench, zoo, zoo_input, zoo_names

__version__ = "0.1.0"

__all__ = [
    "load", "Model", "Session", "TensorInfo",
    "backends", "impls", "bench", "layer_bench", "zoo", "zoo_names", "zoo_input",
    "OrpheusError", "ModelLoadError", "UnsupportedModelError", "InvalidInputError", "InvalidArgumentError",
    "KernelError", "ShapeInferenceError", "set_debug", "setup",
]


def setup():
    """Where Java, the distribution and the jars are found (starts nothing)."""
    from ._jvm import setup as _setup
    return _setup()
