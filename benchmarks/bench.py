"""Time facilitator in cold processes and print a table of medians (run by `make bench`, not by the tests).

Measures, each over RUNS fresh interpreter processes:

- the floor: importing the libraries a build needs (click, PyYAML, pydantic,
  jinja2, python-pptx, reportlab, Pillow), which no Python tool can go below;
- the full build (every output) of workshops/allyship-practice.yaml, and its
  ratio to the floor (target ≤ 1.6×);
- generated workshops of about 30, 300 and 1,000 slides: whole-build time,
  time per slide, and peak memory (targets: per-slide time at 1,000 ≤ 1.3× that
  at 30; peak memory < 200 MB);
- `facilitator --help` and `facilitator validate` (which import neither
  python-pptx nor reportlab);
- building the three ready workshops with --jobs 1 and with a process per core.

Usage: python benchmarks/bench.py [--runs N] [--sizes 30,300,1000] [--only deck]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PRACTICE = PROJECT / "workshops" / "allyship-practice.yaml"
READY = sorted((PROJECT / "workshops").glob("allyship-*.yaml"))
FLOOR_IMPORTS = "import click, yaml, pydantic, jinja2, pptx, reportlab.platypus, PIL.Image"
# Runs the command line in this process and reports its peak memory (KiB) on stderr, and
# that of the largest process it forked (a lone workshop's guide renders in one).
CLI_PROBE = """
import resource, sys
from facilitator.cli import cli
code = 0
try:
    cli.main(args=sys.argv[1:], prog_name="facilitator", standalone_mode=False)
except SystemExit as exc:
    code = exc.code or 0
print("MAXRSS", resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)
print("CHILDRSS", resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr)
sys.exit(code)
"""


CHILD_PEAKS: dict[tuple[str, ...], int] = {}


def _env() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": str(PROJECT)}


def run_once(argv: list[str]) -> tuple[float, int, str]:
    """Run `argv` in a fresh process; return (seconds, peak KiB or 0, stdout).

    The peak is that of the process itself; its largest child's is recorded in `CHILD_PEAKS`.
    """
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=PROJECT, env=_env())
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"failed: {' '.join(argv)}\n{proc.stderr}")
    match = re.search(r"MAXRSS (\d+)", proc.stderr)
    child = re.search(r"CHILDRSS (\d+)", proc.stderr)
    CHILD_PEAKS[tuple(argv)] = max(CHILD_PEAKS.get(tuple(argv), 0), int(child[1]) if child else 0)
    return elapsed, int(match[1]) if match else 0, proc.stdout


def median_of(argv: list[str], runs: int) -> tuple[float, int, str]:
    """Return the median time, the largest peak memory and the last stdout over `runs` cold runs."""
    results = [run_once(argv) for _ in range(runs)]
    return statistics.median(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def megabytes(peak: int, argv: list[str]) -> str:
    """Return a peak (KiB) in MB, followed by `+ N` for the largest child process's, if any."""
    child = CHILD_PEAKS.get(tuple(argv), 0)
    return f"{peak / 1024:.0f}" + (f" + {child / 1024:.0f}" if child else "")


def cli(*args: str) -> list[str]:
    """Return the argv that runs the command line with `args`, reporting peak memory."""
    return [sys.executable, "-c", CLI_PROBE, *args]


def generated_workshop(folder: Path, segments: int) -> Path:
    """Write a workshop of `segments` one-minute activities, each with steps and prompts."""
    agenda = [
        {
            "activity": f"Practice round {i + 1}",
            "minutes": 1,
            "notes": f"Facilitator notes for round {i + 1}: watch the time and invite quieter voices.",
            "instructions": [f"Form groups of three for round {i + 1}.", "Agree who speaks first."],
            "prompts": [
                f"What did you notice in round {i + 1}?",
                "What would you try differently next time?",
                "Who has not spoken yet?",
            ],
        }
        for i in range(segments)
    ]
    data = {
        "id": f"bench-{segments}",
        "title": f"Benchmark workshop with {segments} segments",
        "date": "2027-01-15",
        "start": "00:00",
        "duration": min(max(segments, 5), 24 * 60),
        "objectives": ["Measure how the build time grows with the number of slides."],
        "agenda": agenda,
    }
    path = folder / f"bench-{segments}.yaml"
    path.write_text(json.dumps(data, indent=1), encoding="utf-8")  # JSON is YAML
    return path


