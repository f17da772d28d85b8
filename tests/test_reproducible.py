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


def _build(out: Path, files: list[Path], **env: str) -> dict[str, str]:
    """Build `files` into `out` in a fresh process; return {relative path: sha256} of every file written."""
    environ = {k: v for k, v in os.environ.items() if k != "SOURCE_DATE_EPOCH"}
    environ.update({"PYTHONPATH": str(PROJECT), **env})
    proc = subprocess.run(
        [sys.executable, "-m", "facilitator", "build", *map(str, files), "--out", str(out)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env=environ,
        timeout=300,
    )
    assert proc.returncode == 0, proc.stderr
    return {
        str(p.relative_to(out)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(out.rglob("*"))
        if p.is_file() and not p.name.startswith(".")
    }


@pytest.mark.skipif(not READY, reason="no ready workshops in workshops/ yet")
def test_every_ready_workshop_builds_byte_identical_twice(tmp_path: Path) -> None:
    first = _build(tmp_path / "first", READY, PYTHONHASHSEED="1")
    time.sleep(1.1)  # a second apart: any clock time stamped into a file would now differ
    second = _build(tmp_path / "second", READY, PYTHONHASHSEED="2")
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
    first = _build(tmp_path / "a", [workshop], **epoch)
    time.sleep(1.1)
    second = _build(tmp_path / "b", [workshop], **epoch)
    assert first == second
    deck = tmp_path / "a" / "minimal" / "deck.pptx"
    if deck.exists():
        with zipfile.ZipFile(deck) as archive:
            core = archive.read("docProps/core.xml").decode()
            assert "2026-01-01" in core
            assert {info.date_time[:3] for info in archive.infolist()} == {(2026, 1, 1)}
    for pdf in (tmp_path / "a" / "minimal").glob("*.pdf"):
        assert b"D:20260101" in pdf.read_bytes(), f"{pdf.name} ignores SOURCE_DATE_EPOCH"
