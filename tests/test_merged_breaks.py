"""Two breaks a fit puts side by side become one break, in every output.

Shortening the half day to 90 or 60 minutes leaves out everything between its two
required breaks; the run-of-show read "break, break" and squeezed the closing round
to 5 minutes. Now the two are one break of the longer one's minutes (never less
than the aftercare among them, added up), with what each of them says.
"""

from __future__ import annotations

import itertools
import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from pptx import Presentation

from facilitator import api
from facilitator.cli import cli
from facilitator.planning.fit import FitError, FitItem, fit_agenda

from .conftest import PROJECT

HALF_DAY = PROJECT / "workshops" / "allyship-half-day.yaml"


def _build(out: Path, end: str) -> Path:
    only = ["--only", "guide", "--only", "deck", "--only", "timer", "--only", "calendar"]
    result = CliRunner().invoke(
        cli, ["build", str(HALF_DAY), "--end", end, "--out", str(out), "-j", "1", *only]
    )
    assert result.exit_code == 0, result.output
    return out / "allyship-half-day"


def _run_of_show(folder: Path) -> list[tuple[str, str, str, str]]:
    """The guide's run-of-show rows: start, end, minutes and segment."""
    text = (folder / "guide.md").read_text(encoding="utf-8")
    table = text.split("## Run of show", 1)[1].split("\n\n", 2)[1]
    rows = [[cell.strip() for cell in line.strip("|").split("|")] for line in table.splitlines()[2:-1]]
    return [(start, end, minutes, segment) for start, end, minutes, segment, _materials in rows]


def _slides(folder: Path) -> list[tuple[str, str, str]]:
    """Each slide's title, body text and speaker notes."""
    deck = Presentation(str(folder / "deck.pptx"))
    slides = []
    for slide in deck.slides:
        title = slide.shapes.title.text_frame.text
        body = "\n".join(
            s.text_frame.text for s in slide.shapes if s.has_text_frame and s != slide.shapes.title
        )
        slides.append((title, body, slide.notes_slide.notes_text_frame.text))
    return slides


def _timer(folder: Path) -> list[tuple[str, int, int, str]]:
    """The timer page's segments: title, minutes, minutes from the start, and how each may give time."""
    html = (folder / "timer.html").read_text(encoding="utf-8")
    data = json.loads(
        re.search(r'<script type="application/json" id="timer-data">(.*?)</script>', html).group(1)
    )
    return [(s["title"], s["minutes"], s["offset"], s["give"]) for s in data["segments"]]


@pytest.fixture(scope="module")
def ninety(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("ninety"), "10:30")


