"""Role-plays nobody is hurt by: who may play what, formats by intensity, the harmful moment, de-roling.

The rules are ../shared/FACILITATION.md's; each test breaks one of them in a small
library of its own and reads the one line `validate` prints for it, or builds the
outputs and reads them back (python-pptx for the deck, pdfplumber for the PDFs).
"""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pptx import Presentation

from facilitator import api
from facilitator.cli import cli
from facilitator.planning.library import load_library
from facilitator.planning.scenario_guide import CARD_LINE
from facilitator.render import deck, guide, handout, printables
from facilitator.render.slides.content import subtitled
from facilitator.render.slides.words import Labels
from facilitator.text.markup import plain_text
from facilitator.workshop.paths import BUILTIN_LIBRARY

from .conftest import ALL_READY_WORKSHOPS, PROJECT
from .pdfcheck import pdf_text

SCENE = """\
id: the-scene
title: The scene
setting: An office
intensity: gentle
minutes: 20
summary: Someone is talked over.
content_note: Shows someone being talked over. No slurs.
roles:
  - name: Sam, colleague
    part: ally
    card: You can act here.
  - name: Amara, analyst
    part: targeted
    played_by: card
    card: What I want from you is to be heard.
situation: A meeting is under way.
harmful_moment: Daniel says "we don't need your numbers today, thanks" and moves on.
prompts:
  - What could Sam say?
de_roling:
  - Say your own name.
debrief:
  - What did Sam's words change?
sources:
  - title: Test source
"""

WORKSHOP = """\
id: scene-test
title: Scene test
date: 2027-01-15
start: "10:00"
duration: 30m
facilitators: [Ana, Ben]
support:
  - name: Test line
    contact: 555-0100
    when: Any time
library: [library]
agenda:
  - opening: Welcome
    minutes: 5
  - scenario: the-scene
    minutes: 20
  - closing: Close
    minutes: 5
"""


def make(tmp_path: Path, scene: str = SCENE, workshop: str = WORKSHOP) -> Path:
    """Write the workshop and its one-scenario library; return the workshop file."""
    folder = tmp_path / "library" / "scenarios"
    folder.mkdir(parents=True)
    (folder / "the-scene.yaml").write_text(scene, encoding="utf-8")
    path = tmp_path / "workshop.yaml"
    path.write_text(workshop, encoding="utf-8")
    return path


def line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


def problems(path: Path, code: str) -> list[str]:
    return [d.format() for d in api.check(path) if d.code == code]


# --- who plays what -------------------------------------------------------------------------------


def test_the_scene_as_written_is_clean(tmp_path: Path) -> None:
    assert [d.format() for d in api.check(make(tmp_path))] == []


@pytest.mark.parametrize("part", ["targeted", "affected", "source-of-harm"])
def test_a_participant_never_plays_the_targeted_the_affected_or_the_harm(tmp_path: Path, part: str) -> None:
    scene = SCENE.replace("    part: targeted\n    played_by: card\n", f"    part: {part}\n")
    path = make(tmp_path, scene)
    scene_file = tmp_path / "library" / "scenarios" / "the-scene.yaml"
    line = line_of(scene_file, f"part: {part}")
    article = "an" if part[0] in "aeiou" else "a"
    assert problems(path, "scenario.role") == [
        f"{scene_file}:{line}:11: error: roles[1].part: 'Amara, analyst' is {article} {part} role played "
        "by a participant; participants play only allies, bystanders and observers: set `played_by:` to "
        "co-facilitator, card or nobody [scenario.role]"
    ]
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 2


def test_an_explicit_played_by_participant_is_pointed_at(tmp_path: Path) -> None:
    path = make(tmp_path, SCENE.replace("played_by: card", "played_by: participant"))
    scene_file = tmp_path / "library" / "scenarios" / "the-scene.yaml"
    [found] = problems(path, "scenario.role")
    assert found.startswith(f"{scene_file}:{line_of(scene_file, 'played_by: participant')}:16: error: ")


def test_a_scenario_needs_an_ally_to_play(tmp_path: Path) -> None:
    path = make(tmp_path, SCENE.replace("    part: ally\n", "    part: bystander\n"))
    [found] = problems(path, "scenario.no-ally")
    assert "no role for a participant to play as the ally; add one with `part: ally`" in found


def test_a_scenario_without_de_roling_is_refused(tmp_path: Path) -> None:
    path = make(tmp_path, SCENE.replace("de_roling:\n  - Say your own name.\n", ""))
    scene_file = tmp_path / "library" / "scenarios" / "the-scene.yaml"
    assert (
        f"{scene_file}:1:1: error: de_roling: 'de_roling' is required here; add `de_roling:` [schema.missing]"
        in [d.format() for d in api.check(path)]
    )


