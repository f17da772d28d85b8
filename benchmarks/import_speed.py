"""Time `facilitator import` on generated documents of 10,000 to 80,000 lines (cold processes, medians).

`import` must be linear in its input (issue 9, issue 17 §4): the time per 1,000 lines should
stay flat as documents grow. Three kinds of document, in lines of about 60 characters (so that
80,000 of them stay under the 5 MB input limit):

- `sections`: a heading, then five wrapped paragraphs of capitalised sentences, repeated;
- `long paragraphs`: a heading, then one paragraph of 250 wrapped lines (about 17,000
  characters, under the 20,000 a library text may hold), repeated;
- `run-on`: every line starts in lowercase, with a blank line every sixth (a PDF's text
  often looks like this); the lines join into one text, which import refuses as too long.

With `--against REF` the same documents are imported by a checkout of REF too, run by run
alternately, so both see the same load.

Usage: python benchmarks/import_speed.py [--runs N] [--lines 10000,40000,80000] [--against REF]
"""

from __future__ import annotations

import argparse
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bench import PROJECT, environment, worktree

WORDS = ["people", "notice", "when", "someone", "speaks", "over", "a", "colleague", "and", "the", "room"]
LIMIT = 300  # seconds one import may take before it is stopped and reported as "> LIMIT"


def _wrap(text: str, width: int = 60) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line]


def _sentence(rng: random.Random) -> str:
    text = " ".join(rng.choice(WORDS) for _ in range(rng.randint(6, 14)))
    return text[0].upper() + text[1:] + "."


def document(kind: str, count: int) -> str:
    """Return a generated document of `count` lines."""
    rng = random.Random(count)
    lines: list[str] = []
    section = 0
    while len(lines) < count:
        section += 1
        if kind == "run-on":
            lines += [" ".join(rng.choice(WORDS) for _ in range(8)) for _ in range(5)] + [""]
            continue
        lines += ["", f"Section Number {section} On Listening", ""]
        if kind == "sections":
            for _ in range(5):
                lines += [*_wrap(" ".join(_sentence(rng) for _ in range(4))), ""]
        else:
            lines += _wrap("Sometimes " + " ".join(_sentence(rng) for _ in range(170)))[:250]
    return "\n".join(lines[:count]) + "\n"


def import_once(tree: Path, doc: Path, out: Path, outcome: dict[str, str], name: str) -> float | None:
    """Import `doc` with the code in `tree`, in a fresh process; return seconds (None past LIMIT).

    What came of it goes into `outcome[name]`: the number of files written, or the error code.
    """
    shutil.rmtree(out, ignore_errors=True)
    argv = [sys.executable, "-m", "facilitator", "import", str(doc), "--out", str(out)]
    start = time.perf_counter()
    try:
        done = subprocess.run(
            argv, cwd=tree, env=environment(tree), capture_output=True, timeout=LIMIT, text=True
        )
    except subprocess.TimeoutExpired:
        outcome[name] = "stopped"
        return None
    seconds = time.perf_counter() - start
    code = re.search(r"\[([a-z.-]+)\]\s*$", done.stderr)
    written = len(list((out / "primer").glob("*.yaml"))) if (out / "primer").is_dir() else 0
    outcome[name] = (
        f"{written:,} files"
        if done.returncode == 0
        else f"exit {done.returncode}" + (f" [{code[1]}]" if code else "")
    )
    return seconds


def main() -> None:
    """Generate the documents, import each RUNS times per tree, print a Markdown table of medians."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--lines", default="10000,20000,40000,80000")
    parser.add_argument("--against", metavar="REF", help="also time the code at this git ref")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        trees = {"after": PROJECT}
        if args.against:
            trees = {"before": worktree(args.against, work), **trees}
        try:
            names = " | ".join(f"{name} s" for name in trees)
            outcomes = " | ".join(f"{name}: result" for name in trees)
            print(f"| document | lines | MB | {names} | s per 1,000 lines | {outcomes} |")
            print(f"|---|---:|---:|{'---:|' * len(trees)}---:|{'---|' * len(trees)}")
            for kind in ("sections", "long paragraphs", "run-on"):
                for count in (int(n) for n in args.lines.split(",")):
                    doc = work / f"{kind.replace(' ', '-')}-{count}.txt"
                    doc.write_text(document(kind, count), encoding="utf-8")
                    times: dict[str, list[float | None]] = {name: [] for name in trees}
                    outcome: dict[str, str] = {}
                    for _ in range(args.runs):
                        for name, tree in trees.items():
                            times[name].append(import_once(tree, doc, work / "out", outcome, name))
                    medians = [_median(times[name]) for name in trees]
                    per = medians[-1] / count * 1000 if medians[-1] is not None else None
                    cells = [_seconds(m) for m in medians]
                    size = doc.stat().st_size / 1_048_576
                    results = " | ".join(outcome[name] for name in trees)
                    row = [kind, f"{count:,}", f"{size:.1f}", *cells, _seconds(per, 3), results]
                    print(f"| {' | '.join(row)} |")
        finally:
            if args.against:
                subprocess.run(
                    ["git", "-C", str(PROJECT), "worktree", "remove", "--force", str(trees["before"])]
                )


def _median(values: list[float | None]) -> float | None:
    return None if any(v is None for v in values) else statistics.median(v for v in values if v is not None)


def _seconds(value: float | None, digits: int = 2) -> str:
    return f"> {LIMIT}" if value is None else f"{value:.{digits}f}"


if __name__ == "__main__":
    main()
