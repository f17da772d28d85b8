"""Shared fixtures: paths to the project's folders and a helper to write workshop files.

In CI (the `CI` environment variable set, as `.ci/run` does) a skipped test fails: CI installs
LibreOffice, Chromium, poppler and every other program the tests use, and finds the seed
primers beside the project, so a skip there means a real check silently did not run.
Elsewhere a test whose program is missing skips, saying why.

`real_template` / `real_templates` (LibreOffice's shipped templates and pandoc's
reference deck, converted once per session) are defined in `tests/real_templates.py`.
"""

from __future__ import annotations

import os
import re
import signal
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.hostile import AGENDA, HEADER  # noqa: F401  (a small valid workshop, in two parts)
from tests.real_templates import _real_template_set, real_template, real_templates  # noqa: F401  (fixtures)

PROJECT = Path(__file__).resolve().parent.parent
ROOTS = PROJECT / "tests" / "roots"
MINIMAL = ROOTS / "minimal" / "workshop.yaml"
# Every ready workshop, English and French. Tests that read what an output says in English
# (labels such as "Support after today") take READY_WORKSHOPS, the English ones; tests that
# hold in any language take ALL_READY_WORKSHOPS, and tests/test_i18n.py reads the French ones.
ALL_READY_WORKSHOPS = sorted((PROJECT / "workshops").glob("*.yaml"))
FRENCH_READY_WORKSHOPS = [p for p in ALL_READY_WORKSHOPS if re.search(r"^language: fr", p.read_text(), re.M)]
READY_WORKSHOPS = [p for p in ALL_READY_WORKSHOPS if p not in FRENCH_READY_WORKSHOPS]


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


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> object:
    """In CI, turn a skip into a failure that says what did not run."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and os.environ.get("CI") and not hasattr(report, "wasxfail"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every check must run: {reason}"


@pytest.hookimpl(hookwrapper=True)
def pytest_make_collect_report(collector: pytest.Collector) -> object:
    """In CI, turn a module skipped at collection (`importorskip`, a module-level skip) into a failure."""
    outcome = yield
    report = outcome.get_result()  # type: ignore[attr-defined]
    if report.skipped and os.environ.get("CI"):
        reason = report.longrepr[2] if isinstance(report.longrepr, tuple) else str(report.longrepr)
        report.outcome = "failed"
        report.longrepr = f"skipped in CI, where every check must run: {reason}"


def default_sigint() -> None:
    """In a child process before it runs: Ctrl-C does what it does in a terminal.

    A shell starts a background job (`make test &`) with SIGINT ignored, and a child inherits
    that; a Python started so never turns SIGINT into KeyboardInterrupt, and a watch would not stop.
    Pass it as `preexec_fn` to a command the test stops with SIGINT.
    """
    signal.signal(signal.SIGINT, signal.SIG_DFL)
