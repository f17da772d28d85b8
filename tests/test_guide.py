"""The facilitator guide: preparation numbers, Markdown output (golden file) and inline Markdown."""

from __future__ import annotations

import difflib
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from facilitator.api import build, load_plan
from facilitator.planning import prep, segment_guide
from facilitator.render import RENDERERS
from facilitator.render.guide import escape_markdown, md_inline, render, render_markdown
from tests.clock import planned_times
from tests.conftest import MINIMAL, PROJECT, READY_WORKSHOPS

GOLDEN = PROJECT / "tests" / "golden" / "minimal-guide.md"
MINIMAL_LIBRARY = MINIMAL.parent / "library"


def with_library(path: Path) -> Path:
    """Copy the minimal test library next to a workshop file, which names it `library`; return the file."""
    shutil.copytree(MINIMAL_LIBRARY, path.parent / "library", dirs_exist_ok=True)
    return path


def workshop_yaml(participants: int, extra: str = "") -> str:
    """Return a small workshop using the minimal test library, for `participants` people."""
    return f"""
        id: counts
        title: Counting test
        date: 2027-02-01
        start: "09:00"
        duration: 30m
        facilitators: [Ana, Bo]
        expected_participants: {participants}
        content_note: Role-play about exclusion; you may observe instead.
        library: [library]
        {extra}
        agenda:
          - opening: Hello
            minutes: 5
            materials: [Markers, flip chart]
          - scenario: local-scene
            minutes: 20
            materials: [markers, Timer]
          - closing: Bye
            minutes: 5
        """


# ---------------------------------------------------------------------------
# Preparation numbers


@pytest.mark.parametrize(
    ("count", "expected"),
    [(0, 0), (1, 2), (9, 10), (10, 11), (11, 13), (20, 22), (21, 24), (30, 33), (100, 110)],
)
def test_spare_copies_are_ten_percent_rounded_up(count: int, expected: int) -> None:
    assert prep.with_spare(count) == expected


@pytest.mark.parametrize(
    ("participants", "handouts", "role_cards", "name_tents", "sign_in_pages"),
    # sign-in: 16 rows a page
    [(20, 22, 20, 24, 2), (21, 24, 22, 26, 2), (7, 8, 8, 10, 1), (45, 50, 46, 52, 4)],
)
def test_printing_counts_follow_expected_participants(
    write_yaml: Callable[..., Path],
    participants: int,
    handouts: int,
    role_cards: int,
    name_tents: int,
    sign_in_pages: int,
) -> None:
    plan = load_plan(with_library(write_yaml(workshop_yaml(participants))))
    counts = {p.item: p.count for p in prep.printing_counts(plan)}
    assert counts == {
        "Handouts": handouts,
        "Role cards for “The missing ramp”": role_cards,  # two roles × enough groups for everyone
        "Name tents": name_tents,  # participants with spare + one per facilitator (2)
        "Sign-in sheet": sign_in_pages,
        "Feedback forms": handouts,
    }


def test_printables_switched_off_are_not_counted(write_yaml: Callable[..., Path]) -> None:
    extra = "printables: {role_cards: false, name_tents: false, sign_in: false, feedback: false}"
    plan = load_plan(with_library(write_yaml(workshop_yaml(12, extra))))
    assert [p.item for p in prep.printing_counts(plan)] == ["Handouts"]
    assert all(not m.printed for m in prep.materials_list(plan))


def test_materials_are_deduplicated_across_the_agenda(write_yaml: Callable[..., Path]) -> None:
    plan = load_plan(with_library(write_yaml(workshop_yaml(12))))
    needs = {m.name: m for m in prep.materials_list(plan)}
    assert needs["Markers"].segments == ("Hello", "The missing ramp")
    assert "markers" not in needs
    assert needs["Role cards"].printed and not needs["Markers"].printed
    assert needs["Feedback forms"].segments == ("Bye",)
    rows = prep.run_of_show(plan)
    assert [(r.start, r.end, r.minutes, r.kind_label) for r in rows] == [
        ("09:00", "09:05", 5, "Opening"),
        ("09:05", "09:25", 20, "Role-play"),
        ("09:25", "09:30", 5, "Closing"),
    ]
    assert rows[1].materials == ("markers", "Timer", "Role cards")


def test_checklist_covers_access_content_note_and_support() -> None:
    plan = load_plan(MINIMAL)
    sections = {s.title: " ".join(s.items) for s in prep.checklist(plan).sections}
    assert list(sections) == [
        "Room set-up",
        "Printing and materials",
        "Access needs to ask about in advance",
        "Content note and opting out",
        "Support contacts",
    ]
    access = sections["Access needs to ask about in advance"].lower()
    needs = ("step-free", "captioning", "interpretation", "large-print", "dietary", "quiet", "pronouns")
    assert [need for need in needs if need not in access] == []
    assert plan.workshop.content_note in sections["Content note and opting out"]
    support = next(s for s in prep.checklist(plan).sections if s.title == "Support contacts")
    assert support.lead.startswith("Confirm these numbers before printing")
    assert "Test support line — 555-0100 (Weekdays, 9 to 5)" in sections["Support contacts"]


