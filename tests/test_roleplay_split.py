"""A role-play's split of its minutes comes from the plan, so every output states the one it will run.

The ready workshops' notes said "set up 5 minutes, play 12, step out of role 3,
debrief 15" in their own words; fitted to an hour, the guide split the role-play's
30 minutes as 5/7/3/15 while the speaker notes and the timer still said "play 12".
Now the notes say what to do in each part without minutes, and the guide, the
speaker notes (notes.pdf prints the same) and the timer print the split the plan gives.
"""

from __future__ import annotations

import io
import re
from html import unescape
from pathlib import Path

import pytest
from click.testing import CliRunner
from markupsafe import escape
from pptx import Presentation

from facilitator import api
from facilitator.cli import cli
from facilitator.render import deck

from .conftest import ALL_READY_WORKSHOPS, PROJECT

PRACTICE = PROJECT / "workshops" / "allyship-practice.yaml"
# A number of minutes given to a part of a role-play, in the notes' own words (English or French).
STATED_MINUTES = re.compile(
    r"\b(set up|play|step out of role|debrief|mise en place|jeu|sortie du rôle|retour)\s+\d+", re.IGNORECASE
)


def _outputs(out: Path, end: str) -> Path:
    only = ["--only", "guide", "--only", "deck", "--only", "timer"]
    result = CliRunner().invoke(
        cli, ["build", str(PRACTICE), "--end", end, "--out", str(out), "-j", "1", *only]
    )
    assert result.exit_code == 0, result.output
    return out / "allyship-practice"


def _stated(folder: Path, title: str) -> dict[str, list[str]]:
    """Every sentence of the guide, speaker notes and timer that says how a role-play's minutes divide."""
    said = re.compile(r"About \d+ minutes to set up[^.]*\.")
    guide = (folder / "guide.md").read_text(encoding="utf-8")
    section = guide.split(f". {title}\n", 1)[1].split("\n### ", 1)[0]
    deck = Presentation(str(folder / "deck.pptx"))
    notes = [
        line
        for slide in deck.slides
        if slide.shapes.title.text_frame.text.startswith(title)
        for line in slide.notes_slide.notes_text_frame.text.splitlines()
    ]
    timer = (folder / "timer.html").read_text(encoding="utf-8")
    row = timer.split(f"</span> {escape(title)}\n", 1)[1].split("</details>", 1)[0]
    return {
        "guide": said.findall(section),
        "speaker notes": [line for line in notes if said.fullmatch(line)],
        "timer": [unescape(p) for p in re.findall(r'<p class="split">([^<]*)</p>', row)],
        "stated minutes": [line for line in notes if STATED_MINUTES.search(line)],
    }


def test_fitted_to_an_hour_the_sunday_dinner_plays_7_minutes_everywhere(tmp_path: Path) -> None:
    folder = _outputs(tmp_path, "14:30")  # 13:30 to 14:30: the role-play gets 30 of its 35 minutes
    split = "About 5 minutes to set up, 7 to play, 3 to step out of role and 15 to debrief."
    assert _stated(folder, "Sunday dinner") == {
        "guide": [split],
        "speaker notes": [split, split],  # the scene's first slide and its debrief
        "timer": [split],
        "stated minutes": [],  # the notes no longer say "play 12"
    }


def test_fitted_to_150_minutes_both_role_plays_state_their_longer_split(tmp_path: Path) -> None:
    folder = _outputs(tmp_path, "16:00")
    assert (
        _stated(folder, "Sunday dinner")["speaker notes"]
        == ["About 5 minutes to set up, 18 to play, 3 to step out of role and 19 to debrief."] * 2
    )
    assert _stated(folder, "Who's not in the room?")["timer"] == [
        "About 4 minutes to set up, 9 to play, 2 to step out of role and 10 to debrief."
    ]


def test_the_french_introduction_states_its_fitted_split_in_french() -> None:
    plan = api.load_plan(PROJECT / "workshops" / "allyship-intro-fr.yaml", duration=90)
    [output] = deck.render(plan)
    slides = Presentation(io.BytesIO(output.data)).slides
    split = (
        "Environ 4 minutes pour la mise en place, 12 pour le jeu, 2 pour sortir du rôle et 12 pour le retour."
    )
    lines = [line for s in slides for line in s.notes_slide.notes_text_frame.text.splitlines()]
    assert lines.count(split) == 2


