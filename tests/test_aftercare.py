"""Aftercare the tool cannot cut, and time that works: required segments, aftercare kept with its scenario,
realistic role-play, closing and discussion lengths, and no long stretch without a break."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from facilitator import api
from facilitator.planning.fit import FitItem, fit_minutes
from facilitator.render import deck, guide
from facilitator.render.slides.content import subtitled
from facilitator.render.slides.words import Labels

from .conftest import ALL_READY_WORKSHOPS, PROJECT

DURATIONS = [60, 90, 150, 205]


def _titles_and_notes(plan) -> list[tuple[str, str]]:
    [output] = deck.render(plan)
    prs = Presentation(io.BytesIO(output.data))
    return [(s.shapes.title.text_frame.text, s.notes_slide.notes_text_frame.text) for s in prs.slides]


def _plain(text: str) -> str:
    """Return `text` with its no-break spaces (French typography) as plain spaces."""
    return text.replace("\xa0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("duration", DURATIONS)
@pytest.mark.parametrize("path", ALL_READY_WORKSHOPS, ids=lambda p: p.stem)
def test_fitted_ready_workshops_keep_de_roling_self_care_and_breaks(path: Path, duration: int) -> None:
    original = api.load_plan(path)
    plan = api.load_plan(path, duration=duration)
    assert plan.total_minutes == duration
    kept = {s.id for s in plan.segments}
    # A break the fit put beside another is merged into it, never dropped: it stands in its `merged`.
    merged_into = {m: s for s in plan.of_kind("break") for m in s.merged}
    for segment in original.segments:
        if segment.kind == "break" or segment.required:
            assert segment.id in kept or segment.id in merged_into, (
                f"{segment.id} dropped at {duration} minutes"
            )
    own = {s.id: s.minutes for s in original.of_kind("break")}
    for s in plan.of_kind("break"):  # each at least as long as every break it stands for, never shortened
        assert s.minutes == max(own[i] for i in (s.id, *s.merged))
    assert sorted([s.id for s in plan.of_kind("break")] + list(merged_into)) == sorted(own)
    if any(s.activity and s.activity.id == "self-care-and-support" for s in original.segments):
        assert "self-care" in kept
    slides = _titles_and_notes(plan)
    titles = [t for t, _n in slides]
    text = guide.render_markdown(plan)
    labels = Labels(plan.words)  # the workshop's own language: the French introduction reads French
    assert text.count(f"#### {plan.words._('Stepping out of role')}") == len(plan.of_kind("scenario"))
    de_role = plan.words._("De-role before the debrief, every time, however short the time: {steps}")
    for segment in plan.of_kind("scenario"):
        i = titles.index(subtitled(segment.title, labels.STEP_OUT, labels))
        assert _plain(de_role.split(",")[0]) in _plain(slides[i][1])
        floor = 20 if segment.scenario.intensity == "gentle" else 30
        assert segment.minutes >= floor  # never squeezed below set-up, play, de-roling and debrief
    assert plan.of_kind("scenario"), "a fitted workshop still practises something"


def test_the_half_day_at_205_minutes_keeps_the_pause_after_the_intense_scene() -> None:
    """The finding: fitting to 205 dropped 'pause and look after yourself' and kept the abuse scenario."""
    plan = api.load_plan(PROJECT / "workshops" / "allyship-half-day.yaml", duration=205)
    ids = [s.id for s in plan.segments]
    assert "transit-bystander" in ids
    assert ids[ids.index("transit-bystander") + 1] == "self-care"
    assert len(plan.of_kind("break")) == 2


def test_fitting_never_drops_a_required_segment() -> None:
    items = [
        FitItem("welcome", 10, fixed=True, kind="opening"),
        FitItem("teach", 20, optional=True),
        FitItem("pause", 10, optional=True, required=True),
        FitItem("closing", 10, kind="closing"),
    ]
    assert fit_minutes(items, 30) == [10, None, 10, 10]
    assert fit_minutes(items, 25) == [10, None, 10, 5]


def test_fitting_never_shortens_aftercare() -> None:
    """A required pause or a scenario's aftercare keeps its minutes; the rest shares what is left."""
    items = [
        FitItem("welcome", 10, fixed=True, kind="opening"),
        FitItem("teach", 30),
        FitItem("scene", 30, kind="scenario", default_floor=30),
        FitItem("settle", 15, aftercare_of=2),
        FitItem("pause", 15, required=True),
        FitItem("closing", 20, kind="closing"),
    ]
    assert fit_minutes(items, 90) == [10, 15, 30, 15, 15, 5]  # without the rule: settle and pause 10
    assert [item.floor for item in items] == [5, 5, 30, 15, 15, 5]
    # Lengthened, aftercare grows with the rest.
    assert fit_minutes(items, 150) == [10, 40, 35, 20, 20, 25]


