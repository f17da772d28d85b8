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
# A small valid workshop, in two parts so that a test can put keys between them (5 + 7 lines).
HEADER = """id: small-case
title: Small case
date: 2027-01-15
start: "10:00"
duration: 30m
"""
AGENDA = """agenda:
  - opening: Welcome
    minutes: 10
  - primer: what-is-allyship
    minutes: 10
  - closing: Close
    minutes: 10
"""


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