@pytest.mark.parametrize("path", ALL_READY_WORKSHOPS, ids=lambda p: p.stem)
def test_no_ready_workshop_states_a_role_play_split_of_its_own(path: Path) -> None:
    """A stated split holds at one length only; the plan states it at every length."""
    plan = api.load_plan(path)
    stated = [
        (s.id, m.group()) for s in plan.of_kind("scenario") for m in STATED_MINUTES.finditer(s.notes or "")
    ]
    assert stated == []


DINNER = """
id: dinner
title: Dinner
date: 2027-05-20
start: "09:00"
duration: 45m
facilitators: [Ana, Ben]
agenda:
  - primer: what-is-allyship
    minutes: 10
  - scenario: family-dinner
    minutes: 35
    notes: >
      As a fishbowl. Set up 5 minutes, play 12 (observers may tap in),
      step out of role 3, debrief 15.
"""
DINNER_NOTES = (
    "As a fishbowl. Set up 5 minutes, play 12 (observers may tap in),\n      step out of role 3, debrief 15."
)


def test_notes_stating_a_split_the_fit_changed_are_a_warning(write_yaml) -> None:
    path = write_yaml(DINNER)
    assert [d for d in api.check(path) if d.code == "timing.split"] == []  # 35 minutes: 5, 12, 3, 15
    path = write_yaml(DINNER.replace("duration: 45m", "duration: 40m\nfit: proportional"))
    assert [d.format() for d in api.check(path) if d.code == "timing.split"] == [
        f"{path}:13:12: warning: agenda[1].notes: say 'play 12', but the 30 minutes of 'family-dinner' split "
        "as set up 5, play 7, step out of role 3 and debrief 15, as the guide, speaker notes and timer say; "
        "leave the minutes out of the notes [timing.split]"
    ]


@pytest.mark.parametrize(
    ("notes", "said"),
    [
        ("10 minutes to play, 15 to debrief.", "10 minutes to play"),
        ("Mise en place 5 minutes, jeu 12, sortie du rôle 3, retour 15.", "jeu 12"),
        ("Debrief 20 and play 2.", "Debrief 20"),
    ],
)
def test_a_stated_split_is_read_in_either_order_and_in_french(write_yaml, notes: str, said: str) -> None:
    path = write_yaml(
        DINNER.replace("duration: 45m", "duration: 40m\nfit: proportional").replace(
            DINNER_NOTES,
            notes,
        )
    )
    [found] = [d.message for d in api.check(path) if d.code == "timing.split"]
    assert found.startswith(f"say '{said}', but")


@pytest.mark.parametrize("notes", ["Play 2 rounds if the room is keen.", "Set up the chairs in 4 rows."])
def test_a_lone_number_is_not_taken_for_a_split(write_yaml, notes: str) -> None:
    path = write_yaml(
        DINNER.replace("duration: 45m", "duration: 40m\nfit: proportional").replace(
            DINNER_NOTES,
            notes,
        )
    )
    assert [d for d in api.check(path) if d.code == "timing.split"] == []


@pytest.mark.parametrize(
    ("segment_title", "cue"),
    [
        ("The new volunteer's big plan", "Let the groups play, then use these prompts."),
        (
            "A plan that arrived too late",
            "Let the players in the middle play while the others watch and tap in, then use these prompts.",
        ),
        (
            "On the number 9 bus",
            "Run the scene in front of the room, pausing for suggestions, then use these prompts.",
        ),
    ],
    ids=["small-groups", "fishbowl", "demonstration"],
)
def test_the_discussion_slide_cues_the_room_as_the_role_play_is_run(segment_title: str, cue: str) -> None:
    """The half day runs one role-play in small groups, one as a fishbowl and one as a demonstration."""
    [output] = deck.render(api.load_plan(PROJECT / "workshops" / "allyship-half-day.yaml"))
    slides = Presentation(io.BytesIO(output.data)).slides
    discuss = [
        slide
        for slide in slides
        if slide.shapes.title is not None and slide.shapes.title.text == f"{segment_title}: discuss"
    ]
    assert len(discuss) == 1, [s.shapes.title.text for s in slides if s.shapes.title is not None]
    notes = discuss[0].notes_slide.notes_text_frame.text
    assert cue in notes.splitlines()
