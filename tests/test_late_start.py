"""Late starts: `--start` shifts every clock time in every output; `--end` fits the agenda to end then.

The expected times are written out by hand from the workshop below (09:00, segments of
10, 15, 5, 20 and 10 minutes), never computed by the code under test.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from pptx import Presentation

from facilitator import api
from facilitator.cli import cli
from tests.browser import chromium, needs_chromium
from tests.pdfcheck import pdf_text

WORKSHOP = """\
id: late-start
title: Late start
date: 2027-05-20
start: "09:00"
duration: 60m
facilitators: [Ana Lima, Ben Okafor]
timezone: America/Vancouver
agenda:
  - opening: Welcome
    minutes: 10
    lead: Ana Lima
  - primer: what-is-allyship
    minutes: 15
    lead: Ben Okafor
  - break: Break
    minutes: 5
  - discussion: noticing-privilege
    minutes: 20
  - closing: Close
    minutes: 10
"""
# As planned: 09:00 09:10 09:25 09:30 09:50 10:00. Starting at 09:20, all shift by 20 minutes.
SHIFTED = {"09:20", "09:30", "09:45", "09:50", "10:10", "10:20"}
PLANNED_ONLY = {"09:00", "09:10", "09:25", "10:00"}
CLOCK = re.compile(r"\b\d{2}:\d{2}\b")


@pytest.fixture
def workshop(tmp_path: Path) -> Path:
    path = tmp_path / "late-start.yaml"
    path.write_text(WORKSHOP, encoding="utf-8")
    return path


def deck_text(path: Path) -> str:
    """Return every slide's text and every speaker note of a deck."""
    deck = Presentation(str(path))
    parts = []
    for slide in deck.slides:
        parts += [shape.text_frame.text for shape in slide.shapes if shape.has_text_frame]
        if slide.has_notes_slide:
            parts.append(slide.notes_slide.notes_text_frame.text)
    return "\n".join(parts)


def test_agenda_with_start_prints_the_shifted_run_of_show(workshop: Path) -> None:
    result = CliRunner().invoke(cli, ["agenda", str(workshop), "--start", "09:20"])
    assert result.exit_code == 0, result.output
    rows = [line.split()[:3] for line in result.output.splitlines()[2:7]]
    assert rows == [
        ["09:20", "09:30", "10"],
        ["09:30", "09:45", "15"],
        ["09:45", "09:50", "5"],
        ["09:50", "10:10", "20"],
        ["10:10", "10:20", "10"],
    ]
    assert "2027-05-20, 09:20–10:20" in result.output


def test_agenda_with_start_and_end_fits_the_agenda_between_them(workshop: Path) -> None:
    result = CliRunner().invoke(cli, ["agenda", str(workshop), "--start", "09:20", "--end", "10:05"])
    assert result.exit_code == 0, result.output
    rows = [line.split()[:3] for line in result.output.splitlines()[2:7]]
    # 45 minutes: the opening and the break keep theirs, the rest shrink in proportion.
    assert rows == [
        ["09:20", "09:30", "10"],
        ["09:30", "09:40", "10"],
        ["09:40", "09:45", "5"],
        ["09:45", "10:00", "15"],
        ["10:00", "10:05", "5"],
    ]
    assert "Total: 45 of 45 minutes" in result.output


def test_end_alone_keeps_the_files_start(workshop: Path) -> None:
    plan = api.load_plan(workshop, end=api_time("09:40"))
    assert (plan.start, plan.end, plan.total_minutes) == ("09:00", "09:40", 40)


def test_an_end_before_the_start_plus_five_minutes_is_one_positioned_error(workshop: Path) -> None:
    result = CliRunner().invoke(cli, ["agenda", str(workshop), "--start", "09:20", "--end", "09:22"])
    assert result.exit_code == 2
    assert re.search(r"late-start\.yaml:4:8: error: start: --end 09:22 leaves 2 minutes", result.output)


@pytest.mark.parametrize("bad", ["25:00", "9h", "noon"])
def test_a_start_that_is_not_a_clock_time_is_refused(workshop: Path, bad: str) -> None:
    result = CliRunner().invoke(cli, ["build", str(workshop), "--start", bad])
    assert result.exit_code == 2
    assert "Invalid value for '--start'" in result.output


def test_duration_and_end_together_are_refused(workshop: Path) -> None:
    result = CliRunner().invoke(cli, ["agenda", str(workshop), "--duration", "45m", "--end", "10:05"])
    assert result.exit_code == 2
    assert "give --duration or --end, not both" in result.output


