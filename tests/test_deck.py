"""The slide deck, read back with python-pptx as a facilitator's software would read it."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys
import zipfile
from functools import cache
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE, PP_PLACEHOLDER
from pptx.slide import Slide

from facilitator.api import load_plan
from facilitator.planning.plan import Plan
from facilitator.render import deck
from facilitator.text.layout import Block, FontSet, font_set, paginate, wrap
from facilitator.text.markup import Run, plain_text
from tests.clock import planned_times
from tests.conftest import ALL_READY_WORKSHOPS, MINIMAL, READY_WORKSHOPS, ROOTS

LONG = ROOTS / "long" / "workshop.yaml"
UNICODE = ROOTS / "unicode" / "workshop.yaml"  # accents, syllabics and emoji, when present
WORKSHOPS = [MINIMAL, LONG, *([UNICODE] if UNICODE.is_file() else []), *READY_WORKSHOPS]
# The tests that hold in any language read the French introduction too.
ANY_LANGUAGE = [MINIMAL, LONG, *([UNICODE] if UNICODE.is_file() else []), *ALL_READY_WORKSHOPS]
ANY_LANGUAGE_IDS = [p.parent.name if p.name == "workshop.yaml" else p.stem for p in ANY_LANGUAGE]
IDS = [p.parent.name if p.name == "workshop.yaml" else p.stem for p in WORKSHOPS]
FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
WORD = re.compile(r"\w+(?:['’]\w+)*")


@cache
def built(path: Path) -> tuple[Plan, bytes]:
    """Return a workshop's plan and its deck's bytes (built once per test run)."""
    plan = load_plan(path)
    (output,) = deck.render(plan)
    assert output.name == "deck.pptx"
    return plan, output.data


def slides_of(data: bytes) -> list:
    """Return the slides of a deck given as bytes."""
    return list(Presentation(io.BytesIO(data)).slides)


def slide_text(slide: Slide) -> str:
    """Return all text on a slide (not its notes)."""
    return "\n".join(shape.text_frame.text for shape in slide.shapes if shape.has_text_frame)


def words(text: str) -> set[str]:
    """Return the words of plain text, lower-cased."""
    return {w.casefold() for w in WORD.findall(text)}


def shown_texts(plan: Plan) -> list[str]:
    """Return every point, question, prompt and debrief question of the workshop."""
    texts: list[str] = []
    for s in plan.segments:
        if s.primer:
            texts += [p.text for p in s.primer.points] + [p.heading for p in s.primer.points if p.heading]
            texts.append(s.primer.takeaway)
        if s.discussion:
            texts += [q.text for q in s.discussion.questions]
        if s.scenario:
            texts += [s.scenario.situation, *s.scenario.prompts, *s.scenario.debrief]
            texts += [r.name for r in s.scenario.roles]
        texts += list(s.prompts)
    w = plan.workshop
    texts += [*w.objectives, *w.agreements]
    texts += [t for t in (w.land_acknowledgement, w.content_note) if t]
    return texts


@pytest.mark.parametrize("path", ANY_LANGUAGE, ids=ANY_LANGUAGE_IDS)
def test_every_slide_has_a_filled_title_placeholder_and_notes(path: Path) -> None:
    """Each slide has a real title placeholder with text, and speaker notes."""
    _plan, data = built(path)
    for n, slide in enumerate(slides_of(data), start=1):
        title = slide.shapes.title
        assert title is not None, f"slide {n} has no title placeholder"
        assert title.placeholder_format.type in (PP_PLACEHOLDER.TITLE, PP_PLACEHOLDER.CENTER_TITLE)
        assert title.text_frame.text.strip(), f"slide {n} has an empty title"
        assert slide.has_notes_slide and slide.notes_slide.notes_text_frame.text.strip(), f"slide {n}"


@pytest.mark.parametrize("path", ANY_LANGUAGE, ids=ANY_LANGUAGE_IDS)
def test_titles_are_unique_and_follow_the_agenda(path: Path) -> None:
    """Titles never repeat, and each segment's slides come in agenda order."""
    plan, data = built(path)
    titles = [s.shapes.title.text_frame.text for s in slides_of(data)]
    assert len(titles) == len({t.casefold() for t in titles}), titles
    position = 0
    for segment in plan.segments:
        matches = [i for i, t in enumerate(titles) if i >= position and t.startswith(segment.title)]
        assert matches, f"no slide for {segment.title!r} after slide {position + 1}"
        position = matches[0] + 1


