"""Java exceptions arrive as OrpheusError subclasses with the Java message, without the Java stack."""

import numpy as np
import pytest

import orpheus
from onnx_models import binary, unary


@pytest.fixture(scope="module")
def neg_model(models_dir):
    return orpheus.load(unary(models_dir / "neg_errors.onnx", "Neg", "float32", (2, 3)))


def test_unknown_input_name_is_an_invalid_input_error_with_the_java_message(neg_model):
    with neg_model.session() as s:
        with pytest.raises(orpheus.InvalidInputError) as e:
            s.run({"nope": np.zeros((2, 3), np.float32)})
    assert str(e.value).startswith("unknown input 'nope'")
    assert "the model's inputs are" in str(e.value)
    assert e.value.java_class == "io.orpheus.api.InvalidInputException"
    assert "\tat " not in str(e.value) and e.value.java_stack is None
    assert e.value.__cause__ is None and e.value.__suppress_context__
    assert isinstance(e.value, ValueError) and isinstance(e.value, orpheus.OrpheusError)


def test_wrong_dtype_and_shape_name_the_input(neg_model):
    with neg_model.session() as s:
        with pytest.raises(orpheus.InvalidInputError, match="input 'x' must be FLOAT, got INT32"):
            s.run({"x": np.zeros((2, 3), np.int32)})
        with pytest.raises(orpheus.InvalidInputError, match="input 'x' must have shape"):
            s.run({"x": np.zeros((3, 2), np.float32)})
        with pytest.raises(orpheus.InvalidInputError, match="missing input"):
            s.run({})
        with pytest.raises(orpheus.InvalidInputError, match="complex64"):
            s.run({"x": np.zeros((2, 3), np.complex64)})


def test_missing_file_is_a_model_load_error(tmp_path):
    missing = tmp_path / "absent.onnx"
    with pytest.raises(orpheus.ModelLoadError) as e:
        orpheus.load(missing)
    assert "no such file" in str(e.value)
    assert e.value.source == str(missing)
    assert e.value.reason == "no such file"
    assert e.value.java_class == "io.orpheus.api.ModelLoadException"


def test_malformed_file_is_a_model_load_error(tmp_path):
    junk = tmp_path / "junk.onnx"
    junk.write_bytes(b"\x08\x07this is not a protobuf model\xff\xff\xff")
    with pytest.raises(orpheus.ModelLoadError):
        orpheus.load(junk)


def test_unsupported_model_lists_the_nodes(models_dir):
    with pytest.raises(orpheus.UnsupportedModelError) as e:
        orpheus.load(_xor(models_dir))
    assert e.value.problems and e.value.problems[0]["node"] == "combine"
    assert e.value.problems[0]["op"] == "Xor"
    assert isinstance(e.value, orpheus.ModelLoadError)


def _xor(models_dir):
    return binary(models_dir / "xor_unsupported.onnx", "Xor", "bool", (2,))


def test_unknown_backend_and_impl_are_refused(neg_model):
    with pytest.raises(orpheus.InvalidArgumentError, match="unknown backend 'gpu'"):
        neg_model.session(backend="gpu")
    with pytest.raises(orpheus.InvalidArgumentError, match="no operator type or node named 'Conv'"):
        neg_model.session(impl={"Conv": "simd.conv"})
    with pytest.raises(orpheus.OrpheusError, match="threads must be at least 1"):
        neg_model.session(threads=0)


def test_closed_session_refuses_to_run(neg_model):
    s = neg_model.session()
    s.close()
    with pytest.raises(orpheus.OrpheusError, match="closed"):
        s.run({"x": np.zeros((2, 3), np.float32)})


def test_debug_adds_the_java_stack_trace(tmp_path):
    orpheus.set_debug(True)
    try:
        with pytest.raises(orpheus.ModelLoadError) as e:
            orpheus.load(tmp_path / "absent.onnx")
    finally:
        orpheus.set_debug(None)
    assert "--- Java stack trace ---" in str(e.value)
    assert "at io.orpheus.runtime.Orpheus.load" in e.value.java_stack


def test_other_java_exceptions_are_orpheus_errors_named_by_their_class(neg_model):
    s = neg_model.session()
    s._java.close()  # closed behind the Python object's back: the Java session itself refuses
    with pytest.raises(orpheus.OrpheusError) as e:
        s.run({"x": np.zeros((2, 3), np.float32)})
    assert type(e.value) is orpheus.OrpheusError
    assert e.value.java_class == "java.lang.IllegalStateException"
    assert str(e.value) == "java.lang.IllegalStateException: session is closed"
    s.close()