def test_a_session_may_run_past_midnight(workshop: Path) -> None:
    plan = api.load_plan(workshop, start=api_time("23:40"), end=api_time("00:25"))
    assert [(s.start, s.end) for s in plan.segments] == [
        ("23:40", "23:50"),
        ("23:50", "00:00"),
        ("00:00", "00:05"),
        ("00:05", "00:20"),
        ("00:20", "00:25"),
    ]


@pytest.fixture(scope="module")
def shifted_texts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """Build the workshop once with --start 09:20 and return each output's text, by file name."""
    folder = tmp_path_factory.mktemp("late-start")
    workshop = folder / "late-start.yaml"
    workshop.write_text(WORKSHOP, encoding="utf-8")
    out = folder / "out"
    result = CliRunner().invoke(
        cli, ["build", str(workshop), "--out", str(out), "--start", "09:20", "-j", "1"]
    )
    assert result.exit_code == 0, result.output
    built = out / "late-start"
    return {
        "deck.pptx": deck_text(built / "deck.pptx"),
        "guide.md": (built / "guide.md").read_text(encoding="utf-8"),
        "guide.html": (built / "guide.html").read_text(encoding="utf-8"),
        "guide.pdf": pdf_text((built / "guide.pdf").read_bytes()),
        "handout.pdf": pdf_text((built / "handout.pdf").read_bytes()),
        "handout.html": (built / "handout.html").read_text(encoding="utf-8"),
        "timer.html": (built / "timer.html").read_text(encoding="utf-8"),
    }


@pytest.mark.parametrize(
    "name", ["deck.pptx", "guide.md", "guide.html", "guide.pdf", "handout.pdf", "handout.html", "timer.html"]
)
def test_build_with_start_shifts_every_clock_time_in_every_output(
    shifted_texts: dict[str, str], name: str
) -> None:
    found = set(CLOCK.findall(shifted_texts[name]))
    assert not found & PLANNED_ONLY, f"{name} still shows a planned time: {sorted(found & PLANNED_ONLY)}"
    assert found == SHIFTED  # the run-of-show names every shifted time


def test_the_break_slide_the_handout_and_the_timer_say_when(shifted_texts: dict[str, str]) -> None:
    assert "Back at 09:50" in shifted_texts["deck.pptx"]
    assert "09:45–09:50" in shifted_texts["handout.pdf"]
    assert '"start":560' in shifted_texts["timer.html"]  # 09:20, as the page's clock reads it


@needs_chromium
def test_the_timer_of_a_late_start_follows_the_shifted_times(workshop: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    api.build(workshop, out, only=["timer"], start=api_time("09:20"))
    page = (out / "late-start" / "timer.html").as_uri()
    with chromium(1280, 720) as tab:
        tab.open(page + "?now=09:35&speed=0")
        shown = tab.evaluate(
            "[document.getElementById('now-title').textContent, document.getElementById('time-left')"
            ".textContent, document.getElementById('now-ends').textContent,"
            " [...document.querySelectorAll('td.planned')].map((c) => c.textContent)]"
        )
    assert shown == [
        "What is allyship?",
        "10:00",
        "Ends at 09:45",
        ["09:20", "09:30", "09:45", "09:50", "10:10", "10:20"],
    ]


def test_each_segments_lead_reaches_the_guide(workshop: Path) -> None:
    plan = api.load_plan(workshop)
    assert [s.lead for s in plan.segments] == ["Ana Lima", "Ben Okafor", None, None, None]
    from facilitator.render import guide

    markdown = next(o for o in guide.render(plan) if o.name == "guide.md").data.decode()
    assert "*Opening · 09:00–09:10 · 10\u00a0mins · led by Ana Lima*" in markdown
    assert "*Primer · 09:10–09:25 · 15\u00a0mins · led by Ben Okafor*" in markdown


def test_a_lead_who_is_not_a_facilitator_is_a_warning_with_a_hint(workshop: Path) -> None:
    workshop.write_text(WORKSHOP.replace("lead: Ben Okafor", "lead: Ben Okafr"), encoding="utf-8")
    warnings = [d.format() for d in api.check(workshop) if d.code == "plan.lead"]
    assert warnings == [
        f"{workshop}:14:11: warning: agenda[1].lead: 'Ben Okafr' is not one of the facilitators "
        "(did you mean 'Ben Okafor'?); the facilitators are Ana Lima, Ben Okafor [plan.lead]"
    ]


def api_time(text: str):
    """Return `HH:MM` as a time of day (the form the command line's --start and --end give)."""
    import datetime as dt

    hour, minute = text.split(":")
    return dt.time(int(hour), int(minute))