def test_the_harmful_remark_on_a_card_is_refused(tmp_path: Path) -> None:
    scene = SCENE.replace(
        "card: You can act here.", "card: Daniel will say we don't need your numbers today."
    )
    path = make(tmp_path, scene)
    scene_file = tmp_path / "library" / "scenarios" / "the-scene.yaml"
    assert problems(path, "scenario.harm-shown") == [
        f"{scene_file}:{line_of(scene_file, 'Daniel will say')}:11: error: roles[0].card: repeats the "
        'harmful remark ("we don\'t need your numbers"); it is read once by the facilitator from '
        "`harmful_moment` and never shown to participants [scenario.harm-shown]"
    ]


# --- formats --------------------------------------------------------------------------------------


def test_a_moderate_scene_in_small_groups_is_refused_in_the_library(tmp_path: Path) -> None:
    scene = SCENE.replace("intensity: gentle\n", "intensity: moderate\nformat: small-groups\n")
    path = make(tmp_path, scene, WORKSHOP.replace("minutes: 20", "minutes: 30").replace("30m", "40m"))
    scene_file = tmp_path / "library" / "scenarios" / "the-scene.yaml"
    assert problems(path, "scenario.format") == [
        f"{scene_file}:5:9: error: format: a moderate scenario cannot run in parallel small groups, where "
        "two facilitators cannot reach every group; use fishbowl or demonstration [scenario.format]"
    ]


def test_a_workshop_cannot_run_an_intense_scene_in_small_groups(tmp_path: Path) -> None:
    scene = SCENE.replace("intensity: gentle", "intensity: intense")
    workshop = WORKSHOP.replace(
        "  - scenario: the-scene\n    minutes: 20\n",
        "  - scenario: the-scene\n    format: small-groups\n    minutes: 30\n",
    )
    path = make(tmp_path, scene, workshop.replace("30m", "40m"))
    assert problems(path, "scenario.format") == [
        f"{path}:{line_of(path, 'format: small-groups')}:13: error: agenda[1].format: an intense scenario "
        "cannot run in parallel small groups, where two facilitators cannot reach every group; use fishbowl "
        "or demonstration [scenario.format]"
    ]
    # By default a heavier scene runs as a fishbowl.
    assert (
        api.load_plan(
            make(tmp_path / "b", scene, WORKSHOP.replace("minutes: 20", "minutes: 30").replace("30m", "40m"))
        )
        .segments[1]
        .scenario_format
        == "fishbowl"
    )


def test_a_co_facilitator_voice_needs_two_facilitators(tmp_path: Path) -> None:
    scene = SCENE.replace("played_by: card", "played_by: co-facilitator")
    path = make(tmp_path, scene, WORKSHOP.replace("facilitators: [Ana, Ben]", "facilitators: [Ana]"))
    [found] = problems(path, "scenario.co-facilitator")
    assert (
        "warning: agenda[1].scenario: scenario 'the-scene' needs a co-facilitator to voice Amara, analyst"
        in found
    )


# --- the library as shipped -----------------------------------------------------------------------


def test_every_built_in_scenario_keeps_its_roles_safe() -> None:
    library, diagnostics = load_library([BUILTIN_LIBRARY])
    assert [d.format() for d in diagnostics] == []
    for entry in library.items["scenarios"].values():
        scenario = entry.item
        for role in scenario.roles:
            if role.played_by == "participant":
                assert role.part in ("ally", "bystander", "observer"), (scenario.id, role.name)
        if scenario.intensity != "gentle":
            assert scenario.format in ("fishbowl", "demonstration"), scenario.id
            assert scenario.minutes >= 30, scenario.id
        assert scenario.de_roling and scenario.harmful_moment


def test_partnership_scenario_asks_for_review_and_portrays_no_indigenous_official() -> None:
    library, _ = load_library([BUILTIN_LIBRARY])
    scenario = library.get("scenarios", "partnership-from-the-start")
    assert "Indigenous partners" in scenario.review_before_use
    marie = next(r for r in scenario.roles if r.name.startswith("Marie Thomas"))
    assert marie.played_by == "nobody"
    plan = api.load_plan(PROJECT / "workshops" / "allyship-half-day.yaml")
    text = guide.render_markdown(plan)
    assert "**Before you use this scenario:** This scenario was written without Indigenous review." in text


# --- what reaches which output --------------------------------------------------------------------


def _slides(plan) -> list[tuple[str, str, str]]:
    [output] = deck.render(plan)
    prs = Presentation(io.BytesIO(output.data))
    out = []
    for slide in prs.slides:
        body = "\n".join(s.text_frame.text for s in slide.shapes if s.has_text_frame)
        out.append(
            (
                slide.shapes.title.text_frame.text,
                " ".join(body.split()),
                slide.notes_slide.notes_text_frame.text,
            )
        )
    return out


def _pdf_pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def _said(plan, message: str) -> str:
    """Return `message` as the workshop's language words it, up to its first placeholder, spaces plain."""
    return _plain(plan.words._(message).split("{")[0].strip())


