"""Time `facilitator build --watch`: from a one-line edit to the rebuilt outputs, in a warm process.

A copy of workshops/allyship-practice.yaml is watched in a temporary folder.
Each round edits one line (the location), lets the watcher notice it on its
next poll and rebuild, and records the time from the edit to the end of the
rebuild. The poll interval itself is left out: the watcher polls every
0.25 s, so add ~0.125 s on average for what a facilitator waits in practice.

Reported, as median (min–max) over N rounds after one warm-up:

- deck only (`--only deck`): edit → deck.pptx written;
- every output: edit → deck.pptx written, and edit → every output written.

Usage: python benchmarks/watch_rebuild.py [--rounds N]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from facilitator.watch import Rebuild, watch  # noqa: E402

WORKSHOP = PROJECT / "workshops" / "allyship-practice.yaml"


def measure(rounds: int, only: list[str] | None) -> tuple[list[float], list[float]]:
    """Return (edit → deck written, edit → all written) in seconds for `rounds` edits."""
    folder = Path(tempfile.mkdtemp(prefix="facilitator-watch-"))
    try:
        workshop = folder / WORKSHOP.name
        shutil.copyfile(WORKSHOP, workshop)
        text = workshop.read_text(encoding="utf-8")
        assert "\nlocation: " in text
        edited_at: list[float] = []
        deck: list[float] = []
        whole: list[float] = []
        cycle = 0

        def sleep(_seconds: float) -> None:
            nonlocal cycle
            cycle += 1
            changed = text.replace("\nlocation: ", f"\nlocation: Room {cycle}, ", 1)
            stat = workshop.stat()
            workshop.write_text(changed, encoding="utf-8")
            os.utime(workshop, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
            edited_at.append(time.perf_counter())

        def done(result: Rebuild) -> None:
            if not edited_at:  # the first build, before any edit
                return
            assert result.ok, result.diagnostics
            finished = time.perf_counter()
            whole.append(finished - edited_at[-1])
            deck.append(finished - edited_at[-1] - (result.seconds - (result.deck_seconds or 0.0)))

        watch(
            [workshop],
            folder / "out",
            max_cycles=rounds + 1,
            sleep=sleep,
            echo=lambda _line: None,
            on_rebuild=done,
            only=only,
        )
        return deck[1:], whole[1:]  # the first edit warms the renderers up
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def summary(values: list[float]) -> str:
    """Return `median (min–max)` in milliseconds."""
    ms = [v * 1000 for v in values]
    return f"{statistics.median(ms):6.0f} ms  ({min(ms):.0f}–{max(ms):.0f})"


def main() -> None:
    """Run the benchmark and print a small table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=7, help="edits to time (at least 5)")
    args = parser.parse_args()
    rounds = max(5, args.rounds)
    deck_only, _ = measure(rounds, ["deck"])
    deck_first, everything = measure(rounds, None)
    print(f"watch rebuild of {WORKSHOP.relative_to(PROJECT)}, {rounds} one-line edits, warm process")
    print(f"  --only deck: edit → deck written      {summary(deck_only)}")
    print(f"  all outputs: edit → deck written      {summary(deck_first)}")
    print(f"  all outputs: edit → all written       {summary(everything)}")


if __name__ == "__main__":
    main()
