"""Shared fixtures: paths to the project's folders and a helper to write workshop files."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
ROOTS = PROJECT / "tests" / "roots"
MINIMAL = ROOTS / "minimal" / "workshop.yaml"
READY_WORKSHOPS = sorted((PROJECT / "workshops").glob("*.yaml"))


@pytest.fixture
def write_yaml(tmp_path: Path) -> Callable[[str, str], Path]:
    """Return a function that writes dedented YAML text to a file in tmp_path."""

    def write(text: str, name: str = "workshop.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
        return path

    return write


@pytest.fixture(autouse=True)
def _run_in_project(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test from the project folder, as a facilitator would."""
    monkeypatch.chdir(PROJECT)
