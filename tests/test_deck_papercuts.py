"""Deck paper cuts a new user saw (issue 9 §6), each checked in decks we build, read back with python-pptx.

- no continuation slide holds a single line ("End" alone on "Agenda (2 of 2)");
- the title slide never sets the title smaller than the subtitle;
- no doubled punctuation in speaker notes ("…taking up?.");
- no authoring instructions in speaker notes (what to write in the workshop file);
- a YAML list in a segment's notes stays a list.
"""

from __future__ import annotations

import io
import re
import shutil
from functools import cache
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.slide import Slide

from facilitator.api import load_plan
from facilitator.render import deck
from facilitator.text.layout import FontSet, font_set, wrap
from facilitator.text.markup import Run
from tests.conftest import MINIMAL, READY_WORKSHOPS, ROOTS

LONG = ROOTS / "long" / "workshop.yaml"
WORKSHOPS = [MINIMAL, LONG, *READY_WORKSHOPS]
IDS = [p.parent.name if p.name == "workshop.yaml" else p.stem for p in WORKSHOPS]
FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
EMU_PER_PT = 12700
CONTINUED = re.compile(r"(.*) \((\d+) of (\d+)\)$")


@cache
def slides_of(path: Path) -> list[Slide]:
    """Return the slides of a workshop's deck (built once per test run)."""
    (output,) = deck.render(load_plan(path))
    return list(Presentation(io.BytesIO(output.data)).slides)


def carlito() -> FontSet:
    """Return the default theme's slide font, which the deck is measured with."""
    names = ("Regular", "Bold", "Italic", "BoldItalic")
    return font_set(*(FONTS / f"Carlito-{name}.ttf" for name in names))


def body_of(slide: Slide):  # type: ignore[no-untyped-def]
    """Return a slide's body shape: the text shape that is not its title and not its footer."""
    title = slide.shapes.title
    shapes = [s for s in slide.shapes if s.has_text_frame and s != title and s.name != "Footer"]
    assert len(shapes) == 1, [s.name for s in shapes]
    return shapes[0]


def lines_in(shape) -> int:  # type: ignore[no-untyped-def]
    """Return how many lines a body's paragraphs take in its box, measured with the slide font."""
    fonts = carlito()
    frame = shape.text_frame
    width = (shape.width - frame.margin_left - frame.margin_right) / EMU_PER_PT * 0.98
    count = 0
    for paragraph in frame.paragraphs:
        runs = tuple(Run(r.text, bool(r.font.bold), bool(r.font.italic)) for r in paragraph.runs)
        if not runs:
            continue
        size = paragraph.runs[0].font.size.pt
        indent = (paragraph._p.pPr.get("marL") or "0") if paragraph._p.pPr is not None else "0"
        count += len(wrap(runs, width - int(indent) / EMU_PER_PT, fonts, size))
    return count


@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_no_continuation_slide_holds_a_single_line(path: Path) -> None:
    """Each slide of a part continued over several holds over one line of its body, besides its lead-in."""
    found = 0
    for slide in slides_of(path):
        match = CONTINUED.match(slide.shapes.title.text_frame.text)
        if not match:
            continue
        found += 1
        codes = [
            s for s in slide.shapes if s.name.startswith("QR code") and s.shape_type == MSO_SHAPE_TYPE.PICTURE
        ]
        if codes:  # a slide of QR codes continues by codes, shared out: never one alone
            assert len(codes) >= 2, slide.shapes.title.text_frame.text
            continue
        body = body_of(slide)
        lead_in = 1 if body.text_frame.paragraphs[0].runs[0].font.size.pt < 24 else 0  # "Role-play · …"
        assert lines_in(body) - lead_in >= 2, (
            f"{slide.shapes.title.text_frame.text}: {body.text_frame.text!r}"
        )
    if path in (LONG, *READY_WORKSHOPS):
        assert found, "no continuation slide to check"


def test_the_agenda_shares_its_rows_out() -> None:
    """The long workshop's agenda continues: its last part holds about as many rows as the others."""
    parts = [s for s in slides_of(LONG) if s.shapes.title.text_frame.text.startswith("Agenda (")]
    rows = [len(body_of(s).text_frame.paragraphs) for s in parts]
    assert len(rows) > 1 and min(rows) >= max(rows) - 2, rows
    assert body_of(parts[-1]).text_frame.paragraphs[-1].text.endswith("End")


@pytest.fixture
def long_title(tmp_path: Path) -> Path:
    """Return a copy of the minimal workshop whose title runs to several lines."""
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    title = (
        "Allyship at work: noticing, naming and interrupting everyday exclusion in meetings, teams, "
        "hiring panels, performance reviews and the hallway conversations where decisions really get made, "
        "with practice for each"
    )
    text = path.read_text(encoding="utf-8").replace("title: A small test workshop", f'title: "{title}"')
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("which", ["ready", "long title"])
def test_the_title_is_never_smaller_than_the_subtitle(which: str, long_title: Path) -> None:
    paths = READY_WORKSHOPS if which == "ready" else [long_title]
    for path in paths:
        (output,) = deck.render(load_plan(path))
        first = Presentation(io.BytesIO(output.data)).slides[0]
        title = first.shapes.title
        title_size = min(r.font.size.pt for p in title.text_frame.paragraphs for r in p.runs)
        others = [
            r.font.size.pt
            for s in first.shapes
            if s.has_text_frame and s != title
            for p in s.text_frame.paragraphs
            for r in p.runs
        ]
        assert others and max(others) <= title_size, (path.name, title_size, others)


def notes_of(path: Path) -> list[str]:
    """Return every line of a deck's speaker notes."""
    return [line for slide in slides_of(path) for line in slide.notes_slide.notes_text_frame.text.split("\n")]


@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_no_doubled_punctuation_in_notes(path: Path) -> None:
    doubled = [line for line in notes_of(path) if re.search(r"[?!…]\.(\s|$)|(?<!\.)\.\.(\s|$)", line)]
    assert not doubled, doubled[:5]
    if path in READY_WORKSHOPS:  # titles that end in "?" are named in the notes, and read right
        assert any(re.search(r"\w\? \d", line) or re.search(r"\w\?$", line) for line in notes_of(path))


@pytest.mark.parametrize("path", READY_WORKSHOPS, ids=[p.stem for p in READY_WORKSHOPS])
def test_no_authoring_instructions_in_notes(path: Path) -> None:
    """Notes are read in the room: nothing about what to write in the workshop file, no template to copy."""
    authoring = [
        line
        for line in notes_of(path)
        if re.search(r"workshop file|template below|copy into|^Template:", line, re.IGNORECASE)
    ]
    assert not authoring, authoring


def test_a_yaml_list_in_notes_stays_a_list(tmp_path: Path) -> None:
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "    instructions: [Greet people as they arrive]\n",
        "    instructions: [Greet people as they arrive]\n"
        "    notes: |\n"
        "      Set the room up before anyone comes.\n"
        "      - Chairs in a circle\n"
        "      - Name tents and markers\n"
        "        on every chair\n"
        "      Then open the door.\n",
    )
    path.write_text(text, encoding="utf-8")
    notes = next(s for s in slides_of(path) if s.shapes.title.text_frame.text == "Welcome")
    lines = notes.notes_slide.notes_text_frame.text.split("\n")
    at = lines.index("Notes: Set the room up before anyone comes.")
    assert lines[at : at + 4] == [
        "Notes: Set the room up before anyone comes.",
        "• Chairs in a circle",
        "• Name tents and markers on every chair",
        "Then open the door.",
    ]
