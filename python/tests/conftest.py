"""Shared fixtures. Without JPype, NumPy or a built distribution every test skips, saying why (pytest -rs)."""

import os
import sys

import pytest

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, os.path.dirname(HERE))


def _unavailable_reason():
    for module, package in (("numpy", "python3-numpy"), ("jpype", "python3-jpype")):
        try:
            __import__(module)
        except ImportError as e:
            return f"{module} is not importable by {sys.executable} ({e}); install {package}"
    import orpheus
    try:
        orpheus.setup()
    except orpheus.OrpheusError as e:
        return str(e)
    return None


UNAVAILABLE = _unavailable_reason()

# Only the availability check is collected when Orpheus cannot run here: it skips with the reason.
collect_ignore_glob = ["test_[!a]*.py"] if UNAVAILABLE else []


@pytest.fixture(scope="session")
def models_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("models")


@pytest.fixture(scope="session")
def wrn_path(models_dir):
    import orpheus
    return orpheus.zoo("wrn_40_2", models_dir / "wrn_40_2.onnx", seed=3)
