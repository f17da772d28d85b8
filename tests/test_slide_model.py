"""The slide model on its own: plain data, every line inside its box, splits that lose nothing, notes."""

from __future__ import annotations

import dataclasses
import re
from functools import cache
from pathlib import Path

import pytest

from facilitator.api import load_plan
from facilitator.render.slides.layout import build_deck
from facilitator.render.slides.model import Box, Deck
from facilitator.text.markup import plain_text
from tests.clock import planned_times
from tests.conftest import ALL_READY_WORKSHOPS, MINIMAL, READY_WORKSHOPS, ROOTS

LONG = ROOTS / "long" / "workshop.yaml"
WORKSHOPS = [MINIMAL, LONG, *READY_WORKSHOPS]
# The tests that hold in any language read the French introduction too.
ANY_LANGUAGE = [MINIMAL, LONG, *ALL_READY_WORKSHOPS]
ANY_LANGUAGE_IDS = [p.parent.name if p.name == "workshop.yaml" else p.stem for p in ANY_LANGUAGE]
IDS = [p.parent.name if p.name == "workshop.yaml" else p.stem for p in WORKSHOPS]
PLAIN = (str, int, float, bool, type(None), Path)
WORD = re.compile(r"\w+(?:['’]\w+)*")


@cache
def model(path: Path) -> Deck:
    """Return a workshop's slide model (made once per test run)."""
    return build_deck(load_plan(path))


def _values(value: object) -> list[object]:
    """Return every value inside a model value, depth first."""
    found = [value]
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            found += _values(getattr(value, f.name))
    elif isinstance(value, (tuple, list)):
        for item in value:
            found += _values(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            found += _values(key) + _values(item)
    return found


@pytest.mark.parametrize("path", ANY_LANGUAGE, ids=ANY_LANGUAGE_IDS)
def test_the_model_is_plain_data(path: Path) -> None:
    """No python-pptx, reportlab or lxml object hides in the model: only its own classes and plain values."""
    for value in _values(model(path)):
        module = type(value).__module__
        assert (
            isinstance(value, (*PLAIN, tuple, list, dict)) or module == "facilitator.render.slides.model"
        ), f"{type(value)} in the model"


@pytest.mark.parametrize("path", ANY_LANGUAGE, ids=ANY_LANGUAGE_IDS)
def test_every_line_lies_inside_its_frame_and_the_slide(path: Path) -> None:
    deck = model(path)
    page = Box(0, 0, deck.width, deck.height)
    for number, slide in enumerate(deck.slides, start=1):
        for frame in slide.frames:
            inner = frame.inner
            assert page.contains(frame.box), f"slide {number} ({slide.title}): {frame.role} leaves the page"
            assert frame.text_height <= inner.height + 0.01, (
                f"slide {number} ({slide.title}): {frame.role} holds {frame.text_height:.1f} pt "
                f"of text in {inner.height:.1f} pt"
            )
            for paragraph in frame.paragraphs:
                for line in paragraph.lines:
                    assert line.x >= 0 and line.x + line.width <= inner.width + 0.01, (number, line)
        for rect in slide.rects:
            assert page.contains(rect.box)
        for picture in slide.pictures:
            assert page.contains(picture.box) and picture.alt


def test_a_split_loses_nothing_and_numbers_its_parts() -> None:
    """The long workshop's primer continues over several slides: every word once, in order, "(n of N)"."""
    plan = load_plan(LONG)
    deck = model(LONG)
    primer = plan.segments[1].primer
    assert primer is not None
    parts = [s for s in deck.slides if s.segment == 1]
    assert len(parts) > 1
    assert [s.title for s in parts] == [
        f"{plan.segments[1].title} ({n} of {len(parts)})" for n in range(1, len(parts) + 1)
    ]
    shown = " ".join(s.frame("body").text for s in parts)
    expected = " ".join(
        [
            *(f"{p.heading} {p.text}" if p.heading else p.text for p in primer.points),
            "Takeaway:",
            primer.takeaway,
        ]
    )
    assert WORD.findall(shown) == WORD.findall(plain_text(expected))
    for n, slide in enumerate(parts, start=1):
        assert slide.notes[1] == f"Slide {n} of {len(parts)} for this part."
        assert slide.segment == 1


@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_notes_and_segments(path: Path) -> None:
    """Every slide has notes; segment slides point at their segment; debriefs are the facilitator's."""
    plan = load_plan(path)
    deck = model(path)
    assert deck.slides[0].kind == "title" and deck.slides[0].segment is None
    slots = planned_times(path)  # from the file's own numbers, not the plan's
    for slide in deck.slides:
        assert slide.notes and all(line.strip() for line in slide.notes)
        if slide.segment is not None:
            slot = slots[slide.segment]
            assert f"{slot.start}–{slot.end}" in "\n".join(slide.notes), slide.title
        body = slide.frame("body")
        debrief = body is not None and body.paragraphs[0].text == "Debrief"  # the debrief's lead-in line
        assert slide.for_room is not debrief, slide.title
    if any(s.scenario for s in plan.segments):
        assert any(not slide.for_room for slide in deck.slides)


def test_the_deck_and_its_notes_pages_draw_one_model_laid_out_once(monkeypatch: pytest.MonkeyPatch) -> None:
    from facilitator.render import deck as deck_renderer
    from facilitator.render import notes as notes_renderer
    from facilitator.render.slides import layout

    plan = load_plan(MINIMAL)
    built: list[bool] = []
    real = layout._lay_out

    def counting(plan_: object, clock: bool) -> Deck:
        built.append(clock)
        return real(plan_, clock)  # type: ignore[arg-type]

    monkeypatch.setattr(layout, "_lay_out", counting)
    deck_renderer.render(plan)
    notes_renderer.render(plan)
    assert built == [True]
    assert build_deck(plan) == real(plan, True)  # the model kept is the one a fresh layout makes
    assert build_deck(plan, clock=False) != build_deck(plan) and built == [True, False, True]
    other = dataclasses.replace(plan)  # an equal Plan, but another object: laid out again
    build_deck(other)
    assert built == [True, False, True, True]
