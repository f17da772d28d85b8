"""A fresh clone installs what was tested: constraints.txt pins every package, and the venv holds them.

`make demo` and `make test` install with `--constraint constraints.txt` (`make lock` refreshes
it); pyproject.toml keeps the ranges for people who `pip install` the package. CI runs
`.ci/run`, which runs `make test` in a clean virtual environment made from the lock.
"""

from __future__ import annotations

import re
from importlib import metadata

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from .conftest import PROJECT


def _pins() -> dict[str, str]:
    pins = {}
    for line in (PROJECT / "constraints.txt").read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, _, version = line.partition("==")
            assert version, f"constraints.txt: '{line}' is not pinned with =="
            pins[canonicalize_name(name)] = version
    return pins


def _requirements() -> list[Requirement]:
    """pyproject.toml's dependencies and test extras, as installed (make reinstalls when it changes)."""
    return [Requirement(text) for text in metadata.requires("facilitator") or []]


@pytest.mark.parametrize("requirement", _requirements(), ids=str)
def test_every_dependency_is_pinned_within_its_range(requirement: Requirement):
    pins = _pins()
    name = canonicalize_name(requirement.name)
    assert name in pins, f"constraints.txt does not pin {requirement.name}; run `make lock`"
    assert requirement.specifier.contains(pins[name], prereleases=True), (
        f"constraints.txt pins {requirement.name}=={pins[name]}, outside pyproject.toml's {requirement}"
    )


def test_the_venv_holds_the_pinned_versions():
    """What the tests run with is what the lock says (make reinstalls when constraints.txt changes)."""
    wrong = {}
    for name, version in _pins().items():
        try:
            installed = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue  # a platform-specific package this machine does not need
        if installed != version:
            wrong[name] = (installed, version)
    assert wrong == {}, "installed vs locked; run `make test`, which reinstalls from constraints.txt"


def test_make_installs_from_the_lock():
    makefile = (PROJECT / "Makefile").read_text(encoding="utf-8")
    installs = [line for line in makefile.splitlines() if re.search(r"pip install .*-e ", line)]
    assert installs and all("--constraint constraints.txt" in line for line in installs if "VENV" in line)
    rule = re.search(r"^\$\(VENV\)/\.installed: (.*)$", makefile, re.M)
    assert rule and "constraints.txt" in rule[1].split()