@pytest.mark.parametrize("path", ANY_LANGUAGE, ids=ANY_LANGUAGE_IDS)
def test_no_word_of_the_workshop_is_dropped(path: Path) -> None:
    """Every word of every point, question, prompt and debrief question is on a slide."""
    plan, data = built(path)
    on_slides = words("\n".join(slide_text(s) for s in slides_of(data)))
    for text in shown_texts(plan):
        missing = words(plain_text(text)) - on_slides
        assert not missing, f"{missing} from {text[:60]!r}"


@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_takeaways_debriefs_and_breaks_are_on_slides(path: Path) -> None:
    """Primer takeaways, scenario debrief questions and break return times are shown."""
    plan, data = built(path)
    slides = slides_of(data)
    texts = [" ".join(slide_text(s).split()) for s in slides]
    whole = "\n".join(texts)
    slots = planned_times(path)  # from the file's own numbers, not the plan's
    for s, slot in zip(plan.segments, slots, strict=True):
        if s.primer:
            assert " ".join(plain_text(s.primer.takeaway).split()) in whole
        if s.scenario:
            debrief = [
                t for t, sl in zip(texts, slides, strict=True) if "debrief" in sl.shapes.title.text.casefold()
            ]
            for question in s.scenario.debrief:
                assert any(" ".join(plain_text(question).split()) in t for t in debrief), question
        if s.kind == "break":
            assert f"Back at {slot.end}" in whole


@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_notes_carry_time_steps_and_cue(path: Path) -> None:
    """Segment slides' notes give the clock time, minutes and the cue for moving on."""
    plan, data = built(path)
    notes = [s.notes_slide.notes_text_frame.text for s in slides_of(data)]
    everything = "\n".join(notes)
    slots = planned_times(path)  # from the file's own numbers, not the plan's
    for s, slot in zip(plan.segments, slots, strict=True):
        assert f"{slot.start}–{slot.end} ({slot.minutes} minutes)" in everything
        cue = f"wrap up and move to {s.next_title}" if s.next_title else "close the session."
        assert f"At {slot.end}, {cue}" in everything
        if s.primer:
            assert plain_text(s.primer.facilitator_notes.introduce) in everything
        if s.discussion:
            assert plain_text(s.discussion.safety) in everything
        if s.scenario:
            for role in s.scenario.roles:
                assert plain_text(role.card) in everything
        if s.notes:
            assert plain_text(s.notes) in everything


def test_minimal_deck_has_the_expected_slides() -> None:
    """The small workshop's deck opens, welcomes, teaches, discusses, plays and closes."""
    _plan, data = built(MINIMAL)
    titles = [s.shapes.title.text_frame.text for s in slides_of(data)]
    assert titles == [
        "A small test workshop",
        "Objectives",
        "Agenda",
        "Content note",
        "Community agreements",
        "Welcome",
        "Local basics",
        "Local questions",
        "The missing ramp",
        "The missing ramp: discuss",
        "The missing ramp: step out of role",
        "The missing ramp: debrief",
        "Close",
        "Key takeaways",
        "Your feedback",
        "Support after today",
    ]
    slides = slides_of(data)
    discussion = slide_text(slides[7])
    assert "Pairs" in discussion and "2 people" in discussion and "10 minutes" in discussion
    title_slide = slide_text(slides[0])
    details = (
        "Used by the tests",
        "Friday, January 15, 2027",
        "10:00–10:45",
        "Room 1",
        "Test Org",
        "Sam Lee",
    )
    for detail in details:
        assert detail in title_slide
    agenda = slide_text(slides[2])
    assert "10:05" in agenda and "Local basics" in agenda and "10:45" in agenda


def test_long_workshop_continues_onto_numbered_slides() -> None:
    """Long content splits into "(n of N)" slides instead of shrinking or overflowing."""
    plan, data = built(LONG)
    titles = [s.shapes.title.text_frame.text for s in slides_of(data)]
    groups: dict[str, list[tuple[int, int]]] = {}
    for title in titles:
        match = re.fullmatch(r"(.*) \((\d+) of (\d+)\)", title)
        if match:
            groups.setdefault(match[1], []).append((int(match[2]), int(match[3])))
    assert any(base.startswith("Agenda") for base in groups), titles
    assert any(base.startswith(plan.segments[1].title) for base in groups), titles
    for base, pieces in groups.items():
        total = pieces[0][1]
        assert total > 1 and pieces == [(n, total) for n in range(1, total + 1)], base