def test_a_scenario_is_dropped_together_with_its_aftercare() -> None:
    items = [
        FitItem("welcome", 10, fixed=True, kind="opening"),
        FitItem("scene", 30, optional=True, kind="scenario"),
        FitItem("aftercare", 10, aftercare_of=1),
        FitItem("closing", 10, kind="closing"),
    ]
    assert fit_minutes(items, 30) == [10, None, None, 20]
    # The aftercare is never dropped on its own, even when it is the last candidate.
    items[2] = FitItem("aftercare", 10, optional=True, aftercare_of=1)
    items[1] = FitItem("scene", 30, kind="scenario")
    assert fit_minutes(items, 55)[2] is not None


WORKSHOP = """\
id: care
title: Care
date: 2027-01-15
start: "10:00"
duration: 50m
fit: proportional
facilitators: [Ana, Ben]
support:
  - name: Line
    contact: "555"
    when: Any time
agenda:
  - opening: Welcome
    minutes: 10
  - scenario: meeting-credit
    minutes: 20
    optional: true
  - activity: Pause
    use: self-care-and-support
    aftercare_for: meeting-credit
    minutes: 10
  - primer: privilege
    minutes: 10
  - closing: Close
    minutes: 10
"""


def test_fitting_reports_the_aftercare_left_out_with_its_scenario(tmp_path: Path) -> None:
    path = tmp_path / "care.yaml"
    path.write_text(WORKSHOP.replace("duration: 50m", "duration: 30m"), encoding="utf-8")
    found = [d.format() for d in api.check(path) if d.code == "fit.dropped"]
    assert found == [
        f"{path}:15:5: warning: agenda[1]: optional segment 'meeting-credit' (20 min) is left out to fit 30 "
        "minutes [fit.dropped]",
        f"{path}:18:5: warning: agenda[2]: aftercare 'activity' (10 min) is left out together with "
        "'meeting-credit', the scenario it looks after [fit.dropped]",
    ]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("aftercare_for: meeting-credit", "aftercare_for: meeting-credt"),
            "error: agenda[2].aftercare_for: no scenario segment 'meeting-credt' in this agenda (did you "
            "mean 'meeting-credit'?) [segment.aftercare]",
        ),
        (
            ("aftercare_for: meeting-credit", "aftercare_for: privilege"),
            "error: agenda[2].aftercare_for: 'privilege' is a primer segment; `aftercare_for` names a "
            "scenario segment [segment.aftercare]",
        ),
        (
            (
                "    aftercare_for: meeting-credit\n",
                "    aftercare_for: meeting-credit\n    optional: true\n",
            ),
            "error: agenda[2].optional: aftercare 'activity' cannot be optional: it is kept as long as its "
            "scenario is [segment.required-optional]",
        ),
        (
            (
                "  - primer: privilege\n    minutes: 10\n",
                "  - primer: privilege\n    minutes: 10\n    required: true\n    optional: true\n",
            ),
            "error: agenda[3].optional: segment 'privilege' is both required and optional; a required "
            "segment is never dropped, so remove `optional: true` (or `required: true`) "
            "[segment.required-optional]",
        ),
    ],
)
def test_aftercare_keys_are_checked(tmp_path: Path, change: tuple[str, str], expected: str) -> None:
    path = tmp_path / "care.yaml"
    path.write_text(WORKSHOP.replace(*change), encoding="utf-8")
    errors = [d.format().split(": ", 1)[1] for d in api.check(path) if d.severity == "error"]
    assert errors == [expected]


# --- time that works ------------------------------------------------------------------------------


def test_a_stretch_over_90_minutes_without_a_break_is_a_warning() -> None:
    plan = api.load_plan(PROJECT / "workshops" / "allyship-intro.yaml", duration=150)
    found = [d.format() for d in plan.warnings if d.code == "timing.no-break"]
    text = (PROJECT / "workshops" / "allyship-intro.yaml").read_text(encoding="utf-8").splitlines()
    line = text.index("  - closing: Closing round") + 1  # the stretch is named at its last segment
    assert found == [
        f"workshops/allyship-intro.yaml:{line}:5: warning: agenda[5]: 10:00–12:30 runs 150 minutes without a "
        "break; add a break (about every 90 minutes at most) or shorten the stretch [timing.no-break]"
    ]
    half_day = api.load_plan(PROJECT / "workshops" / "allyship-half-day.yaml")
    assert not [d for d in half_day.warnings if d.severity == "warning"]