def test_segment_guides_carry_safety_and_cues() -> None:
    plan = load_plan(MINIMAL)
    guides = {g.kind: g for g in segment_guide.segment_guides(plan)}
    scenario = guides["scenario"]
    safety = " ".join(scenario.safety)
    assert scenario.content_note in safety
    assert "Intensity: gentle" in safety
    assert "Debrief every role-play" in safety
    assert "speak for a group" in safety
    assert scenario.ally_responses[0].primer_title == "Local basics"
    assert scenario.cue == "At 10:40, wrap up and move to Close."
    assert guides["discussion"].discussion_format == "Pairs"
    assert guides["discussion"].questions[0].follow_ups == ["What did you do next?"]
    assert guides["primer"].takeaway == "Small steps, done every day, add up."
    assert guides["closing"].cue == "At 10:45, close the session."


def test_intense_scenario_gets_extra_care() -> None:
    intense = [
        guide
        for workshop in READY_WORKSHOPS
        for guide in segment_guide.segment_guides(load_plan(workshop))
        if guide.intensity == "intense"
    ]
    assert intense, "no ready workshop runs an intense scenario: this test would check nothing"
    assert [g.title for g in intense if not any("second facilitator" in note for note in g.safety)] == []


# ---------------------------------------------------------------------------
# Markdown


def test_minimal_guide_matches_golden_file() -> None:
    text = render_markdown(load_plan(MINIMAL))
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    expected = GOLDEN.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(
            difflib.unified_diff(
                expected.splitlines(keepends=True),
                text.splitlines(keepends=True),
                fromfile=str(GOLDEN.relative_to(PROJECT)),
                tofile="rendered guide.md",
            )
        )
        pytest.fail(f"guide.md differs from the golden file (UPDATE_GOLDEN=1 to accept):\n{diff}")


@pytest.mark.parametrize("path", READY_WORKSHOPS, ids=lambda p: p.stem)
def test_every_ready_workshop_renders_a_guide(path: Path) -> None:
    plan = load_plan(path)
    outputs = {o.name: o for o in render(plan)}
    assert {"guide.md", "guide.html"} <= set(outputs)
    markdown = outputs["guide.md"].data.decode("utf-8")
    ends = [slot.end for slot in planned_times(path)]  # from the file's own numbers, not the plan's
    cues = [
        f"At {end}, wrap up and move to {s.next_title}" for end, s in zip(ends, plan.segments, strict=True)
    ]
    cues[-1] = f"At {ends[-1]}, close the session."
    assert [cue for cue in cues if cue not in markdown] == []
    assert "## Preparation checklist" in markdown and "## Materials" in markdown


def test_guide_is_registered_and_builds(tmp_path: Path) -> None:
    assert RENDERERS["guide"] == "facilitator.render.guide"
    result = build(MINIMAL, tmp_path, only=["guide"])
    names = {path.name for path, _summary in result.written}
    assert {"guide.md", "guide.html"} <= names
    assert (tmp_path / "minimal" / "guide.md").read_text(encoding="utf-8") == render_markdown(
        load_plan(MINIMAL)
    )


@pytest.mark.parametrize(
    ("source", "expected"),
    [
        ("Notice **your** meetings", "Notice **your** meetings"),
        ("then *do it*.", "then *do it*."),
        ("see [the list](https://example.org/a_(b))", "see [the list](https://example.org/a_%28b%29)"),
        ("[x](javascript:alert(1))", "\\[x\\](javascript:alert(1))"),
        ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
        ("a | b", "a \\| b"),
        ("# not a heading", "\\# not a heading"),
        ("1. not a list", "1\\. not a list"),
        ("- not a bullet", "\\- not a bullet"),
        ("snake_case and 5 * 3", "snake\\_case and 5 \\* 3"),
        ("&amp; stays literal", "\\&amp; stays literal"),
        ("", ""),
    ],
)
def test_inline_markdown_is_kept_and_stray_syntax_escaped(source: str, expected: str) -> None:
    assert md_inline(source) == expected


def test_escape_markdown_round_trips_through_the_parser() -> None:
    from facilitator.text.markup import plain_text

    tricky = "a*b*c _d_ [e](f) `g` <h> \\i | ~~j~~ &amp;"
    assert plain_text(escape_markdown(tricky)) == tricky


def test_guide_is_markdown_html_and_pdf() -> None:
    outputs = render(load_plan(MINIMAL))
    assert [o.name for o in outputs] == ["guide.md", "guide.html", "guide.pdf"]
    assert outputs[2].data.startswith(b"%PDF")


def test_large_print_guide_is_only_the_pdf() -> None:
    outputs = render(load_plan(MINIMAL), paper="a4", large_print=True)
    assert [o.name for o in outputs] == ["guide-large-print.pdf"]
    assert outputs[0].data.startswith(b"%PDF")