def _plain(text: str) -> str:
    """Return `text` with its no-break spaces (French typography) as plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("path", ALL_READY_WORKSHOPS, ids=lambda p: p.stem)
def test_the_harmful_moment_is_in_the_notes_and_guide_never_on_slides_cards_or_handout(path: Path) -> None:
    plan = api.load_plan(path)
    slides = _slides(plan)
    [hand] = [o for o in handout.render(plan) if o.name == "handout.pdf"]
    [cards] = printables.render(plan)
    shown = (
        " ".join(body for _t, body, _n in slides)
        + " ".join(_pdf_pages(hand.data))
        + " ".join(_pdf_pages(cards.data))
    )
    notes = " ".join(n for _t, _b, n in slides)
    text = guide.render_markdown(plan)
    for segment in plan.of_kind("scenario"):
        moment = " ".join(plain_text(segment.scenario.harmful_moment).split())
        assert moment not in shown and moment[:60] not in shown
        assert moment in " ".join(notes.split())
        label = _said(
            plan,
            "The harmful moment, to read once in your ordinary voice (never on a card, slide or handout):",
        )
        assert segment.scenario.harmful_moment.split()[0] in text and label[:30] in _plain(text)


@pytest.mark.parametrize("path", ALL_READY_WORKSHOPS, ids=lambda p: p.stem)
def test_every_role_play_ends_with_de_roling_on_a_slide_in_the_notes_and_in_the_guide(path: Path) -> None:
    plan = api.load_plan(path)
    slides = _slides(plan)
    text = _plain(guide.render_markdown(plan))
    titles = [t for t, _b, _n in slides]
    labels = Labels(plan.words)
    for segment in plan.of_kind("scenario"):
        i = titles.index(subtitled(segment.title, labels.STEP_OUT, labels))
        assert titles[i + 1] == subtitled(segment.title, labels.DEBRIEF, labels)  # de-roling, then debrief
        _title, body, notes = slides[i]
        for step in segment.scenario.de_roling:
            assert " ".join(plain_text(step).split()) in body
        assert _said(
            plan, "De-role before the debrief, every time, however short the time: {steps}"
        ) in _plain(notes)
        assert text.count(f"#### {_said(plan, 'Stepping out of role')}") == len(plan.of_kind("scenario"))
        call_time = (
            "Call time. Everyone steps out of role, every time, before any question (see Stepping out of "
            "role): {steps}"
        )
        assert _said(plan, call_time)[:60] in text


@pytest.mark.parametrize("path", ALL_READY_WORKSHOPS, ids=lambda p: p.stem)
def test_every_printed_card_carries_the_line_against_caricature(path: Path) -> None:
    plan = api.load_plan(path)
    [output] = printables.render(plan)
    text = _plain(pdf_text(output.data))  # pypdf keeps each card's text together; pdfplumber interleaves
    cards = sum(1 for s in plan.of_kind("scenario") for r in s.scenario.roles if r.played_by != "nobody")
    assert text.count(_said(plan, CARD_LINE)) == cards


def test_only_allies_bystanders_and_observers_are_offered_on_the_slide() -> None:
    plan = api.load_plan(PROJECT / "workshops" / "allyship-half-day.yaml")
    # The first slide of the scene, continued on a second when the template leaves less room.
    slide = " ".join(b for t, b, _n in _slides(plan) if t.startswith("On the number 9 bus") and ":" not in t)
    assert "Roles you may play: Pat, passenger; Jo, passenger; Observers (any number)" in slide
    assert "Read aloud from a card, never acted: Samira, passenger" in slide
    assert "Not played by anyone: The man shouting" in slide


@pytest.mark.parametrize(
    ("scenario", "minutes", "split"),
    [
        ("meeting-credit", 20, (4, 7, 2, 7)),  # gentle
        ("family-dinner", 35, (5, 12, 3, 15)),  # moderate: the debrief is the longer part
        ("family-dinner", 30, (5, 7, 3, 15)),  # fitted shorter: the playing gives, never the debrief
        ("transit-bystander", 35, (5, 10, 3, 17)),  # intense: longer still
        ("family-dinner", 65, (5, 28, 3, 29)),  # with time to spare, play and debrief share it
        ("meeting-credit", 10, (4, 2, 2, 2)),  # far too short (and warned about): nothing negative
    ],
)
def test_the_guide_splits_a_role_play_debrief_first(
    write_yaml: Callable[..., Path], scenario: str, minutes: int, split: tuple[int, int, int, int]
) -> None:
    path = write_yaml(
        f"""
        id: split
        title: Split
        date: 2027-05-20
        start: "09:00"
        duration: {minutes}m
        facilitators: [Ana Lima, Ben Okafor]
        agenda:
          - scenario: {scenario}
            minutes: {minutes}
        """
    )
    plan = api.load_plan(path)
    text = guide.render_markdown(plan)
    set_up, play, de_role, debrief = split
    assert (
        f"About {set_up} minutes to set up, {play} to play, {de_role} to step out of role and {debrief} to "
        "debrief."
    ) in text
