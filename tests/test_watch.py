"""Live rebuild: a watched workshop is rebuilt when a file changes, errors are printed, the watch goes on."""

from __future__ import annotations

import os
import queue
import shutil
import signal
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO

import pytest
from pptx import Presentation

from facilitator.watch import COLD_EVERY, IDLE_POLLS, MAX_INTERVAL, Rebuild, hot_files, watch, watched_files
from tests.conftest import PROJECT, ROOTS, default_sigint


def deck_text(path: Path) -> str:
    """Return every piece of text on every slide of a deck, joined."""
    prs = Presentation(str(path))
    return "\n".join(
        shape.text_frame.text for slide in prs.slides for shape in slide.shapes if shape.has_text_frame
    )


def touch_edit(path: Path, old: str, new: str) -> None:
    """Replace text in a file and move its mtime on, so a change within one clock tick is still seen."""
    before = path.stat().st_mtime_ns
    path.write_text(path.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
    os.utime(path, ns=(before + 1_000_000_000, before + 1_000_000_000))


def run_watch(
    workshop: Path, out: Path, edits: dict[int, Callable[[], None]], **options: object
) -> tuple[list[str], list[Rebuild]]:
    """Watch `workshop` for len(edits)+1 polls, applying edits[n] during the n-th sleep."""
    lines: list[str] = []
    builds: list[Rebuild] = []
    cycle = 0

    def sleep(_seconds: float) -> None:
        nonlocal cycle
        cycle += 1
        if cycle in edits:
            edits[cycle]()

    watch(
        [workshop],
        out,
        max_cycles=max(edits, default=0) + 1,
        sleep=sleep,
        echo=lines.append,
        on_rebuild=builds.append,
        only=["deck"],
        **options,
    )
    return lines, builds


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    return tmp_path / "w" / "workshop.yaml"


def test_an_edit_rebuilds_the_deck(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    deck = out / "minimal" / "deck.pptx"
    seen: list[str] = []
    edits = {
        1: lambda: touch_edit(workshop, "title: A small test workshop", "title: A freshly edited workshop"),
        2: lambda: seen.append(deck_text(deck)),
    }
    lines, builds = run_watch(workshop, out, edits)
    assert [b.ok for b in builds] == [True, True], lines
    assert "A freshly edited workshop" in seen[0]
    assert "A small test workshop" not in seen[0]
    assert any("changed: " in line and "workshop.yaml" in line for line in lines), lines
    assert builds[1].written == [deck]
    assert builds[1].deck_seconds is not None and builds[1].deck_seconds <= builds[1].seconds


def test_an_error_is_printed_and_the_watch_goes_on_until_it_is_fixed(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    deck = out / "minimal" / "deck.pptx"
    edits = {
        1: lambda: touch_edit(workshop, "minutes: 20", "minutes: twenty"),
        3: lambda: touch_edit(workshop, "minutes: twenty", "minutes: 20\n    notes: Fixed now"),
    }
    lines, builds = run_watch(workshop, out, edits)
    assert [b.ok for b in builds] == [True, False, True], lines
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == 1 and "agenda[3].minutes" in errors[0] and "'twenty'" in errors[0]
    assert f"{workshop}: not built (1 error(s)); watching for changes" in lines
    assert deck.is_file()
    assert "Notes: Fixed now" in "\n".join(
        slide.notes_slide.notes_text_frame.text for slide in Presentation(str(deck)).slides
    )


def test_a_library_edit_rebuilds_and_identical_outputs_are_not_rewritten(
    workshop: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    item = next((workshop.parent / "library" / "primer").glob("*.yaml"))
    first_line = item.read_text(encoding="utf-8").splitlines()[0]
    edits = {
        1: lambda: touch_edit(item, first_line, first_line + "  # a comment changes nothing"),
        2: lambda: touch_edit(workshop, "Room 1", "Room 2"),
    }
    lines, builds = run_watch(workshop, out, edits, force=True)
    assert [b.ok for b in builds] == [True, True, True], lines
    assert builds[1].unchanged == ["deck.pptx"]  # re-rendered (forced), same bytes: not written
    assert builds[1].written == []
    assert [p.name for p in builds[2].written] == ["deck.pptx"]
    assert f"{workshop}: outputs unchanged" in " ".join(lines)


def test_watched_files_cover_sources_library_theme_and_fonts(workshop: Path) -> None:
    from facilitator import api

    plan = api.load_plan(workshop)
    files = watched_files(plan)
    assert workshop.resolve() in files
    assert (workshop.parent / "library" / "primer").resolve() in files  # a new item is noticed
    assert PROJECT / "assets" / "themes" / "default.yaml" in files
    assert Path(plan.theme.fonts.slides.regular) in files
    assert set(map(Path, plan.inputs)) <= files


def _read_lines(stream: IO[str]) -> queue.Queue[str | None]:
    """Return a queue that receives each line of `stream` as it is printed, then None at its end."""
    lines: queue.Queue[str | None] = queue.Queue()

    def read() -> None:
        for line in stream:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=read, daemon=True).start()
    return lines


@pytest.mark.parametrize("stop", ["int", "term"])
def test_cli_watch_stops_cleanly_on_ctrl_c(workshop: Path, tmp_path: Path, stop: str) -> None:
    out = tmp_path / "out"
    command = [sys.executable, "-m", "facilitator", "build", str(workshop), "--watch", "--only", "deck"]
    with (tmp_path / "stderr.txt").open("w+", encoding="utf-8") as errors:
        process = subprocess.Popen(
            [*command, "--out", str(out)],
            cwd=PROJECT,
            stdout=subprocess.PIPE,
            stderr=errors,
            text=True,
            preexec_fn=default_sigint,
        )
        try:
            lines = _read_lines(process.stdout)  # type: ignore[arg-type]
            printed: list[str] = []
            while not any(line.startswith("watching ") for line in printed):
                line = lines.get(timeout=60)  # the first build and the watch's first line
                assert line is not None, f"the watch ended before watching: {printed}"
                printed.append(line)
            process.send_signal(signal.SIGINT if stop == "int" else signal.SIGTERM)
            process.wait(timeout=30)
        finally:
            if process.poll() is None:
                process.kill()
        while (line := lines.get(timeout=10)) is not None:
            printed.append(line)
        errors.seek(0)
        stderr = errors.read()
    stdout = "".join(printed)
    assert process.returncode == 0, stderr
    assert "Traceback" not in stderr
    assert (out / "minimal" / "deck.pptx").is_file()
    assert "watching 1 workshop(s) for changes" in stdout
    assert stdout.rstrip().endswith("stopped watching")


# --- polling cheaply (issue 17): only what the workshop uses, less often when idle ----------------


def _big_library(workshop: Path, count: int) -> list[Path]:
    """Add `count` primer sections the workshop does not use to its library; return their files."""
    item = (workshop.parent / "library" / "primer" / "local-basics.yaml").read_text(encoding="utf-8")
    files = []
    for i in range(count):
        path = workshop.parent / "library" / "primer" / f"unused-{i}.yaml"
        path.write_text(item.replace("id: local-basics", f"id: unused-{i}"), encoding="utf-8")
        files.append(path)
    return files


def test_a_poll_looks_only_at_the_files_the_workshop_uses(
    workshop: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from facilitator import watch as watching

    unused = _big_library(workshop, 300)
    looked: list[int] = []
    real_snapshot = watching.snapshot

    def counting(paths: object) -> dict:
        found = real_snapshot(paths)  # type: ignore[arg-type]
        looked.append(len(found))
        return found

    monkeypatch.setattr(watching, "snapshot", counting)
    quiet = {n: lambda: None for n in range(1, 2 * COLD_EVERY)}
    _lines, builds = run_watch(workshop, tmp_path / "out", quiet)
    assert [b.ok for b in builds] == [True]
    polls = looked[1:]  # the first is the look after the first build
    everything = looked[0]
    assert everything > 300
    cold = [n for n in polls if n == everything]
    assert len(cold) == 2  # every COLD_EVERY polls, the whole library
    assert max(n for n in polls if n != everything) < 30  # otherwise a few dozen files at most
    from facilitator import api

    hot = hot_files(api.load_plan(workshop))
    assert not hot & {p.resolve() for p in unused}
    assert (workshop.parent / "library" / "primer" / "local-basics.yaml").resolve() in hot  # used: hot
    assert (workshop.parent / "library" / "primer").resolve() in hot  # a new item is noticed at once


def test_an_unused_library_item_is_still_noticed(workshop: Path, tmp_path: Path) -> None:
    [item] = _big_library(workshop, 1)
    edits = {1: lambda: touch_edit(item, "title: Local basics", "title: Renamed, unused")}
    edits.update({n: lambda: None for n in range(2, COLD_EVERY + 1)})
    lines, builds = run_watch(workshop, tmp_path / "out", edits)
    assert len(builds) == 2, lines  # seen at the look at the whole library, not before
    assert any("changed: " in line and "unused-0.yaml" in line for line in lines), lines


def test_an_idle_watch_polls_less_often_and_a_change_wakes_it(workshop: Path, tmp_path: Path) -> None:
    waits: list[float] = []
    cycle = 0
    edit_at = 200

    def sleep(seconds: float) -> None:
        nonlocal cycle
        cycle += 1
        waits.append(seconds)
        if cycle == edit_at:
            touch_edit(workshop, "title: A small test workshop", "title: Woken up")

    watch(
        [workshop],
        tmp_path / "out",
        max_cycles=edit_at + 2,
        sleep=sleep,
        echo=lambda _line: None,
        only=["deck"],
    )
    assert waits[:IDLE_POLLS] == [0.25] * IDLE_POLLS
    assert waits[IDLE_POLLS : 2 * IDLE_POLLS] == [0.5] * IDLE_POLLS
    assert waits[edit_at - 1] == MAX_INTERVAL == 1.0  # idle for long: once a second at most
    assert waits[edit_at] == 0.25  # the change woke it


def test_a_library_change_rereads_only_that_file(workshop: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.planning import library as library_module

    files = _big_library(workshop, 50)
    roots = [(workshop.parent / "library").resolve()]
    library_module.get_library(roots)
    read: list[Path] = []
    real = library_module.load_source
    monkeypatch.setattr(library_module, "load_source", lambda path: read.append(path) or real(path))
    touch_edit(files[7], "title: Local basics", "title: Edited")
    library, _diagnostics = library_module.get_library(roots)
    assert read == [files[7]]
    assert library.items["primer"]["unused-7"].item.title == "Edited"