@pytest.fixture(scope="module")
def sixty(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _build(tmp_path_factory.mktemp("sixty"), "10:00")


def test_the_half_day_in_90_minutes_has_one_break_and_keeps_a_discussion(ninety: Path) -> None:
    assert _run_of_show(ninety) == [
        ("09:00", "09:10", "10", "Opening: Welcome, agreements and content note"),
        ("09:10", "09:15", "5", "Primer: Two words we will use: privilege and marginalization"),
        ("09:15", "09:25", "10", "Primer: Allyship is recognized, not self-declared"),
        ("09:25", "09:35", "10", "Discussion: Noticing privilege in daily life"),
        ("09:35", "09:55", "20", "Role-play: The new volunteer's big plan"),
        ("09:55", "10:05", "10", "Break: Morning break"),
        ("10:05", "10:10", "5", "Activity: Pause and look after yourself"),
        ("10:10", "10:30", "20", "Closing: Closing round"),
    ]
    slides = _slides(ninety)
    [agenda] = [body for title, body, _notes in slides if title == "Agenda"]
    assert agenda.replace("\xa0", " ").splitlines() == [
        "09:00\tWelcome, agreements and content note  10 min",
        "09:10\tTwo words we will use: privilege and marginalization  5 min",
        "09:15\tAllyship is recognized, not self-declared  10 min",
        "09:25\tNoticing privilege in daily life  10 min",
        "09:35\tThe new volunteer's big plan  20 min",
        "09:55\tMorning break  10 min",
        "10:05\tPause and look after yourself  5 min",
        "10:10\tClosing round  20 min",
        "10:30\tEnd",
    ]
    breaks = [(title, body, notes) for title, body, notes in slides if "break" in title.lower()]
    assert breaks == [
        (
            "Morning break",
            "Back at 10:05\n10-minute break",
            "Break: Morning break. 09:55–10:05 (10 minutes).\nSay when to be back: 10:05.\n"
            "Notes: When the bus scenario comes next, remind people that it is intense and that observing "
            "is a full part of it.\nMove on: At 10:05, wrap up and move to Pause and look after yourself.",
        )
    ]
    assert _timer(ninety) == [
        ("Welcome, agreements and content note", 10, 0, "keep"),
        ("Two words we will use: privilege and marginalization", 5, 10, "optional"),
        ("Allyship is recognized, not self-declared", 10, 15, "optional"),
        ("Noticing privilege in daily life", 10, 25, "optional"),
        ("The new volunteer's big plan", 20, 35, "shrink"),
        ("Morning break", 10, 55, "keep"),
        ("Pause and look after yourself", 5, 65, "keep"),
        ("Closing round", 20, 70, "shrink"),
    ]
    calendar = (ninety / "session.ics").read_text(encoding="utf-8")
    assert "DTEND;TZID=America/Vancouver:20270520T103000" in calendar


def test_the_half_day_in_60_minutes_gives_the_closing_round_15_minutes_not_5(sixty: Path) -> None:
    assert _run_of_show(sixty) == [
        ("09:00", "09:10", "10", "Opening: Welcome, agreements and content note"),
        ("09:10", "09:30", "20", "Role-play: The new volunteer's big plan"),
        ("09:30", "09:40", "10", "Break: Morning break"),
        ("09:40", "09:45", "5", "Activity: Pause and look after yourself"),
        ("09:45", "10:00", "15", "Closing: Closing round"),
    ]
    slides = _slides(sixty)
    [agenda] = [body for title, body, _notes in slides if title == "Agenda"]
    assert agenda.replace("\xa0", " ").splitlines() == [
        "09:00\tWelcome, agreements and content note  10 min",
        "09:10\tThe new volunteer's big plan  20 min",
        "09:30\tMorning break  10 min",
        "09:40\tPause and look after yourself  5 min",
        "09:45\tClosing round  15 min",
        "10:00\tEnd",
    ]
    assert [(t, b) for t, b, _n in slides if "break" in t.lower()] == [
        ("Morning break", "Back at 09:40\n10-minute break")
    ]
    assert [n.splitlines()[0] for t, _b, n in slides if t == "Closing round"] == [
        "Closing: Closing round. 09:45–10:00 (15 minutes)."
    ]
    assert [(title, minutes, offset) for title, minutes, offset, _give in _timer(sixty)] == [
        ("Welcome, agreements and content note", 10, 0),
        ("The new volunteer's big plan", 20, 10),
        ("Morning break", 10, 30),
        ("Pause and look after yourself", 5, 40),
        ("Closing round", 15, 45),
    ]


def test_the_merge_is_a_warning_at_the_second_break() -> None:
    plan = api.load_plan(HALF_DAY, duration=60)
    line = HALF_DAY.read_text(encoding="utf-8").splitlines().index("  - break: Second break") + 1
    assert [d.format() for d in plan.warnings if d.code == "fit.merged"] == [
        f"workshops/allyship-half-day.yaml:{line}:5: warning: agenda[11]: required break 'break-2' (10 min) "
        "would follow required break 'break' (10 min) once the segments between them are left out to fit "
        "60 minutes; they become one 10-minute break, 'break', which keeps what each of them says "
        "[fit.merged]"
    ]
    [merged] = plan.of_kind("break")
    assert (merged.id, merged.merged, merged.required) == ("break", ("break-2",), True)


# --- the rule, on its own -----------------------------------------------------------------------------


def _break(name: str, minutes: int, **keys: object) -> FitItem:
    return FitItem(name, minutes, fixed=True, kind="break", **keys)  # type: ignore[arg-type]


def test_breaks_brought_together_become_the_longer_one() -> None:
    items = [
        FitItem("welcome", 10, fixed=True, kind="opening"),
        FitItem("teach", 20, kind="primer"),
        _break("tea", 10),
        FitItem("extra", 20, optional=True, kind="primer"),
        _break("lunch", 15),
        FitItem("closing", 15, kind="closing"),
    ]
    fitted = fit_agenda(items, 60)
    # Without the merge: [10, 15, 10, None, 15, 10]: two breaks in a row, and less to teach and to close.
    assert fitted.minutes == [10, 20, 15, None, None, 15]
    assert fitted.merged == {2: (4,)}


def test_three_breaks_brought_together_become_one() -> None:
    items = [
        FitItem("teach", 30, kind="primer"),
        _break("a", 10),
        FitItem("x", 10, optional=True),
        _break("b", 5),
        FitItem("y", 10, optional=True),
        _break("c", 10),
        FitItem("closing", 10, kind="closing"),
    ]
    fitted = fit_agenda(items, 50)
    assert fitted.minutes == [30, 10, None, None, None, None, 10]
    assert fitted.merged == {1: (3, 5)}


def test_breaks_the_workshop_puts_side_by_side_stay_as_written() -> None:
    items = [
        FitItem("teach", 30, kind="primer"),
        _break("a", 10),
        _break("b", 10),
        FitItem("x", 10, optional=True),
        FitItem("closing", 10, kind="closing"),
    ]
    fitted = fit_agenda(items, 55)
    assert fitted.minutes == [25, 10, 10, None, 10]
    assert fitted.merged == {}


def test_merged_aftercare_keeps_every_minute_of_it() -> None:
    """Two role-plays' aftercare breaks, brought together, are one break as long as both: never shortened."""
    items = [
        FitItem("scene-1", 30, kind="scenario", default_floor=30),
        FitItem("scene-2", 30, kind="scenario", default_floor=30),
        _break("settle-1", 10, aftercare_of=0),
        FitItem("x", 15, optional=True),
        _break("settle-2", 10, aftercare_of=1),
        FitItem("closing", 10, kind="closing"),
    ]
    fitted = fit_agenda(items, 90)
    assert fitted.minutes == [30, 30, 20, None, None, 10]
    assert fitted.merged == {2: (4,)}


def test_a_merged_break_is_left_out_only_when_every_break_in_it_may_be() -> None:
    items = [
        FitItem("teach", 30, kind="primer"),
        _break("a", 10, optional=True),
        FitItem("x", 10, optional=True),
        _break("b", 10, required=True),
        FitItem("closing", 10, kind="closing"),
    ]
    fitted = fit_agenda(items, 30)
    assert fitted.minutes == [15, 10, None, None, 5]
    assert fitted.merged == {1: (3,)}


def test_a_merged_break_keeps_the_notes_and_materials_of_both(write_yaml) -> None:
    path = write_yaml(
        """
        id: two-breaks
        title: Two breaks
        date: 2027-05-20
        start: "09:00"
        duration: 50m
        fit: proportional
        agenda:
          - primer: what-is-allyship
            minutes: 15
          - break: Tea
            minutes: 10
            notes: Tea in the lobby.
            materials: [kettle]
          - primer: privilege-and-marginalization
            minutes: 10
            optional: true
          - break: Stretch
            minutes: 5
            notes: Open the windows.
            materials: [kettle, mats]
          - closing: Close
            minutes: 15
        """
    )
    plan = api.load_plan(path)
    assert [(s.title, s.times, s.notes, s.materials) for s in plan.of_kind("break")] == [
        ("Tea", "09:20–09:30", "Tea in the lobby.\n\nOpen the windows.", ("kettle", "mats"))
    ]
    assert [s.times for s in plan.segments] == ["09:00–09:20", "09:20–09:30", "09:30–09:50"]


def test_a_derived_starter_says_which_break_is_merged(tmp_path: Path) -> None:
    path = tmp_path / "short.yaml"
    result = CliRunner().invoke(cli, ["new", str(path), "--from", "allyship-half-day", "--duration", "60m"])
    assert result.exit_code == 0, result.output
    text = path.read_text(encoding="utf-8")
    edits = text.split("agenda_edits:", 1)[1].split("# More edits", 1)[0].splitlines()[1:]
    assert edits == [
        "  - remove: privilege-and-marginalization",
        "  - remove: recognized-not-self-declared",
        "  - remove: noticing-privilege",
        "  - remove: types-of-ally",
        "  - remove: indigenous-communities-from-the-start",
        "  - remove: doing-your-own-homework",
        "  - remove: partnership-from-the-start",
        "  - remove: starting-with-indigenous-communities",
        "  - remove: break-2  # merged into 'break'",
        "  - remove: interrupting-oppression",
        "  - remove: transit-bystander",
        "  - remove: reflection",
    ]
    plan = api.load_plan(path)
    assert [(s.id, s.times) for s in plan.segments] == [
        ("welcome", "09:00–09:10"),
        ("drop-in-volunteer", "09:10–09:30"),
        ("break", "09:30–09:40"),
        ("self-care", "09:40–09:45"),
        ("closing", "09:45–10:00"),
    ]


# A segment of a random agenda: a break (required or not) or content (optional or not), its minutes, and
# whether a break looks after the scenario just before it. Content comes twice as often as breaks.
SEGMENT = st.tuples(
    st.sampled_from(["break", "content", "content", "scenario", "scenario"]),
    st.integers(1, 40),
    st.booleans(),
)


@settings(max_examples=300, deadline=None)
@given(st.lists(SEGMENT, min_size=2, max_size=14), st.floats(0.2, 1.2))
def test_merging_keeps_its_promises_on_random_agendas(
    specs: list[tuple[str, int, bool]], share: float
) -> None:
    """Exact total; no break lost or shortened; no breaks side by side that the workshop did not put so."""
    items = []
    for i, (kind, minutes, flag) in enumerate(specs):
        if kind == "break":
            cares = i > 0 and flag and specs[i - 1][0] == "scenario"
            items.append(
                _break(f"b{i}", minutes, required=flag and not cares, aftercare_of=i - 1 if cares else None)
            )
        else:
            items.append(FitItem(f"{kind}{i}", minutes, optional=flag, kind=kind))
    duration = max(10, round(sum(item.minutes for item in items) * share))
    try:
        fitted = fit_agenda(items, duration)
    except FitError:
        return
    minutes = fitted.minutes
    assert sum(m for m in minutes if m is not None) == duration
    absorbed = {m: k for k, members in fitted.merged.items() for m in members}
    for k, item in enumerate(items):
        if (
            minutes[k] is None and k not in absorbed
        ):  # left out: optional, or aftercare of a scenario left out
            assert item.optional or (item.aftercare_of is not None and minutes[item.aftercare_of] is None)
    for k, members in fitted.merged.items():
        joined = [items[m] for m in (k, *members)]
        assert all(items[m].kind == "break" and minutes[m] is None for m in members)
        assert minutes[k] >= max(item.minutes for item in joined)  # never shorter than any of them
        assert minutes[k] >= sum(item.minutes for item in joined if item.aftercare_of is not None)
        # Only what fitting left out stood between them.
        for a, b in zip((k, *members), members, strict=False):
            assert b > a + 1 and all(minutes[j] is None and j not in absorbed for j in range(a + 1, b))
    kept = [k for k, m in enumerate(minutes) if m is not None]
    for a, b in itertools.pairwise(kept):
        # Two breaks in a row only as written: the second right after the last break the first stands for.
        if items[a].kind == items[b].kind == "break":
            assert b == max((a, *fitted.merged.get(a, ()))) + 1
