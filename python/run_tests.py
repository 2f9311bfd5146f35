"""Runs the Python test suite for the Maven build: exit status 0 when the tests pass or cannot run here
(the reason is printed), pytest's status when a test fails. Usage: python3 run_tests.py [PYTEST ARGS...]."""

import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def missing_tools():
    missing = []
    for module, package in (("pytest", "python3-pytest"), ("jpype", "python3-jpype"), ("numpy", "python3-numpy")):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"{module} ({package})")
    return missing


def main(argv):
    missing = missing_tools()
    if missing:
        print(f"[orpheus-python] SKIPPED: the Python tests need {', '.join(missing)} for {sys.executable}")
        return 0
    import pytest
    # Bytecode and pytest's cache stay out of the source tree.
    sys.dont_write_bytecode = True
    paths = [] if any(not a.startswith("-") for a in argv) else [os.path.join(HERE, "tests")]
    return int(pytest.main(["-rs", "-p", "no:cacheprovider"] + paths + argv))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
