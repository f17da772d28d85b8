"""One workshop on several cores: the guide, handout and printables render in a forked process.

The files are the same as a build in one process makes, and so are the failures.
"""

from __future__ import annotations

import importlib
import os
import shutil
import signal
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.build import fork
from facilitator.cli import cli
from facilitator.errors import BuildError
from facilitator.render import RENDERERS, Output

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL = PROJECT / "tests" / "roots" / "minimal"
PRACTICE = PROJECT / "workshops" / "allyship-practice.yaml"
pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="needs os.fork")


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    """A private copy of the minimal workshop (with its library), free to edit."""
    shutil.copytree(MINIMAL, tmp_path / "src")
    return tmp_path / "src" / "workshop.yaml"


@pytest.fixture
def forks(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Two cores whatever the machine has; the list grows by one for every fork."""
    monkeypatch.setattr(fork, "cores", lambda: 2)
    calls: list[int] = []
    real_fork = os.fork

    def counting_fork() -> int:
        calls.append(1)
        return real_fork()

    monkeypatch.setattr(os, "fork", counting_fork)
    return calls


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_parallel_build_writes_the_same_files_in_the_same_order(tmp_path: Path, forks: list[int]) -> None:
    plan = api.load_plan(PRACTICE)
    serial = api.build_plan(plan, tmp_path / "serial", parallel=False)
    assert forks == []
    parallel = api.build_plan(plan, tmp_path / "parallel")
    assert forks == [1]
    assert _snapshot(serial.out_dir) == _snapshot(parallel.out_dir)  # manifest included
    assert [(p.name, s) for p, s in serial.written] == [(p.name, s) for p, s in parallel.written]
    assert api.build_plan(plan, tmp_path / "parallel").up_to_date


def test_one_process_when_asked_or_when_there_is_nothing_to_share(tmp_path: Path, forks: list[int]) -> None:
    plan = api.load_plan(MINIMAL / "workshop.yaml")
    api.build_plan(plan, tmp_path / "a", only=["guide"], force=True)
    api.build_plan(plan, tmp_path / "b", only=["deck", "calendar"], force=True)  # both here
    api.build_plan(plan, tmp_path / "b2", only=["guide", "handout"], force=True)  # both there: none here
    api.build_plans([plan], tmp_path / "c", jobs=1, force=True)
    workshop = str(MINIMAL / "workshop.yaml")
    result = CliRunner().invoke(cli, ["build", workshop, "--out", str(tmp_path / "d"), "--jobs", "1"])
    assert result.exit_code == 0, result.stderr
    assert forks == []
    result = CliRunner().invoke(cli, ["build", workshop, "--out", str(tmp_path / "e")])
    assert result.exit_code == 0 and forks == [1]
    api.build_plan(plan, tmp_path / "f", only=["deck", "handout"], force=True)  # one here, one there
    assert forks == [1, 1]


def test_a_failure_in_the_forked_renderer_fails_the_build_as_in_one_process(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    out = tmp_path / "out"
    folder = api.build(workshop, out).out_dir
    before = _snapshot(folder)
    parent = os.getpid()

    def boom(*args: object, **kwargs: object) -> list[Output]:
        where = "the parent" if os.getpid() == parent else "a child"
        raise RuntimeError(f"guide failed on purpose in {where}")

    monkeypatch.setattr(importlib.import_module(RENDERERS["guide"]), "render", boom)
    with pytest.raises(RuntimeError, match="on purpose in a child") as failure:
        api.build(workshop, out, force=True)
    assert "Traceback" in str(failure.value.__cause__)  # the child's, for the crash report
    assert _snapshot(folder) == before  # byte for byte, manifest included; no temporary files

    result = CliRunner().invoke(cli, ["build", str(workshop), "--out", str(out), "--force"])
    assert result.exit_code == 1
    assert "internal error: RuntimeError: guide failed on purpose in a child" in result.stderr
    assert _snapshot(folder) == before


def test_a_build_error_in_the_forked_renderer_is_one_line(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    module = importlib.import_module(RENDERERS["guide"])
    monkeypatch.setattr(module, "render", lambda plan, **kw: [Output("../escaped.txt", b"x", "")])
    result = CliRunner().invoke(cli, ["build", str(workshop), "--out", str(tmp_path / "out")])
    assert result.exit_code == 1 and forks == [1]
    assert result.stderr == (
        "error: a renderer asked to write '../escaped.txt'; a build writes only its own files\n"
    )
    assert not (tmp_path / "out" / "escaped.txt").exists()
    assert [p.name for p in (tmp_path / "out" / "minimal").iterdir()] == []


def test_a_killed_child_fails_the_build_and_leaves_no_temporary_files(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    out = tmp_path / "out"
    folder = api.build(workshop, out).out_dir
    before = _snapshot(folder)
    parent = os.getpid()
    real_fsync = os.fsync

    def dying_fsync(fd: int) -> None:  # the child dies with a file half staged
        if os.getpid() != parent:
            os.kill(os.getpid(), signal.SIGKILL)
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", dying_fsync)
    killed = "the process rendering the guide, handout and printables was killed by signal SIGKILL"
    with pytest.raises(BuildError, match=killed):
        api.build(workshop, out, force=True)
    assert _snapshot(folder) == before

    result = CliRunner().invoke(cli, ["build", str(workshop), "--out", str(out), "--force"])
    assert result.exit_code == 1
    assert result.stderr == f"error: {killed}\n"
    assert _snapshot(folder) == before


def test_a_failure_here_stops_the_child_and_removes_its_files(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, forks: list[int]
) -> None:
    out = tmp_path / "out"
    folder = api.build(workshop, out).out_dir
    before = _snapshot(folder)

    def boom(*args: object, **kwargs: object) -> list[Output]:
        raise RuntimeError("deck failed on purpose")

    monkeypatch.setattr(importlib.import_module(RENDERERS["deck"]), "render", boom)
    with pytest.raises(RuntimeError, match="deck failed on purpose"):
        api.build(workshop, out, force=True)
    assert len(forks) == 2  # the first build's, and this one's
    assert _snapshot(folder) == before
