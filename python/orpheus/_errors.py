"""Python exceptions for Java ones: the Java message, without the Java stack unless debugging."""

import contextlib
import functools
import os


class OrpheusError(Exception):
    """Any failure inside Orpheus. ``java_class`` names the Java exception (None for Python-side errors)."""

    def __init__(self, message, java_class=None, java_stack=None):
        super().__init__(message)
        self.message = message
        self.java_class = java_class
        self.java_stack = java_stack


class ModelLoadError(OrpheusError):
    """The model file is missing, unreadable, malformed or exceeds the import limits."""

    source = None
    element = None
    reason = None


class UnsupportedModelError(ModelLoadError):
    """Some nodes cannot run; ``problems`` lists each (node, op, domain, opset, why)."""

    problems = ()


class InvalidInputError(OrpheusError, ValueError):
    """An input is unknown, missing, or of the wrong dtype or shape."""


class InvalidArgumentError(OrpheusError, ValueError):
    """An argument Orpheus refused: an unknown backend or implementation, a bad option value."""


class KernelError(OrpheusError):
    """A kernel failed while running a node."""


class ShapeInferenceError(OrpheusError):
    """Types or shapes could not be inferred for some node."""


_debug = None

# Most specific first: the first Java class the exception is an instance of decides.
_JAVA_TO_PYTHON = (
    ("io.orpheus.api.InvalidInputException", InvalidInputError),
    ("io.orpheus.api.UnsupportedModelException", UnsupportedModelError),
    ("io.orpheus.api.ModelLoadException", ModelLoadError),
    ("io.orpheus.api.backend.KernelException", KernelError),
    ("io.orpheus.api.op.ShapeInferenceException", ShapeInferenceError),
    ("io.orpheus.api.OrpheusException", OrpheusError),
    ("java.lang.IllegalArgumentException", InvalidArgumentError),
)
_resolved = None


def set_debug(on):
    """With debug on, errors carry the Java stack trace (as does ORPHEUS_DEBUG=1)."""
    global _debug
    _debug = bool(on)


def debug():
    if _debug is not None:
        return _debug
    return os.environ.get("ORPHEUS_DEBUG", "").strip().lower() in ("1", "true", "yes", "on")


def _classes():
    global _resolved
    if _resolved is None:
        import jpype
        table = []
        for name, py in _JAVA_TO_PYTHON:
            try:
                table.append((jpype.JClass(name), py))
            except Exception:  # a class missing from an older distribution: its errors map to the base
                pass
        _resolved = table
    return _resolved


def _stack_text(throwable):
    import jpype
    writer = jpype.JClass("java.io.StringWriter")()
    throwable.printStackTrace(jpype.JClass("java.io.PrintWriter")(writer, True))
    return str(writer.toString())


def translate(throwable):
    """The Python exception for a Java Throwable."""
    java_class = str(throwable.getClass().getName())
    message = throwable.getMessage()
    text = str(message) if message is not None else java_class
    py = OrpheusError
    for cls, candidate in _classes():
        if isinstance(throwable, cls):
            py = candidate
            break
    if py is OrpheusError and message is not None and not java_class.startswith("io.orpheus."):
        # A JDK or library exception: its class says more than the bare message would.
        text = f"{java_class}: {text}"
    stack = _stack_text(throwable) if debug() else None
    err = py(text + ("\n--- Java stack trace ---\n" + stack if stack else ""), java_class, stack)
    if issubclass(py, ModelLoadError):
        err.source = str(throwable.source())
        err.element = str(throwable.element())
        err.reason = str(throwable.reason())
    if py is UnsupportedModelError:
        err.problems = tuple({"node": str(p.node()), "op": str(p.opType()), "domain": str(p.domain()),
                              "opset": int(p.opset()), "why": str(p.why())} for p in throwable.problems())
    return err


@contextlib.contextmanager
def java_errors():
    """Re-raises Java exceptions raised inside the block as OrpheusError subclasses."""
    import jpype
    try:
        yield
    except jpype.JException as e:
        err = translate(e)
        if debug():
            raise err from e
        raise err from None


def wraps_java(fn):
    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        with java_errors():
            return fn(*args, **kwargs)
    return wrapper
