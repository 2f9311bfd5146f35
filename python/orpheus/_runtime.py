"""The embedded Orpheus runtime of this process (built once, on first use)."""

import os
import threading

from . import _jvm
from ._errors import java_errors

_lock = threading.Lock()
_runtime = None


class Runtime:
    def __init__(self):
        import jpype
        from ._tensors import Converter
        self.SessionOptions = jpype.JClass("io.orpheus.runtime.SessionOptions")
        self._File = jpype.JClass("java.io.File")
        self.orpheus = jpype.JClass("io.orpheus.runtime.Orpheus").embedded()
        self.converter = Converter()

    def path(self, p):
        """A java.nio.file.Path for a Python path (absolute, so the JVM's working directory does not matter)."""
        return self._File(os.path.abspath(os.fspath(p))).toPath()


def get():
    """The runtime, starting the JVM on first use."""
    global _runtime
    if _runtime is None:
        with _lock:
            if _runtime is None:
                _jvm.ensure_started()
                with java_errors():
                    _runtime = Runtime()
    return _runtime
