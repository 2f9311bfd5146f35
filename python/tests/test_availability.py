"""Says why the suite skipped, or checks where Orpheus was found."""

import os

import pytest

from conftest import UNAVAILABLE


def test_orpheus_can_start():
    if UNAVAILABLE:
        pytest.skip(UNAVAILABLE)
    import orpheus
    s = orpheus.setup()
    assert os.path.isfile(s.libjvm)
    assert any(os.path.basename(j).startswith("orpheus-runtime-") for j in s.classpath)
    assert "--add-modules=jdk.incubator.vector" in s.options
    assert orpheus.zoo_names()[:2] == ["resnet18", "resnet50"]
