"""Small ONNX models for the tests, written with the onnx package."""

import pytest

onnx = pytest.importorskip("onnx", reason="the onnx package (python3-onnx) writes the test models")
from onnx import TensorProto, helper  # noqa: E402

ELEMENT = {
    "float32": TensorProto.FLOAT, "float64": TensorProto.DOUBLE, "float16": TensorProto.FLOAT16,
    "int8": TensorProto.INT8, "uint8": TensorProto.UINT8, "int16": TensorProto.INT16,
    "int32": TensorProto.INT32, "int64": TensorProto.INT64, "bool": TensorProto.BOOL,
}


def _save(graph, path, opset=17):
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)], ir_version=8)
    onnx.checker.check_model(model)
    onnx.save(model, str(path))
    return str(path)


def unary(path, op, dtype, shape, out_dtype=None):
    """y = op(x)."""
    x = helper.make_tensor_value_info("x", ELEMENT[dtype], list(shape))
    y = helper.make_tensor_value_info("y", ELEMENT[out_dtype or dtype], list(shape))
    node = helper.make_node(op, ["x"], ["y"], name=op.lower() + "_node")
    return _save(helper.make_graph([node], f"{op}-{dtype}", [x], [y]), path)


def binary(path, op, dtype, shape, out_dtype=None):
    """z = op(a, b), plus the input passed through as a second output "a_copy"."""
    a = helper.make_tensor_value_info("a", ELEMENT[dtype], list(shape))
    b = helper.make_tensor_value_info("b", ELEMENT[dtype], list(shape))
    z = helper.make_tensor_value_info("z", ELEMENT[out_dtype or dtype], list(shape))
    copy = helper.make_tensor_value_info("a_copy", ELEMENT[dtype], list(shape))
    nodes = [helper.make_node(op, ["a", "b"], ["z"], name="combine"),
             helper.make_node("Identity", ["a"], ["a_copy"], name="copy")]
    return _save(helper.make_graph(nodes, f"{op}-{dtype}", [a, b], [z, copy]), path)
