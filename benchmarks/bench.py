"""Time facilitator in cold processes and print a table of medians (run by `make bench`, not by the tests).

Every measurement runs a fresh interpreter, RUNS times, with `PYTHONDONTWRITEBYTECODE`
unset (where it is set, Python recompiles our own modules on every run, about 0.15 s that a
user's machine never pays); one warm-up run first writes the bytecode. With `--against REF`,
the same measurements also run on a checkout of REF (a temporary git worktree), the two
alternating run by run (before, after, before, after, …) so that both see the same load, and
the table shows both medians.

Measured, against the targets of issue 15:

- the import floor: importing the third-party libraries a full build loads (found by a probe
  build, so a new dependency raises the floor it is compared with);
- the full build (every output) of workshops/allyship-practice.yaml: wall time (target ≤ 1.6×
  the floor) and CPU time of the process and its children (target ≤ 1.4× the wall time);
- pandoc building the same deck alone from Markdown (titles, bullets, speaker notes) — at the
  ready workshop's size and at ten times its content (target: facilitator's whole build
  ≤ 1.0× pandoc's deck at ten times the content);
- `facilitator validate` against the floor of the libraries it loads (target ≤ 1.3×);
- generated workshops of about 30, 300 and 1,000 slides: time per slide (target at 1,000 ≤ 1.3×
  that at 30) and peak memory (target < 200 MB, a forked child's peak shown after a `+`).

Every row also shows the median CPU time (the process and its children). On a machine whose
cores are busy with other work, wall times stretch with the load and their ratios say more
about the load than about facilitator; CPU times, and their ratios (shown in the notes), do not.

Usage: python benchmarks/bench.py [--runs N] [--against REF] [--sizes 30,300,1000] [--skip-sizes]
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
PRACTICE = Path("workshops") / "allyship-practice.yaml"
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
# Runs the command line in this process, then prints the third-party top-level modules it loaded.
LIBRARIES_PROBE = """
import sys, sysconfig
from facilitator.cli import cli
try:
    cli.main(args=sys.argv[1:], prog_name="facilitator", standalone_mode=False)
except SystemExit:
    pass
site = sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]
names = set()
for name, module in list(sys.modules.items()):
    where = getattr(module, "__file__", None) or ""
    if "." not in name and not name.startswith("_") and where.startswith(site) and name != "facilitator":
        names.add(name)
