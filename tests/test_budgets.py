"""Budgets, checked before the work: every hostile input is checked within 500 MB, ending with exit 0 or 2.

Each case (made at test time by `tests/hostile.py`) runs `facilitator validate` in a real
process whose address space is capped at 500 MB: a case that built a set of four billion
code points, an 80 MB text or a quadratic pile of messages would die of MemoryError (or
run into the generous time-out, there only to stop a runaway). How long each takes is
measured by `benchmarks/hostile.py`, not here.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from facilitator.cli import cli
from facilitator.workshop.schema import default_segment_ids
from tests import hostile as h

PROJECT = Path(__file__).resolve().parent.parent
MEMORY = 500 * 1024 * 1024
RUNAWAY = 120  # seconds; the target is 5 (see benchmarks/hostile.py)


def _limit() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


@pytest.mark.parametrize("name", list(h.BUDGET_CASES))
def test_validate_stays_within_500_mb(tmp_path: Path, name: str) -> None:
    path = h.BUDGET_CASES[name](tmp_path)
    env = {**os.environ, "PYTHONPATH": str(PROJECT)}
    proc = subprocess.run(
        [sys.executable, "-m", "facilitator", "validate", str(path)],
        capture_output=True,
        text=True,
        cwd=PROJECT,
        env=env,
        timeout=RUNAWAY,
        preexec_fn=_limit,
    )
    assert proc.returncode in (0, 2), proc.stderr[-2000:]
    assert "internal error" not in proc.stderr and "MemoryError" not in proc.stderr
    lines = proc.stderr.splitlines()
    assert len(lines) <= 101, f"{len(lines)} lines"
    assert all(len(line) <= 1_000 for line in lines), max(len(line) for line in lines)


def test_bad_edits_print_a_hundred_messages_each_naming_twenty_ids(tmp_path: Path) -> None:
    path = h.bad_removes(1_000, 1_400)(tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 101
    first = lines[0]
    assert "agenda_edits[0].remove: no segment 'nope-0' in the agenda; segment ids: s1, s2," in first
    assert first.endswith("s19, s20, … (1,000 in all) [derive.unknown-segment]"), first
    assert lines[-1].endswith(
        "and 1,300 more problems not shown; fix the ones above first [limit.diagnostics]"
    )


def test_edits_that_overflow_the_day_are_not_half_applied(tmp_path: Path) -> None:
    """The agenda stays the parent's: no error about its length follows from a half-applied edit."""
    path = h.agenda_inserts(1_000, 3, 300)(tmp_path)
    result = CliRunner().invoke(cli, ["validate", str(path)])
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "agenda_edits[1].segment: this would make the agenda 1,600 segments long" in line


def _ids_searching_from_one(agenda: list[dict]) -> list[str]:
    """The way segment ids were numbered before (each search from 1): the reference for the faster one."""
    explicit = {s["id"] for s in agenda if "id" in s}
    used: set[str] = set()
    ids = []
    for segment in agenda:
        if "id" in segment:
            used.add(segment["id"])
            ids.append(segment["id"])
            continue
        kind = next(k for k in ("activity", "break", "primer") if k in segment)
        base = segment[kind] if kind == "primer" else kind
        candidate, n = base, 1
        while candidate in used or candidate in explicit:
            n += 1
            candidate = f"{base}-{n}"
        used.add(candidate)
        ids.append(candidate)
    return ids


_SEGMENT = st.one_of(
    st.builds(lambda t: {"activity": t}, st.sampled_from(["A", "B"])),
    st.just({"break": "Break"}),
    st.builds(lambda p: {"primer": p}, st.sampled_from(["p", "activity"])),
    st.builds(
        lambda i: {"activity": "X", "id": i}, st.sampled_from(["activity", "activity-2", "activity-3", "p-2"])
    ),
)


@given(st.lists(_SEGMENT, max_size=30))
def test_segment_ids_are_numbered_as_before_in_one_pass(agenda: list[dict]) -> None:
    """1,440 activities cost a million tries when each search for a free `activity-n` began at 1."""
    assert default_segment_ids(agenda) == _ids_searching_from_one(agenda)


@pytest.mark.parametrize(
    ("note", "word", "count"),
    [("Words words wordy " * 1_100, "wordy", 1_100), ("N" * 20_000, "N", 20_000)],
    ids=["words", "one-word"],
)
def test_a_note_of_20000_characters_continues_on_the_next_page(
    tmp_path: Path, note: str, word: str, count: int
) -> None:
    """The longest text a file may hold builds: its box in guide.pdf continues over pages (it crashed)."""
    from pypdf import PdfReader

    agenda = h.AGENDA.replace(
        "minutes: 10\n  - primer", f"minutes: 10\n    notes: {note.strip()}\n  - primer", 1
    )
    path = h.workshop(h.HEADER + agenda)(tmp_path)
    result = CliRunner().invoke(cli, ["build", str(path), "--out", str(tmp_path / "out"), "--only", "guide"])
    assert result.exit_code == 0, result.output
    pages = PdfReader(tmp_path / "out" / "small-case" / "guide.pdf").pages
    texts = [page.extract_text() for page in pages]
    assert sum(text.count(word) for text in texts) >= count  # every word of it, over several pages
    assert sum(word in text for text in texts) >= 3
