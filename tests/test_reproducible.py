"""Reproducible builds: the same inputs give byte-identical outputs, build after build.

Each build runs in its own cold process with a different hash seed, a second
after the other, so neither the clock, set ordering nor any cache can leak in.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

PROJECT = Path(__file__).resolve().parent.parent
READY = sorted((PROJECT / "workshops").glob("allyship-*.yaml"))


def _start(out: Path, files: list[Path], **env: str) -> tuple[subprocess.Popen, Path]:
    """Start building `files` into `out` in a fresh process."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update({"PYTHONPATH": str(PROJECT), **env})
    proc = subprocess.Popen(
        [sys.executable, "-m", "facilitator", "build", *map(str, files), "--out", str(out)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=PROJECT,
        env=environ,
    )
    return proc, out


def _finish(started: tuple[subprocess.Popen, Path]) -> dict[str, str]:
    """Wait for a build; return {relative path: sha256} of every file it wrote."""
    proc, out = started
    _stdout, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


def _twice(
    first: Path, second: Path, files: list[Path], env: dict[str, str], seeds: bool
) -> tuple[dict, dict]:
    """Build `files` twice, side by side, the second started a second after the first.

    A second apart, any clock time stamped into a file would differ; with `seeds`, each
    process has its own hash seed, so set ordering cannot leak in either.
    """
    a = _start(first, files, **env, **({"PYTHONHASHSEED": "1"} if seeds else {}))
    time.sleep(1.1)
    b = _start(second, files, **env, **({"PYTHONHASHSEED": "2"} if seeds else {}))
    return _finish(a), _finish(b)


@pytest.mark.skipif(not READY, reason="no ready workshops in workshops/ yet")
def test_every_ready_workshop_builds_byte_identical_twice(tmp_path: Path) -> None:
    first, second = _twice(tmp_path / "first", tmp_path / "second", READY, {}, seeds=True)
    assert first, "the build wrote nothing"
    assert sorted(first) == sorted(second)
    differing = [name for name in first if first[name] != second[name]]
    assert differing == [], f"not reproducible: {differing}"
    built = {name.split("/")[0] for name in first}
    assert built == {p.stem for p in READY}


def test_source_date_epoch_is_honoured(tmp_path: Path) -> None:
    """With SOURCE_DATE_EPOCH the stamped dates follow it; two such builds are still identical."""
    workshop = PROJECT / "tests" / "roots" / "minimal" / "workshop.yaml"
    epoch = {"SOURCE_DATE_EPOCH": "1767225600"}  # 2026-01-01T00:00:00Z
    first, second = _twice(tmp_path / "a", tmp_path / "b", [workshop], epoch, seeds=False)
    assert first == second
    with zipfile.ZipFile(tmp_path / "a" / "minimal" / "deck.pptx") as archive:
        core = archive.read("docProps/core.xml").decode()
        assert "2026-01-01" in core
        assert {info.date_time[:3] for info in archive.infolist()} == {(2026, 1, 1)}
    pdfs = sorted((tmp_path / "a" / "minimal").glob("*.pdf"))
    assert len(pdfs) >= 3, pdfs  # handout, guide and printables at least
    ignoring = [pdf.name for pdf in pdfs if b"D:20260101" not in pdf.read_bytes()]
    assert ignoring == [], f"{ignoring} ignore SOURCE_DATE_EPOCH"