def slide_count(stdout: str) -> int:
    """Return the number of slides the build reported for its deck."""
    match = re.search(r"deck\.pptx \((\d+) slides", stdout)
    return int(match[1]) if match else 0


def sized_workshop(folder: Path, target: int, only: list[str]) -> tuple[Path, int]:
    """Return a generated workshop of about `target` slides, and its exact slide count."""
    segments = max(1, target // 3)
    for _ in range(3):
        path = generated_workshop(folder, segments)
        probe = str(folder / "probe")
        _t, _m, out = run_once(cli("build", str(path), "--out", probe, "--force", "--only", "deck"))
        slides = slide_count(out)
        if abs(slides - target) <= max(2, target // 20):
            return path, slides
        segments = max(1, round(segments * target / max(slides, 1)))
    return path, slides


def main() -> None:
    """Run every measurement and print the table (Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--sizes", default="30,300,1000")
    parser.add_argument("--only", action="append", default=[], help="outputs for the sized builds")
    args = parser.parse_args()
    runs = args.runs
    only_args = [x for name in args.only for x in ("--only", name)]
    rows: list[tuple[str, str, str, str]] = []

    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as tmp:
        work = Path(tmp)
        out = str(work / "out")
        floor, _mem, _out = median_of([sys.executable, "-c", FLOOR_IMPORTS], runs)
        rows.append(("import floor: click yaml pydantic jinja2 pptx reportlab PIL", f"{floor:.3f}", "", ""))
        full_argv = cli("build", str(PRACTICE), "--out", out, "--force")
        full, full_mem, stdout = median_of(full_argv, runs)
        outputs = len(re.findall(r"^wrote ", stdout, flags=re.M))
        rows.append(
            (
                f"full build of allyship-practice ({outputs} outputs, {slide_count(stdout)} slides)",
                f"{full:.3f}",
                f"{full / floor:.2f}× floor (target ≤ 1.6×)",
                megabytes(full_mem, full_argv),
            )
        )
        skip, _m, _out = median_of(cli("build", str(PRACTICE), "--out", out), runs)
        rows.append(("the same build again, up to date (nothing written)", f"{skip:.3f}", "", ""))
        helptime, _m, _out = median_of(cli("--help"), runs)
        rows.append(("facilitator --help", f"{helptime:.3f}", "imports neither pptx nor reportlab", ""))
        valid, valid_mem, _out = median_of(cli("validate", str(PRACTICE)), runs)
        rows.append(("facilitator validate allyship-practice", f"{valid:.3f}", "", f"{valid_mem / 1024:.0f}"))

        per_slide: dict[int, float] = {}
        for size in [int(s) for s in args.sizes.split(",")]:
            path, slides = sized_workshop(work, size, only_args)
            argv = cli("build", str(path), "--out", out, "--force", *only_args)
            took, mem, _out = median_of(argv, runs)
            per_slide[size] = took / max(slides, 1)
            what = "deck only" if args.only == ["deck"] else ("+".join(args.only) or "every output")
            rows.append(
                (
                    f"generated workshop, {slides} slides ({what})",
                    f"{took:.3f}",
                    f"{per_slide[size] * 1000:.1f} ms/slide; {(took - floor) / max(slides, 1) * 1000:.1f} "
                    "ms/slide above the floor",
                    megabytes(mem, argv),
                )
            )
        if len(per_slide) >= 2:
            sizes = sorted(per_slide)
            ratio = per_slide[sizes[-1]] / per_slide[sizes[0]]
            rows.append(
                (f"time per slide at {sizes[-1]} vs {sizes[0]}", "", f"{ratio:.2f}× (target ≤ 1.3×)", "")
            )

        files = [str(p) for p in READY]
        serial, _m, _out = median_of(cli("build", *files, "--out", out, "--force", "--jobs", "1"), runs)
        parallel, _m, _out = median_of(cli("build", *files, "--out", out, "--force"), runs)
        cores = os.cpu_count() or 1
        rows.append((f"build {len(files)} ready workshops, --jobs 1", f"{serial:.3f}", "", ""))
        rows.append(
            (
                f"build {len(files)} ready workshops, a process per core ({cores})",
                f"{parallel:.3f}",
                f"{serial / parallel:.2f}× speed-up",
                "",
            )
        )

    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(f"Medians of {runs} cold-process runs; {python}, {platform.machine()}, {os.cpu_count()} cores\n")
    print("| measurement | seconds | notes | peak MB (+ child) |")
    print("|---|---:|---|---:|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


if __name__ == "__main__":
    main()
