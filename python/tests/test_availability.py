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


def test_huge_pages_follow_the_kernel_and_the_switch(tmp_path, monkeypatch):
    try:
        from orpheus import _jvm
    except ImportError as e:
        pytest.skip(f"the orpheus package is not importable by this interpreter ({e})")
    madvise = tmp_path / "madvise"
    madvise.write_text("always [madvise] never\n")
    never = tmp_path / "never"
    never.write_text("always madvise [never]\n")
    assert _jvm.kernel_offers_huge_pages(str(madvise))
    assert not _jvm.kernel_offers_huge_pages(str(never))
    assert not _jvm.kernel_offers_huge_pages(str(tmp_path / "absent"))
    monkeypatch.setattr(_jvm, "kernel_offers_huge_pages", lambda: True)
    monkeypatch.delenv("ORPHEUS_HUGE_PAGES", raising=False)
    assert "-XX:+UseTransparentHugePages" in _jvm.jvm_options()
    monkeypatch.setenv("ORPHEUS_HUGE_PAGES", "off")
    assert "-XX:+UseTransparentHugePages" not in _jvm.jvm_options()
    monkeypatch.setattr(_jvm, "kernel_offers_huge_pages", lambda: False)
    monkeypatch.delenv("ORPHEUS_HUGE_PAGES")
    assert "-XX:+UseTransparentHugePages" not in _jvm.jvm_options()