def test_role_plays_closings_and_questions_that_cannot_fit_their_minutes_are_warned(tmp_path: Path) -> None:
    text = WORKSHOP.replace("fit: proportional\n", "").replace("duration: 50m", "duration: 55m")
    text = text.replace("    minutes: 20\n    optional: true\n", "    minutes: 15\n")
    text = text.replace(
        "  - closing: Close\n    minutes: 10\n",
        "  - closing: Close\n    use: closing-round\n    minutes: 10\n",
    )
    text = text.replace(
        "  - primer: privilege\n    minutes: 10\n", "  - discussion: noticing-privilege\n    minutes: 10\n"
    )
    path = tmp_path / "care.yaml"
    path.write_text(text, encoding="utf-8")
    found = sorted(d.format().split(": ", 1)[1] for d in api.check(path) if d.code.startswith("timing."))
    assert found == [
        "warning: agenda[1].minutes: a gentle role-play needs at least 20 minutes to set up, play, step out "
        "of role and debrief; 'meeting-credit' has 15 [timing.role-play]",
        "warning: agenda[3].minutes: 5 questions take at least 15 minutes (3 each); 'noticing-privilege' has "
        "10: choose fewer with `questions:` or give it more time [timing.discussion]",
        "warning: agenda[4].minutes: a closing round for 20 people takes about 9 minutes and 5 for the "
        "feedback form; the closing has 10 [timing.closing]",
    ]
    # Choosing two questions fits them into the minutes, and only those two reach the slides.
    path.write_text(
        text.replace(
            "  - discussion: noticing-privilege\n",
            "  - discussion: noticing-privilege\n    questions: [1, 4]\n",
        )
    )
    plan = api.load_plan(path)
    discussion = plan.of_kind("discussion")[0].discussion
    assert [q.text[:20] for q in discussion.questions] == ["Think of an ordinary", "When you walk into a"]
    assert not [d for d in api.check(path) if d.code == "timing.discussion"]


@pytest.mark.parametrize(
    ("chosen", "texts"),
    [
        ("[2]", ["What would you try differently tomorrow?"]),
        (
            "[2, 2, 1]",
            ["What would you try differently tomorrow?", "When did you last notice who was missing"],
        ),
    ],
)
def test_the_chosen_questions_are_kept_in_the_order_given_the_last_one_too(
    tmp_path: Path, chosen: str, texts: list[str]
) -> None:
    """`questions:` keeps the questions it numbers, each once, in its order; the set's last counts."""
    shutil.copytree(PROJECT / "tests" / "roots" / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("    format: pairs\n", f"    format: pairs\n    questions: {chosen}\n"))
    discussion = api.load_plan(path).of_kind("discussion")[0].discussion
    assert [q.text[:40] for q in discussion.questions] == [t[:40] for t in texts]


def test_a_question_number_the_set_does_not_have_is_an_error(tmp_path: Path) -> None:
    text = WORKSHOP.replace(
        "  - primer: privilege\n    minutes: 10\n",
        "  - discussion: noticing-privilege\n    questions: [2, 9]\n    minutes: 10\n",
    )
    path = tmp_path / "care.yaml"
    path.write_text(text.replace("fit: proportional\n", "").replace("50m", "60m"), encoding="utf-8")
    errors = [d.format() for d in api.check(path) if d.severity == "error"]
    assert errors == [
        f"{path}:22:20: error: agenda[3].questions[1]: 'noticing-privilege' has 5 questions; there is no "
        "question 9 [plan.question]"
    ]


@pytest.mark.parametrize("path", ALL_READY_WORKSHOPS, ids=lambda p: p.stem)
def test_ready_workshops_give_role_plays_closings_and_questions_their_time(path: Path) -> None:
    plan = api.load_plan(path)
    for segment in plan.of_kind("scenario"):
        assert segment.minutes >= (20 if segment.scenario.intensity == "gentle" else 30)
        assert segment.minutes <= 40
    for segment in plan.of_kind("discussion"):
        assert segment.minutes >= 3 * len(segment.discussion.questions)
    people = plan.workshop.expected_participants
    closing = sum(s.minutes for s in plan.of_kind("closing"))
    assert closing * 60 >= people * 20 + 2 * 60 + 5 * 60
    assert not [d for d in plan.warnings if d.code.startswith("timing.")]


def test_a_heavy_role_play_that_nothing_looks_after_is_warned(tmp_path: Path) -> None:
    """Removing the pause after the practice session's family dinner (a moderate scene) is noticed."""
    path = tmp_path / "no-pause.yaml"
    path.write_text("extends: allyship-practice\nid: no-pause\nagenda_edits:\n  - remove: self-care\n")
    parent = PROJECT / "workshops" / "allyship-practice.yaml"
    line = parent.read_text(encoding="utf-8").splitlines().index("  - scenario: family-dinner") + 1
    found = [d.format() for d in api.check(path) if d.code == "aftercare.missing"]
    assert found == [
        f"{parent.relative_to(PROJECT)}:{line}:15: warning: agenda[6].scenario: nothing after the moderate "
        "role-play 'family-dinner' looks after the room; add a pause after it (an activity with "
        "`use: self-care-and-support` and `aftercare_for: family-dinner`) or a break [aftercare.missing]"
    ]
    # A break after it, or a pause that looks after it, is enough; a gentle scene needs neither.
    for edit in (
        "  - insert_after: family-dinner\n    segment: {break: Tea, minutes: 5}\n",
        "  - insert_after: family-dinner\n"
        "    segment: {activity: Breathe, minutes: 5, aftercare_for: family-dinner}\n",
        "  - replace: family-dinner\n    with: {scenario: meeting-credit, minutes: 35}\n",
    ):
        path.write_text(path.read_text().split("  - remove")[0] + "  - remove: self-care\n" + edit)
        assert [d.format() for d in api.check(path) if d.code == "aftercare.missing"] == []
