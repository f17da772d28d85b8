"""Measure `build --watch` over a large library: CPU while idle, and the time from an edit to the rebuild.

A copy of tests/roots/minimal is given a library of N extra primer sections (20,000 by
default) that the workshop does not use, as a shared library folder might hold. The watch
runs in its own process (`--only deck`); once it says it is watching, its CPU time is read
from /proc over an idle spell, then one library item the workshop uses is edited, then one it
does not use, and the time until the watch reports each rebuild is recorded.

Usage: python benchmarks/watch_idle.py [--items 20000] [--idle 20] [--against REF]
"""

from __future__ import annotations

import argparse
import os
import selectors
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid: int) -> float:
    """Return the user + system CPU seconds of process `pid`."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def make_library(folder: Path, items: int) -> Path:
    """Copy the minimal workshop into `folder` with `items` unused primer sections; return the workshop."""
    shutil.copytree(PROJECT / "tests" / "roots" / "minimal", folder / "w")
    primer = folder / "w" / "library" / "primer"
    text = (primer / "local-basics.yaml").read_text(encoding="utf-8")
    for i in range(items):
        (primer / f"shared-{i}.yaml").write_text(text.replace("id: local-basics", f"id: shared-{i}"), "utf-8")
    return folder / "w" / "workshop.yaml"


def wait_for(proc: subprocess.Popen, words: tuple[str, ...], timeout: float) -> float:
    """Read the watch's output until a line holds one of `words`; return when (perf_counter)."""
    selector = selectors.DefaultSelector()
    selector.register(proc.stdout, selectors.EVENT_READ)  # type: ignore[arg-type]
    end = time.perf_counter() + timeout
    while time.perf_counter() < end:
        if selector.select(timeout=0.05):
            line = proc.stdout.readline()  # type: ignore[union-attr]
            if any(word in line for word in words):
                return time.perf_counter()
    raise TimeoutError(f"no line with {words} within {timeout} s")


def edit(path: Path, old: str, new: str) -> None:
    """Replace text in `path`, moving its modification time on by a second."""
    before = path.stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def measure(tree: Path, items: int, idle: float) -> dict[str, str]:
    """Run one watch from `tree`; return what was measured."""
    folder = Path(tempfile.mkdtemp(prefix="facilitator-watch-idle-"))
    try:
        workshop = make_library(folder, items)
        env = {**os.environ, "PYTHONPATH": str(tree)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        command = [sys.executable, "-m", "facilitator", "build", str(workshop), "--watch", "--only", "deck"]
        started = time.perf_counter()
        proc = subprocess.Popen(
            [*command, "--out", str(folder / "out")],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=folder,
            env=env,
        )
        try:
            ready = wait_for(proc, ("watching",), 900)
            before = cpu_seconds(proc.pid)
            time.sleep(idle)
            idle_cpu = (cpu_seconds(proc.pid) - before) / idle
            used = workshop.parent / "library" / "primer" / "local-basics.yaml"
            edit(used, "title: Local basics", "title: Local basics, edited")
            edited = time.perf_counter()
            rebuilt = wait_for(proc, ("wrote", "unchanged", "not built"), 900)
            unused = workshop.parent / "library" / "primer" / "shared-7.yaml"
            edit(unused, "title: Local basics", "title: Shared, edited")
            edited_unused = time.perf_counter()
            rebuilt_unused = wait_for(proc, ("wrote", "unchanged", "not built"), 900)
        finally:
            proc.send_signal(signal.SIGTERM)
            proc.wait(timeout=60)
        return {
            "first build": f"{ready - started:.1f} s",
            "idle CPU": f"{idle_cpu * 100:.1f} % of a core",
            "edit (used item) → rebuilt": f"{rebuilt - edited:.2f} s",
            "edit (unused item) → rebuilt": f"{rebuilt_unused - edited_unused:.2f} s",
        }
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    """Measure this tree (and REF, with --against) and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20_000)
    parser.add_argument("--idle", type=float, default=20.0)
    parser.add_argument("--against", help="a git ref to measure first, for before/after")
    options = parser.parse_args()
    trees = [("after", PROJECT)]
    scratch = Path(tempfile.mkdtemp(prefix="facilitator-watch-ref-"))
    git = ["git", "-C", str(PROJECT), "worktree"]
    if options.against:
        subprocess.run(
            [*git, "add", "--detach", "--quiet", str(scratch / "before"), options.against], check=True
        )
        trees.insert(0, ("before", scratch / "before"))
    try:
        results = {label: measure(tree, options.items, options.idle) for label, tree in trees}
    finally:
        if options.against:
            subprocess.run([*git, "remove", "--force", str(scratch / "before")], check=False)
        shutil.rmtree(scratch, ignore_errors=True)
    print(f"| {options.items:,} library items | " + " | ".join(results) + " |")
    print("|---|" + "---|" * len(results))
    for row in next(iter(results.values())):
        print(f"| {row} | " + " | ".join(r[row] for r in results.values()) + " |")


if __name__ == "__main__":
    main()
