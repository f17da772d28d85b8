"""Time and weigh facilitator on the hostile inputs of issue 17 (run by hand, not by the tests).

Each case is made by `tests/hostile.py` (the same makers the bad-input tests use)
in a temporary folder, then `facilitator validate` (and, for the cases that crashed
a build, `facilitator build`) runs on it in a cold process under a memory limit and a
time limit, so a case that would exhaust the machine is stopped and shown as such.
Printed per case: input size, command, wall seconds, peak memory, exit code and the
first line the command printed. The target: any input under 1 MB is checked in under
5 s and 500 MB, ending with exit 0 or 2.

Usage: python benchmarks/hostile.py [--timeout 60] [--memory-mb 2000] [--against REF] [-k NAME]

With `--against REF`, each case runs on a checkout of REF first (a temporary git worktree),
then on this tree: the before/after of a change.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from tests import hostile as h  # noqa: E402 - the makers live with the tests that use them

# Cases whose build crashed as well as their check: those are built too.
BUILT = {"font cut short", "PNG with damaged data, valid checksums", "a 20,000-letter title"}
CASES: dict[str, tuple[h.Maker, tuple[str, ...]]] = {
    name: (maker, ("validate", "build") if name in BUILT else ("validate",))
    for name, maker in h.BUDGET_CASES.items()
}


def limit_memory(megabytes: int) -> Callable[[], None]:
    """Return a pre-exec function capping the child's address space."""

    def apply() -> None:
        size = megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (size, size))

    return apply


def run(tree: Path, args: list[str], timeout: float, memory_mb: int, cwd: Path) -> tuple[str, str, str, str]:
    """Run `facilitator args` from `tree`; return (seconds, peak MB, exit code, first line)."""
    probe = (
        "import sys\n"
        "from facilitator.cli import cli\n"
        "code = 0\n"
        "try:\n"
        "    cli.main(args=sys.argv[1:], prog_name='facilitator', standalone_mode=False)\n"
        "except SystemExit as exc:\n"
        "    code = exc.code or 0\n"
        "except MemoryError:\n"
        "    code = 'MemoryError'\n"
        "peak = [x for x in open('/proc/self/status') if x.startswith('VmHWM')][0].split()[1]\n"
        "print('MAXRSS', peak, file=sys.stderr)\n"
        "sys.exit(code if isinstance(code, int) else 3)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(tree)}
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    start = time.perf_counter()
    try:
        proc = subprocess.run(
            [sys.executable, "-c", probe, *args],
            capture_output=True,
            text=True,
            cwd=cwd,
            env=env,
            timeout=timeout,
            preexec_fn=limit_memory(memory_mb),
        )
    except subprocess.TimeoutExpired:
        return f"> {timeout:.0f}", "?", "killed", f"stopped after {timeout:.0f} s"
    seconds = time.perf_counter() - start
    lines = [x for x in proc.stderr.splitlines() if not x.startswith("MAXRSS")]
    peak = next((x.split()[1] for x in proc.stderr.splitlines() if x.startswith("MAXRSS")), None)
    first = (lines[0] if lines else proc.stdout.strip().splitlines()[0] if proc.stdout.strip() else "")[:150]
    shown_peak = f"{int(peak) / 1024:.0f}" if peak else "?"
    code = "MemoryError" if proc.returncode == 3 else str(proc.returncode)
    more = f" (+{len(lines) - 1} lines)" if len(lines) > 1 else ""
    return f"{seconds:.2f}", shown_peak, code, first + more


def main() -> None:
    """Make every case and print a row per case and command (and per tree, with --against)."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--memory-mb", type=int, default=2000)
    parser.add_argument("--against", help="a git ref to measure first, for before/after")
    parser.add_argument("-k", help="only cases whose name contains this")
    options = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        trees = [("after", PROJECT)]
        if options.against:
            before = Path(scratch) / "before"
            git = ["git", "-C", str(PROJECT), "worktree"]
            subprocess.run([*git, "add", "--detach", "--quiet", str(before), options.against], check=True)
            trees.insert(0, ("before", before))
        try:
            print("| case | input | command | tree | seconds | peak MB | exit | first line |")
            print("|---|---|---|---|---|---|---|---|")
            for name, (maker, commands) in CASES.items():
                if options.k and options.k not in name:
                    continue
                folder = Path(tempfile.mkdtemp(dir=scratch))
                path = maker(folder)
                size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
                for command in commands:
                    extra = ["--out", str(folder / "out")] if command == "build" else []
                    for label, tree in trees:
                        args = [command, str(path), *extra]
                        row = run(tree, args, options.timeout, options.memory_mb, folder)
                        cells = [name, f"{size / 1e6:.2f} MB", command, label, *row]
                        print("| " + " | ".join(c.replace("|", "¦") for c in cells) + " |", flush=True)
        finally:
            if options.against:
                subprocess.run([*git, "remove", "--force", str(before)], check=False)


if __name__ == "__main__":
    main()
