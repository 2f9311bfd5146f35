"""NumPy arrays to Orpheus tensors and back, each way with at most one copy.

In: the array's memory is wrapped as a native tensor (no copy); the runtime copies it to the heap
once, when a heap kernel first reads it. A read-only array is copied straight into a Java array
instead. Out: the runtime hands back heap tensors; each is copied once, with one bulk memory copy,
into a new array.
"""

import numpy as np

from ._errors import InvalidInputError, OrpheusError

# NumPy dtype to the ONNX element type whose heap storage has the same bytes per element.
_NUMPY_TO_ONNX = {
    np.dtype(np.float32): "FLOAT",
    np.dtype(np.float64): "DOUBLE",
    np.dtype(np.float16): "FLOAT16",
    np.dtype(np.int8): "INT8",
    np.dtype(np.uint8): "UINT8",
    np.dtype(np.int16): "INT16",
    np.dtype(np.uint16): "UINT16",
    np.dtype(np.int32): "INT32",
    np.dtype(np.uint32): "UINT32",
    np.dtype(np.int64): "INT64",
    np.dtype(np.uint64): "UINT64",
    np.dtype(np.bool_): "BOOL",
}
_ONNX_TO_NUMPY = {v: k for k, v in _NUMPY_TO_ONNX.items()}


def numpy_dtype(onnx_name):
    """The NumPy dtype for an ONNX element type name (e.g. "FLOAT"), or None when NumPy has none."""
    return _ONNX_TO_NUMPY.get(onnx_name)


def dtype_name(onnx_name):
    """A dtype's user-facing name: NumPy's ("float32") where NumPy has the type, else ONNX's in lower case."""
    if onnx_name is None:
        return None
    d = _ONNX_TO_NUMPY.get(onnx_name)
    return d.name if d is not None else onnx_name.lower()


class Converter:
    """Holds the Java classes the conversions use (looked up once: each JPype lookup costs time)."""

    def __init__(self):
        import jpype
        import jpype.nio
        self._to_buffer = jpype.nio.convertToDirectBuffer
        self.Tensor = jpype.JClass("io.orpheus.api.Tensor")
        self.HashMap = jpype.JClass("java.util.HashMap")
        self._segment = jpype.JClass("java.lang.foreign.MemorySegment")
        data_type = jpype.JClass("io.orpheus.api.DataType")
        self._java_dtype = {np_dtype: getattr(data_type, name) for np_dtype, name in _NUMPY_TO_ONNX.items()}
        # Keyed by the enum constants themselves: one JPype call per output finds its dtype.
        self._numpy_by_java = {getattr(data_type, name): np_dtype for np_dtype, name in _NUMPY_TO_ONNX.items()}
        self._long_array = jpype.JArray(jpype.JLong)
        self._java_array = {
            "FLOAT": jpype.JArray(jpype.JFloat), "DOUBLE": jpype.JArray(jpype.JDouble),
            "FLOAT16": jpype.JArray(jpype.JShort), "INT8": jpype.JArray(jpype.JByte),
            "UINT8": jpype.JArray(jpype.JByte), "INT16": jpype.JArray(jpype.JShort),
            "UINT16": jpype.JArray(jpype.JShort), "INT32": jpype.JArray(jpype.JInt),
            "UINT32": jpype.JArray(jpype.JInt), "INT64": jpype.JArray(jpype.JLong),
            "UINT64": jpype.JArray(jpype.JLong), "BOOL": jpype.JArray(jpype.JByte),
        }
        # The signed NumPy type of the same width: how JPype's array slices take the bytes.
        self._signed = {"UINT8": np.int8, "BOOL": np.int8, "UINT16": np.int16, "FLOAT16": np.int16,
                        "UINT32": np.int32, "UINT64": np.int64}

    def to_tensor(self, name, value, declared_dtype=None):
        """A Java Tensor holding ``value``: an ndarray, or anything np.asarray takes (then of the declared dtype)."""
        if isinstance(value, np.ndarray):
            arr = value
        else:
            arr = np.asarray(value, dtype=declared_dtype)
        java_dtype = self._java_dtype.get(arr.dtype.newbyteorder("="))
        if java_dtype is None:
            raise InvalidInputError(f"input '{name}' has dtype {arr.dtype}, which Orpheus cannot take from NumPy "
                                    f"(supported: {', '.join(sorted(d.name for d in _NUMPY_TO_ONNX))})")
        if not arr.dtype.isnative:
            arr = arr.astype(arr.dtype.newbyteorder("="))
        if not arr.flags.c_contiguous:
            arr = np.ascontiguousarray(arr)
        shape = self._long_array(arr.shape)
        if arr.size == 0:
            return self.Tensor.allocate(java_dtype, shape)
        if arr.flags.writeable:
            segment = self._segment.ofBuffer(self._to_buffer(arr.reshape(-1).view(np.uint8)))
            return self.Tensor.wrapNative(java_dtype, segment, shape)
        onnx = _NUMPY_TO_ONNX[arr.dtype.newbyteorder("=")]
        java = self._java_array[onnx](arr.size)
        flat = arr.reshape(-1)
        java[:] = flat.view(self._signed[onnx]) if onnx in self._signed else flat
        return self.Tensor.wrap(java_dtype, java, shape)

    def feeds(self, inputs, declared):
        """A java.util.Map of Tensors from a dict of arrays; ``declared`` maps input names to NumPy dtypes."""
        feeds = self.HashMap()
        for name, value in inputs.items():
            if not isinstance(name, str):
                raise InvalidInputError(f"input names must be strings, got {name!r}")
            feeds.put(name, self.to_tensor(name, value, declared.get(name)))
        return feeds

    def to_numpy(self, tensor):
        """A new array with a heap tensor's elements (one copy), or None for dtypes NumPy lacks."""
        np_dtype = self._numpy_by_java.get(tensor.dtype())
        if np_dtype is None:
            return None
        shape = tuple(tensor.shape())
        out = np.empty(shape, dtype=np_dtype)
        if out.size:
            target = self._segment.ofBuffer(self._to_buffer(out.reshape(-1).view(np.uint8)))
            target.copyFrom(self._segment.ofArray(tensor.toHeap().array()))
        return out

    def outputs(self, java_map, names=None):
        """{name: ndarray} of a Java map of tensors; ``names`` (the model's outputs) spares iterating it."""
        if names is None:
            names = [str(k) for k in java_map.keySet()]
        result = {}
        for name in names:
            tensor = java_map.get(name)
            if tensor is None:
                raise OrpheusError(f"the run produced no value for output '{name}'")
            arr = self.to_numpy(tensor)
            if arr is None:
                raise OrpheusError(f"output '{name}' is {tensor.dtype()}, which NumPy cannot hold")
            result[name] = arr
        return result