print("LIBRARIES", " ".join(sorted(names)))
"""


@dataclass
class Run:
    """One cold run: wall seconds, CPU seconds of the process and its children, peak KiB (+ child's)."""

    wall: float
    cpu: float
    peak: int
    child_peak: int
    stdout: str


@dataclass
class Measurement:
    """The runs of one command, on each source tree being compared."""

    label: str
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def median(self, tree: str, what: Callable[[Run], float] = lambda r: r.wall) -> float:
        """Return the median of `what` over the runs on `tree`."""
        return statistics.median(what(r) for r in self.runs[tree])

    def peak(self, tree: str) -> str:
        """Return the largest peak memory on `tree` in MB, `+ N` for a forked child's."""
        peak = max(r.peak for r in self.runs[tree]) / 1024
        child = max(r.child_peak for r in self.runs[tree]) / 1024
        return f"{peak:.0f}" + (f" + {child:.0f}" if child else "") if peak else ""


def environment(tree: Path) -> dict[str, str]:
    """Return the environment a measured process runs in: `tree` first on the path, bytecode written."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPATH"] = str(tree)
    return env


def run_once(argv: list[str], tree: Path) -> Run:
    """Run `argv` in a fresh process from `tree`; return its times and peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, cwd=tree, env=environment(tree))
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise SystemExit(f"failed in {tree}: {' '.join(argv)}\n{proc.stderr[-2000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    peak = re.search(r"MAXRSS (\d+)", proc.stderr)
    child = re.search(r"CHILDRSS (\d+)", proc.stderr)
    return Run(wall, cpu, int(peak[1]) if peak else 0, int(child[1]) if child else 0, proc.stdout)


def measure(label: str, argv: Callable[[Path], list[str]], trees: dict[str, Path], runs: int) -> Measurement:
    """Run `argv(tree)` `runs` times on each tree, alternating trees run by run, after one warm-up each."""
    result = Measurement(label, {name: [] for name in trees})
    for tree in trees.values():
        run_once(argv(tree), tree)  # writes bytecode, warms the file cache
    for _ in range(runs):
        for name, tree in trees.items():
            result.runs[name].append(run_once(argv(tree), tree))
    return result


def cli(*args: str) -> Callable[[Path], list[str]]:
    """Return a function giving the argv that runs the command line with `args`."""
    return lambda tree: [sys.executable, "-c", CLI_PROBE, *args]


def libraries(args: list[str], tree: Path) -> list[str]:
    """Return the third-party top-level modules a command loads, run once in `tree`."""
    proc = subprocess.run(
        [sys.executable, "-c", LIBRARIES_PROBE, *args],
        capture_output=True,
        text=True,
        cwd=tree,
        env=environment(tree),
        check=True,
    )
    line = next(line for line in proc.stdout.splitlines() if line.startswith("LIBRARIES"))
    return line.split()[1:]


def floor_argv(names: list[str]) -> Callable[[Path], list[str]]:
    """Return a function giving the argv that only imports `names`."""
    return lambda tree: [sys.executable, "-c", "import " + ", ".join(names) if names else "pass"]


def ten_times(source: Path, folder: Path) -> Path:
    """Write a copy of a ready workshop with its agenda repeated ten times (ids made unique)."""
    from facilitator.workshop.source import load_source

    data = dict(load_source(source).data)
    agenda = []
    for round_ in range(10):
        for i, segment in enumerate(data["agenda"]):
            copy = dict(segment)
            copy["id"] = f"{copy.get('id', f'segment-{i}')}-round-{round_ + 1}"
            agenda.append(copy)
    minutes = sum(int(str(s["minutes"]).rstrip("m")) for s in agenda)
    data.update(id="practice-x10", agenda=agenda, duration=minutes, start="00:00")
    data.pop("fit", None)
    path = folder / "practice-x10.yaml"
    path.write_text(json.dumps(data, indent=1, default=str), encoding="utf-8")  # JSON is YAML
    return path


def pandoc_markdown(deck: Path, target: Path) -> int:
    """Write the text of a built deck as pandoc slide Markdown (titles, bullets, notes); return slides."""
    from pptx import Presentation

    prs = Presentation(str(deck))
    lines: list[str] = []
    for slide in prs.slides:
        title = slide.shapes.title.text_frame.text if slide.shapes.title is not None else ""
        lines += [f"# {title.replace(chr(11), ' ')}", ""]
        for shape in slide.shapes:
            if shape.has_text_frame and shape != slide.shapes.title:
                lines += [f"- {p.text}" for p in shape.text_frame.paragraphs if p.text.strip()]
        if slide.has_notes_slide:
            lines += ["", "::: notes", slide.notes_slide.notes_text_frame.text, ":::"]
        lines.append("")
    target.write_text("\n".join(lines), encoding="utf-8")
    return len(prs.slides)


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


def sized_workshop(folder: Path, target: int) -> tuple[Path, int]:
    """Return a generated workshop of about `target` slides, and its exact slide count."""
    segments = max(1, target // 3)
    for _ in range(3):
        path = generated_workshop(folder, segments)
        probe = str(folder / "probe")
        out = run_once(cli("build", str(path), "--out", probe, "--force", "--only", "deck")(PROJECT), PROJECT)
        slides = slide_count(out.stdout)
        if abs(slides - target) <= max(2, target // 20):
            return path, slides
        segments = max(1, round(segments * target / max(slides, 1)))
    return path, slides


def worktree(ref: str, folder: Path) -> Path:
    """Check `ref` out into a temporary git worktree under `folder`; return its path."""
    path = folder / "before"
    subprocess.run(
        ["git", "-C", str(PROJECT), "worktree", "add", "--detach", "--quiet", str(path), ref], check=True
    )
    return path


def verdict(value: float, target: float) -> str:
    """Return 'met' or 'not met' for a value that must be at most `target`."""
    return "met" if value <= target else "not met"


def main() -> None:
    """Run every measurement and print the table (Markdown)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--against", metavar="REF", help="also measure this git ref, alternating run by run")
    parser.add_argument("--sizes", default="30,300,1000")
    parser.add_argument("--skip-sizes", action="store_true", help="leave out the generated workshops")
    args = parser.parse_args()
    rows: list[list[str]] = []
    with tempfile.TemporaryDirectory(prefix="facilitator-bench-") as tmp:
        work = Path(tmp)
        trees = {"after": PROJECT}
        if args.against:
            trees = {"before": worktree(args.against, work), "after": PROJECT}
        try:
            rows = measurements(trees, work, args)
        finally:
            if args.against:
                subprocess.run(
                    ["git", "-C", str(PROJECT), "worktree", "remove", "--force", str(trees["before"])]
                )
    python = f"{platform.python_implementation()} {platform.python_version()}"
    print(
        f"Medians of {args.runs} cold-process runs"
        + (", before and after alternating" if args.against else "")
        + f"; {python}, {platform.machine()}, {os.cpu_count()} cores; PYTHONDONTWRITEBYTECODE unset\n"
    )
    header = (
        ["measurement"]
        + (["before s"] if args.against else [])
        + ["s"]
        + (["before CPU s"] if args.against else [])
        + ["CPU s", "notes", "peak MB"]
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" if i in (0, len(header) - 2) else "---:" for i in range(len(header))) + "|")
    for row in rows:
        print("| " + " | ".join(row) + " |")


def measurements(trees: dict[str, Path], work: Path, args: argparse.Namespace) -> list[list[str]]:
    """Measure everything on every tree; return the table's rows."""
    runs = args.runs
    out = str(work / "out")
    before = "before" in trees
    rows: list[list[str]] = []

    def cpu(m: Measurement, tree: str) -> float:
        return m.median(tree, lambda r: r.cpu)

    def row(m: Measurement, notes: str = "", value: Callable[[Run], float] = lambda r: r.wall) -> None:
        cells = [m.label] + ([f"{m.median('before', value):.3f}"] if before else [])
        cells += [f"{m.median('after', value):.3f}"]
        cells += [f"{cpu(m, 'before'):.3f}"] if before else []
        rows.append([*cells, f"{cpu(m, 'after'):.3f}", notes, m.peak("after")])

    build_args = ["build", str(PRACTICE), "--out", out, "--force"]
    floor_names = libraries([*build_args, "--jobs", "1"], PROJECT)  # all loaded in one process
    floor = measure("import floor: " + " ".join(floor_names), floor_argv(floor_names), trees, runs)
    row(floor, "the third-party libraries a full build loads")
    full = measure("full build of allyship-practice (every output)", cli(*build_args), trees, runs)
    ratio = full.median("after") / floor.median("after")
    cpu_ratio = cpu(full, "after") / full.median("after")
    outputs = len(re.findall(r"^wrote ", full.runs["after"][-1].stdout, flags=re.M))
    row(
        full,
        f"{outputs} files, {slide_count(full.runs['after'][-1].stdout)} slides; {ratio:.2f}× floor "
        f"(target ≤ 1.6×: {verdict(ratio, 1.6)}); CPU {cpu(full, 'after') / cpu(floor, 'after'):.2f}× "
        f"the floor's CPU; CPU {cpu_ratio:.2f}× wall (target ≤ 1.4×: {verdict(cpu_ratio, 1.4)})",
    )

    validate_args = ["validate", str(PRACTICE)]
    validate_names = libraries(validate_args, PROJECT)
    vfloor = measure(
        "import floor of validate: " + " ".join(validate_names), floor_argv(validate_names), trees, runs
    )
    row(vfloor)
    validate = measure("facilitator validate allyship-practice", cli(*validate_args), trees, runs)
    vratio = validate.median("after") / vfloor.median("after")
    vcpu = cpu(validate, "after") / cpu(vfloor, "after")
    row(
        validate,
        f"{vratio:.2f}× its floor (target ≤ 1.3×: {verdict(vratio, 1.3)}); CPU {vcpu:.2f}× its floor's",
    )
    row(measure("facilitator --help", cli("--help"), trees, runs))

    if shutil.which("pandoc"):
        for label, source in (("allyship-practice", PROJECT / PRACTICE), ("allyship-practice × 10", None)):
            path = source or ten_times(PROJECT / PRACTICE, work)
            build = measure(
                f"full build of {label}, beside pandoc",
                cli("build", str(path), "--out", out, "--force"),
                trees,
                runs,
            )
            deck = Path(out) / ("practice-x10" if source is None else "allyship-practice") / "deck.pptx"
            slides = pandoc_markdown(deck, work / "deck.md")
            argv = ["pandoc", str(work / "deck.md"), "-o", str(work / "pandoc.pptx")]
            pandoc = measure(
                f"pandoc, the same {slides}-slide deck alone",
                lambda _tree, argv=argv: argv,
                {"after": PROJECT},
                runs,
            )
            versus = build.median("after") / pandoc.median("after")
            versus_cpu = cpu(build, "after") / cpu(pandoc, "after")
            row(build, f"{slide_count(build.runs['after'][-1].stdout)} slides")
            rows.append(
                [pandoc.label]
                + ([""] if before else [])
                + [f"{pandoc.median('after'):.3f}"]
                + ([""] if before else [])
                + [
                    f"{cpu(pandoc, 'after'):.3f}",
                    f"facilitator's whole build {versus:.2f}× pandoc's deck"
                    + (f" (target ≤ 1.0×: {verdict(versus, 1.0)})" if source is None else "")
                    + f"; CPU {versus_cpu:.2f}×",
                    "",
                ]
            )
    else:
        missing = ["", "", "pandoc is not installed", ""]
        rows.append(["pandoc comparison"] + (["", ""] if before else []) + missing)

    if not args.skip_sizes:
        per_slide: dict[int, float] = {}
        for size in [int(s) for s in args.sizes.split(",")]:
            path, slides = sized_workshop(work, size)
            m = measure(
                f"generated workshop, {slides} slides (every output)",
                cli("build", str(path), "--out", out, "--force"),
                trees,
                max(3, runs // 2),
            )
            per_slide[size] = m.median("after") / max(slides, 1)
            row(m, f"{per_slide[size] * 1000:.1f} ms/slide")
        if len(per_slide) >= 2:
            sizes = sorted(per_slide)
            growth = per_slide[sizes[-1]] / per_slide[sizes[0]]
            rows.append(
                [f"time per slide at {sizes[-1]} vs {sizes[0]}"]
                + (["", ""] if before else [])
                + ["", "", f"{growth:.2f}× (target ≤ 1.3×: {verdict(growth, 1.3)})", ""]
            )
    return rows


if __name__ == "__main__":
    main()
