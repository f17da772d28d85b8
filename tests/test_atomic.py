"""Atomic builds: a failed build leaves the previous outputs as they were; unchanged inputs build nothing."""

from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.build.manifest import MANIFEST_NAME
from facilitator.cli import cli
from facilitator.errors import BuildError
from facilitator.render import RENDERERS, Output

PROJECT = Path(__file__).resolve().parent.parent
MINIMAL = PROJECT / "tests" / "roots" / "minimal"


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    """A private copy of the minimal workshop (with its library), free to edit."""
    shutil.copytree(MINIMAL, tmp_path / "src")
    return tmp_path / "src" / "workshop.yaml"


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def _break_renderer(monkeypatch: pytest.MonkeyPatch, name: str) -> None:
    module = importlib.import_module(RENDERERS[name])

    def boom(*args: object, **kwargs: object) -> list[Output]:
        raise RuntimeError(f"{name} renderer failed on purpose")

    monkeypatch.setattr(module, "render", boom)


def test_a_failing_last_renderer_leaves_the_previous_build_untouched(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    first = api.build(workshop, out)
    folder = first.out_dir
    before = _snapshot(folder)
    assert MANIFEST_NAME in before and len(before) == len(first.written) + 1

    workshop.write_text(workshop.read_text(encoding="utf-8").replace("A small test", "A changed test"))
    _break_renderer(monkeypatch, list(RENDERERS)[-1])
    with pytest.raises(RuntimeError, match="on purpose"):
        api.build(workshop, out)
    assert _snapshot(folder) == before  # byte for byte, manifest included; no temporary files

    result = CliRunner().invoke(cli, ["build", str(workshop), "--out", str(out)])
    assert result.exit_code == 1
    assert "internal error" in result.stderr and "Traceback" not in result.stderr
    assert _snapshot(folder) == before


def test_a_failure_while_staging_removes_every_temporary_file(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    folder = api.build(workshop, out).out_dir
    before = _snapshot(folder)
    calls = {"n": 0}
    real_fsync = os.fsync

    def failing_fsync(fd: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", failing_fsync)
    with pytest.raises(OSError, match="No space"):
        api.build(workshop, out, force=True)
    assert _snapshot(folder) == before


def test_a_build_killed_between_renames_is_never_taken_for_up_to_date(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    folder = api.build(workshop, out).out_dir
    real_replace = os.replace
    calls = {"n": 0}

    def dying_replace(src: str | Path, dst: str | Path, **in_folder: int) -> None:
        calls["n"] += 1
        if calls["n"] == 2:
            raise KeyboardInterrupt
        real_replace(src, dst, **in_folder)

    monkeypatch.setattr(os, "replace", dying_replace)
    with pytest.raises(KeyboardInterrupt):
        api.build(workshop, out, force=True)
    monkeypatch.setattr(os, "replace", real_replace)
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    assert api.build(workshop, out).up_to_date is False  # no manifest: it rebuilds


def test_unchanged_inputs_write_nothing_and_force_rebuilds(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    runner = CliRunner()
    first = runner.invoke(cli, ["build", str(workshop), "--out", str(out)])
    assert first.exit_code == 0 and "wrote" in first.stdout
    folder = out / "minimal"
    stamps = {p.name: p.stat().st_mtime_ns for p in folder.iterdir()}

    again = runner.invoke(cli, ["build", str(workshop), "--out", str(out)])
    assert again.exit_code == 0
    assert "up to date" in again.stdout and "wrote" not in again.stdout
    assert {p.name: p.stat().st_mtime_ns for p in folder.iterdir()} == stamps

    forced = runner.invoke(cli, ["build", str(workshop), "--out", str(out), "--force"])
    assert "wrote" in forced.stdout and "up to date" not in forced.stdout

    # Any change to what the outputs depend on rebuilds: the file, an option, an altered output.
    workshop.write_text(workshop.read_text(encoding="utf-8").replace("Room 1", "Room 2"))
    assert api.build(workshop, out).up_to_date is False
    assert api.build(workshop, out).up_to_date is True
    assert api.build(workshop, out, paper="a4").up_to_date is False
    assert api.build(workshop, out, only=["guide"]).up_to_date is False
    assert api.build(workshop, out, only=["guide"]).up_to_date is True
    (folder / "guide.md").write_text("edited by hand\n", encoding="utf-8")
    assert api.build(workshop, out, only=["guide"]).up_to_date is False


def test_a_library_change_rebuilds(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    api.build(workshop, out, only=["guide"])
    item = workshop.parent / "library" / "primer" / "local-basics.yaml"
    text = item.read_text(encoding="utf-8")
    item.write_text(text.replace("title: ", "title: Changed ", 1), encoding="utf-8")
    assert api.build(workshop, out, only=["guide"]).up_to_date is False


def test_a_renderer_cannot_write_outside_its_folder(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    module = importlib.import_module(RENDERERS["guide"])
    monkeypatch.setattr(module, "render", lambda plan, **kw: [Output("../escaped.txt", b"x", "")])
    with pytest.raises(BuildError, match="only its own files"):
        api.build(workshop, tmp_path / "out", only=["guide"])
    assert not (tmp_path / "out" / "escaped.txt").exists()
    assert not any((tmp_path / "out").rglob("*.tmp"))


def test_outputs_are_readable_like_any_new_file(workshop: Path, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        result = api.build(workshop, tmp_path / "out", only=["guide"])
    finally:
        os.umask(old)
    assert {target.name: oct(target.stat().st_mode & 0o777) for target, _ in result.written} == {
        "guide.md": "0o644",
        "guide.html": "0o644",
        "guide.pdf": "0o644",
    }


def test_several_workshops_build_in_parallel_with_the_same_bytes(workshop: Path, tmp_path: Path) -> None:
    twin = workshop.parent / "twin.yaml"
    twin.write_text(workshop.read_text(encoding="utf-8").replace("id: minimal", "id: twin"), encoding="utf-8")
    plans = [api.load_plan(workshop), api.load_plan(twin)]
    serial = api.build_plans(plans, tmp_path / "serial", jobs=1)
    parallel = api.build_plans(plans, tmp_path / "parallel", jobs=2)
    assert [r.workshop_id for r in parallel] == ["minimal", "twin"]
    assert [_snapshot(r.out_dir) for r in parallel] == [_snapshot(r.out_dir) for r in serial]
    with pytest.raises(BuildError, match="two workshops have the id minimal"):
        api.build_plans([plans[0], plans[0]], tmp_path / "dup")
