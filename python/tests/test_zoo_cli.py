"""A zoo network run from Python gives what the Java command line writes for the same file and input."""

import os
import subprocess

import numpy as np
import pytest

import orpheus


def _cli(args, cwd):
    s = orpheus.setup()
    launcher = os.path.join(s.orpheus_home, "bin", "orpheus")
    if not os.access(launcher, os.X_OK):
        pytest.skip(f"{launcher} is missing: the command-line comparison needs the whole distribution")
    env = dict(os.environ, JAVA_HOME=s.java_home)
    done = subprocess.run([launcher] + args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"bin/orpheus {' '.join(args)} failed:\n{done.stdout}\n{done.stderr}"
    return done.stdout


@pytest.mark.parametrize("backend", ["reference", None])
def test_wrn_40_2_matches_the_command_line(wrn_path, tmp_path, backend):
    x = orpheus.zoo_input("wrn_40_2", seed=11)
    assert x.shape == (1, 3, 32, 32) and x.dtype == np.float32
    np.save(tmp_path / "x.npy", x)
    args = ["run", str(wrn_path), "--input", f"input={tmp_path / 'x.npy'}", "--output", str(tmp_path / "out"),
            "--threads", "1"] + (["--backend", backend] if backend else [])
    _cli(args, tmp_path)
    expected = np.load(tmp_path / "out" / "output.npy")
    model = orpheus.load(wrn_path)
    with model.session(threads=1, backend=backend) as s:
        actual = s.run({"input": x})["output"]
    assert actual.shape == expected.shape == (1, 10)
    if backend == "reference":
        # One deterministic implementation per node on both sides: the same bits.
        np.testing.assert_array_equal(actual, expected)
    else:
        # The container admits implementations after its conformance run; the plans may differ in
        # which fast kernel runs a node, so only float rounding may differ.
        np.testing.assert_allclose(actual, expected, rtol=1e-4, atol=1e-5)


def test_zoo_writes_a_loadable_network(models_dir):
    path = orpheus.zoo("mobilenet_v1", models_dir / "mobilenet.onnx")
    model = orpheus.load(path)
    assert model.inputs == [orpheus.TensorInfo("input", "float32", (1, 3, 224, 224))]
    assert model.outputs[0].name == "output"
    assert model.op_counts["Conv"] > 10


def test_zoo_refuses_unknown_names(tmp_path):
    with pytest.raises(orpheus.InvalidArgumentError, match="unknown network 'lenet'; valid names: resnet18"):
        orpheus.zoo("lenet", tmp_path / "x.onnx")