@pytest.mark.parametrize("path", ANY_LANGUAGE, ids=ANY_LANGUAGE_IDS)
def test_text_is_never_below_the_minimum_size_and_never_autofits(path: Path) -> None:
    """Every run has an explicit size at or above the theme's minimum; no autofit anywhere."""
    plan, data = built(path)
    for slide in slides_of(data):
        for shape in slide.shapes:
            if not shape.has_text_frame:
                continue
            body_pr = shape.text_frame._txBody.bodyPr
            assert body_pr.find("{*}normAutofit") is None and body_pr.find("{*}spAutoFit") is None
            if not shape.text_frame.text.strip():
                continue
            assert shape.text_frame.word_wrap is not False
            for paragraph in shape.text_frame.paragraphs:
                for run in paragraph.runs:
                    assert run.font.size is not None
                    assert run.font.size.pt >= plan.theme.sizes.minimum


def test_inline_markdown_becomes_run_formatting() -> None:
    """**bold**, *italic* and links in the library become bold, italic and hyperlinked runs."""
    _plan, data = built(MINIMAL)
    runs = [
        r
        for s in slides_of(data)
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
    ]
    assert any(r.text == "your" and r.font.bold for r in runs)
    assert any(r.text == "do it" and r.font.italic for r in runs)
    assert not any("**" in r.text or "*" in r.text for r in runs)
    _plan, data = built(LONG)
    links = [
        r.hyperlink.address
        for s in slides_of(data)
        for sh in s.shapes
        if sh.has_text_frame
        for p in sh.text_frame.paragraphs
        for r in p.runs
        if r.hyperlink.address
    ]
    assert "https://example.org/x" in links and "https://example.org/0" in links


def test_pictures_have_alt_text_and_deck_is_16_9() -> None:
    """The logo and the QR codes carry real alternative text, never a file name; slides are 16:9."""
    _plan, data = built(LONG)
    prs = Presentation(io.BytesIO(data))
    assert prs.slide_width * 9 == prs.slide_height * 16
    pictures = [sh for s in prs.slides for sh in s.shapes if sh.shape_type == MSO_SHAPE_TYPE.PICTURE]
    logos = [p for p in pictures if not p.name.startswith("QR code")]
    assert logos
    for picture in pictures:
        c_nv_pr = picture._element.nvPicPr.cNvPr
        descr = c_nv_pr.get("descr", "")
        assert descr and "logo.png" not in descr and not descr.endswith((".png", ".jpg"))
        if picture in logos:
            assert descr == "Stress Org logo"
        else:  # what the code opens, and its address
            assert descr.startswith("QR code: Resource ") and ", https://example.org/" in descr


def test_colours_come_from_the_theme() -> None:
    """Titles use the heading colour, the title slide its own background and text colours."""
    plan, data = built(MINIMAL)
    colours = plan.theme.colours
    slides = slides_of(data)
    title_run = slides[1].shapes.title.text_frame.paragraphs[0].runs[0]
    assert f"#{title_run.font.color.rgb}" == colours.heading.upper()
    first = slides[0]
    assert f"#{first.background.fill.fore_color.rgb}" == colours.title_background.upper()
    first_run = first.shapes.title.text_frame.paragraphs[0].runs[0]
    assert f"#{first_run.font.color.rgb}" == colours.title_text.upper()


def test_core_properties_are_pinned(monkeypatch: pytest.MonkeyPatch) -> None:
    """Title, author, subject and language come from the workshop; dates from SOURCE_DATE_EPOCH."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    plan = load_plan(MINIMAL)
    (output,) = deck.render(plan)
    props = Presentation(io.BytesIO(output.data)).core_properties
    assert props.title == "A small test workshop"
    assert props.author == "Sam Lee"
    assert props.subject == "Used by the tests"
    assert props.language == "en"
    assert props.created.date().isoformat() == "2027-01-15" == props.modified.date().isoformat()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    (output,) = deck.render(plan)
    props = Presentation(io.BytesIO(output.data)).core_properties
    assert props.created.isoformat().startswith("2023-11-14T22:13:20")
    with zipfile.ZipFile(io.BytesIO(output.data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2023, 11, 14, 22, 13, 20)}


@pytest.mark.parametrize("path", [MINIMAL, LONG], ids=["minimal", "long"])
def test_two_builds_are_byte_identical(path: Path) -> None:
    """Building twice gives the same bytes, with [Content_Types].xml first in the zip."""
    plan = load_plan(path)
    first, second = deck.render(plan)[0].data, deck.render(load_plan(path))[0].data
    assert first == second
    with zipfile.ZipFile(io.BytesIO(first)) as z:
        names = z.namelist()
    assert names[0] == "[Content_Types].xml"
    assert names[1:] == sorted(names[1:])


def test_summary_counts_slides() -> None:
    """The output's summary says how many slides the deck has."""
    plan = load_plan(MINIMAL)
    (output,) = deck.render(plan)
    assert output.summary == f"{len(slides_of(output.data))} slides"


# ---------------------------------------------------------------------------
# facilitator.text.layout


def carlito() -> FontSet:
    """Return the Carlito FontSet."""
    return font_set(
        FONTS / "Carlito-Regular.ttf",
        FONTS / "Carlito-Bold.ttf",
        FONTS / "Carlito-Italic.ttf",
        FONTS / "Carlito-BoldItalic.ttf",
    )


def test_wrap_keeps_every_character_and_respects_the_width() -> None:
    """Wrapped lines hold every character in order and none is wider than the line."""
    fonts = carlito()
    text = "Notice who speaks and who does not in your well-known, self-declared meetings " * 6
    runs = (Run(text[:50]), Run(text[50:120], bold=True), Run(text[120:], italic=True))
    lines = wrap(runs, 300, fonts, 24)
    assert "".join(r.text for line in lines for r in line.runs) == text
    assert all(line.width <= 300 for line in lines)
    assert len(lines) > 3


def test_wrap_breaks_after_hyphens_and_inside_overlong_words() -> None:
    """A line may end after a hyphen; a word longer than a line is broken between characters."""
    fonts = carlito()
    narrow = max(fonts.width("well-", 24), fonts.width("known", 24)) + 2
    lines = wrap((Run("well-known"),), narrow, fonts, 24)
    assert [line.runs[0].text for line in lines] == ["well-", "known"]
    word = "x" * 200
    lines = wrap((Run(word),), 200, fonts, 24)
    assert "".join(line.runs[0].text for line in lines) == word
    assert all(line.width <= 200 for line in lines)


def test_widths_scale_with_size_and_style() -> None:
    """Width is linear in size, and bold is wider than regular."""
    fonts = carlito()
    assert fonts.width("Allyship", 48) == pytest.approx(2 * fonts.width("Allyship", 24))
    assert fonts.width("Allyship", 24, bold=True) > fonts.width("Allyship", 24)


def test_paginate_splits_and_keeps_everything() -> None:
    """Blocks fill pages in order; a block taller than a page is split; nothing is lost."""
    fonts = carlito()
    blocks = [Block((Run(f"Paragraph {i} " + "word " * 40),), 24, space_before=10) for i in range(8)]
    blocks.append(Block((Run("long " * 400),), 24))
    pages = paginate(blocks, 400, 300, fonts)
    assert len(pages) > 3
    for page in pages:
        used = sum(len(b.lines) * b.pitch + (b.space_before if i else 0) for i, b in enumerate(page))
        assert used <= 300
    text = " ".join("".join(r.text for r in b.runs) for page in pages for b in page)
    assert text.split() == " ".join("".join(r.text for r in b.runs) for b in blocks).split()
    assert any(b.continued for page in pages for b in page)


def test_builds_in_separate_processes_are_byte_identical(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another process, with another hash seed, writes exactly the same deck."""
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    project = Path(__file__).resolve().parent.parent
    env = {**os.environ, "PYTHONHASHSEED": "12345", "PYTHONPATH": str(project)}
    command = [sys.executable, "-m", "facilitator", "build", str(MINIMAL), "--out", str(tmp_path)]
    subprocess.run(
        [*command, "--only", "deck"], check=True, capture_output=True, cwd=project, env=env, timeout=120
    )
    (output,) = deck.render(load_plan(MINIMAL))
    assert (tmp_path / "minimal" / "deck.pptx").read_bytes() == output.data


def test_a_primer_taught_twice_gives_one_takeaway() -> None:
    """The closing's key takeaways list each primer section once, however often it was taught."""
    plan, data = built(LONG)
    closing = [
        " ".join(slide_text(s).split())
        for s in slides_of(data)
        if s.shapes.title.text_frame.text.startswith("Key takeaways")
    ]
    takeaway = " ".join(plain_text(plan.segments[1].primer.takeaway).split())
    assert sum(t.count(takeaway) for t in closing) == 1
