"""notes.pdf and slides-handout.pdf: the slide model through the PDF painter, read back as people read them.

The same slides as the deck, in the same order with the same words (the deck
read with python-pptx); every character a slide draws inside its drawn
frame; a notes page per slide with its title and notes; the slides handout
three (or six) a page, without the facilitator's slides or any clock time.
"""

from __future__ import annotations

import io
import math
import re
from functools import cache
from pathlib import Path

import pytest
from pptx import Presentation
from pypdf import PdfReader

from facilitator.api import load_plan
from facilitator.build.runner import render_outputs
from facilitator.render import notes, slides_handout
from facilitator.render.slides.layout import build_deck
from facilitator.render.slides.pdf_painter import FRAME_COLOUR
from facilitator.text.markup import plain_text
from tests.conftest import MINIMAL, READY_WORKSHOPS, ROOTS

pdfplumber = pytest.importorskip("pdfplumber")

WORKSHOPS = [MINIMAL, *READY_WORKSHOPS]
IDS = ["minimal", *(p.stem for p in READY_WORKSHOPS)]
WORD = re.compile(r"\w+(?:['’]\w+)*")
CLOCK = re.compile(r"\b\d\d?:\d\d\b")
A = "{http://schemas.openxmlformats.org/drawingml/2006/main}"


@cache
def outputs(path: Path, **options: object) -> dict[str, bytes]:
    """Return a workshop's deck, notes pages and slides handout (made once per test run)."""
    plan = load_plan(path)
    return {o.name: o.data for o in render_outputs(plan, ["deck", "notes", "slides-handout"], **options)}


def frames(page) -> list[tuple[float, float, float, float]]:  # type: ignore[no-untyped-def]
    """Return the drawn slide frames of a pdfplumber page: the hairline rectangles round each slide."""
    grey = tuple(int(FRAME_COLOUR[i : i + 2], 16) / 255 for i in (1, 3, 5))
    found = []
    for rect in page.rects:
        colour = rect.get("stroking_color")
        if (
            rect.get("stroke")
            and colour
            and all(abs(a - b) < 0.01 for a, b in zip(colour, grey, strict=False))
        ):
            found.append((rect["x0"], rect["top"], rect["x1"], rect["bottom"]))
    return sorted(found, key=lambda box: (round(box[1]), box[0]))


def inside(char: dict, box: tuple[float, float, float, float], slack: float = 0.5) -> bool:
    """Return whether a character lies within a box."""
    x0, top, x1, bottom = box
    return (
        char["x0"] >= x0 - slack
        and char["x1"] <= x1 + slack
        and char["top"] >= top - slack
        and char["bottom"] <= bottom + slack
    )


def drawn_slides(pdf: bytes) -> list[tuple[int, str]]:
    """Return each drawn slide's page number and text (its words as pdfplumber reads them, top to bottom)."""
    slides = []
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        for number, page in enumerate(document.pages, start=1):
            for box in frames(page):
                words = page.crop(box).extract_words(use_text_flow=False, keep_blank_chars=False)
                slides.append((number, " ".join(w["text"] for w in words)))
    return slides


def shape_texts(data: bytes) -> list[tuple[float, list[tuple[tuple[float, float, float, float], str]]]]:
    """Return the slide width and, per slide, each text shape's box (points) and text, in the deck's order.

    The text is what a person sees in PowerPoint: a numbered paragraph's number included.
    """
    prs = Presentation(io.BytesIO(data))
    slides = []
    for slide in prs.slides:
        shapes = []
        for shape in slide.shapes:
            if not shape.has_text_frame or not shape.text_frame.text.strip():
                continue
            parts = []
            for paragraph in shape.text_frame.paragraphs:
                number = paragraph._p.find(f"{A}pPr/{A}buAutoNum")
                parts.append(
                    (f"{number.get('startAt', '1')}. " if number is not None else "") + paragraph.text
                )
            box = tuple(
                v / 12700 for v in (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
            )
            shapes.append((box, " ".join(parts)))
        slides.append(shapes)
    return prs.slide_width / 12700, slides


@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_the_notes_pages_draw_the_decks_slides_with_the_same_words_in_the_same_order(path: Path) -> None:
    """Slide by slide and text box by text box, notes.pdf draws the words the deck holds, in its order."""
    made = outputs(path)
    width, deck_slides = shape_texts(made["deck.pptx"])
    drawn = []
    with pdfplumber.open(io.BytesIO(made["notes.pdf"])) as document:
        for page in document.pages:
            for frame in frames(page):
                drawn.append((page, frame))
        assert len(drawn) == len(deck_slides)
        for n, ((page, frame), shapes) in enumerate(zip(drawn, deck_slides, strict=True), start=1):
            scale = (frame[2] - frame[0]) / width
            for (x0, top, x1, bottom), expected in shapes:
                region = (
                    frame[0] + x0 * scale - 1,
                    frame[1] + top * scale - 1,
                    frame[0] + x1 * scale + 1,
                    frame[1] + bottom * scale + 1,
                )
                words = page.within_bbox(region).extract_words()
                shown = " ".join(w["text"] for w in words)
                assert WORD.findall(shown) == WORD.findall(expected), f"slide {n}: {expected[:60]!r}"


@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_each_notes_page_names_its_slide_and_carries_its_notes(path: Path) -> None:
    made = outputs(path)
    prs = Presentation(io.BytesIO(made["deck.pptx"]))
    reader = PdfReader(io.BytesIO(made["notes.pdf"]))
    pages = [page.extract_text() or "" for page in reader.pages]
    drawn = drawn_slides(made["notes.pdf"])
    continued = sum(bool(re.search(r"Notes for slide \d+, continued", text)) for text in pages)
    assert len(pages) == len(prs.slides) + continued  # one page a slide, and the pages notes run on to
    for (page, _text), slide in zip(drawn, prs.slides, strict=True):
        text = " ".join(pages[page - 1].split())
        title = slide.shapes.title.text_frame.text
        first = slide.notes_slide.notes_text_frame.text.split("\n")[0]
        assert " ".join(title.split()) in text
        assert " ".join(first.split()[:6]) in text, (title, first)
    assert pages[-1].rstrip().endswith(f"Page {len(pages)} of {len(pages)}")


@pytest.mark.parametrize("name", ["notes.pdf", "slides-handout.pdf"])
@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_no_character_of_a_slide_lies_outside_its_drawn_frame(path: Path, name: str) -> None:
    """Every character in the slide font lies inside a drawn slide frame; nothing else is set in it."""
    pdf = outputs(path)[name]
    with pdfplumber.open(io.BytesIO(pdf)) as document:
        checked = 0
        for number, page in enumerate(document.pages, start=1):
            boxes = frames(page)
            for char in page.chars:
                if "Carlito" not in char["fontname"] or not char["text"].strip():
                    continue
                checked += 1
                where = f"({char['x0']:.0f}, {char['top']:.0f})"
                assert any(inside(char, box) for box in boxes), f"page {number}: {char['text']!r} at {where}"
    assert checked


@pytest.mark.parametrize("path", WORKSHOPS, ids=IDS)
def test_the_slides_handout_holds_the_rooms_slides_three_a_page_without_clock_times(path: Path) -> None:
    plan = load_plan(path)
    room = [slide for slide in build_deck(plan, clock=False).slides if slide.for_room]
    pdf = outputs(path)["slides-handout.pdf"]
    drawn = drawn_slides(pdf)
    assert len(drawn) == len(room) < len(build_deck(plan).slides)
    assert len(PdfReader(io.BytesIO(pdf)).pages) == math.ceil(len(room) / 3)
    whole = " ".join(text for _page, text in drawn)
    assert not CLOCK.findall(whole), CLOCK.findall(whole)[:5]
    for segment in plan.segments:
        if segment.scenario:  # the debrief and what an ally might say are the facilitator's
            for text in [*segment.scenario.debrief, *(r.text for r in segment.scenario.ally_responses)]:
                assert " ".join(WORD.findall(plain_text(text))) not in " ".join(WORD.findall(whole)), text
            for text in segment.scenario.prompts:  # the prompts the room discusses stay
                assert " ".join(WORD.findall(plain_text(text))) in " ".join(WORD.findall(whole)), text


def test_six_a_page_and_large_print() -> None:
    path = READY_WORKSHOPS[0]
    room = [slide for slide in build_deck(load_plan(path), clock=False).slides if slide.for_room]
    six = outputs(path, slides_per_page=6)["slides-handout.pdf"]
    assert len(PdfReader(io.BytesIO(six)).pages) == math.ceil(len(room) / 6)
    large = outputs(path, large_print=True)
    assert set(large) == {"deck.pptx", "notes-large-print.pdf", "slides-handout-large-print.pdf"}
    assert len(PdfReader(io.BytesIO(large["slides-handout-large-print.pdf"])).pages) == len(room)
    for name in ("notes-large-print.pdf", "slides-handout-large-print.pdf"):
        with pdfplumber.open(io.BytesIO(large[name])) as document:
            sizes = [
                c["size"]
                for page in document.pages
                for c in page.chars
                if "Carlito" not in c["fontname"] and c["text"].strip()
            ]
        assert sizes and min(sizes) >= 18 - 1e-6, name  # the page's own words; a slide keeps its proportions


@pytest.mark.parametrize("paper, size", [("a4", (595, 842)), ("letter", (612, 792))])
def test_paper_bookmarks_and_the_same_bytes_twice(paper: str, size: tuple[int, int]) -> None:
    plan = load_plan(READY_WORKSHOPS[0])
    for module, name in ((notes, "notes.pdf"), (slides_handout, "slides-handout.pdf")):
        [first] = module.render(plan, paper=paper)
        [second] = module.render(load_plan(READY_WORKSHOPS[0]), paper=paper)
        assert first.name == name and first.data == second.data
        reader = PdfReader(io.BytesIO(first.data))
        assert {(round(float(p.mediabox.width)), round(float(p.mediabox.height))) for p in reader.pages} == {
            size
        }
        titles = [item.title for item in reader.outline if not isinstance(item, list)]
        for segment in plan.segments:
            assert any(segment.title in title for title in titles), (name, segment.title)


def test_a_segments_lead_is_named_on_its_notes_pages(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "  - primer: local-basics\n", "  - primer: local-basics\n    lead: Sam Lee\n"
    )
    text = text.replace("facilitators: [Sam Lee]", "facilitators: [Sam Lee, Ana Ruiz]")
    path.write_text(text, encoding="utf-8")
    [pdf] = notes.render(load_plan(path))
    pages = [" ".join((p.extract_text() or "").split()) for p in PdfReader(io.BytesIO(pdf.data)).pages]
    primer = next(p for p in pages if "Local basics" in p and "Primer" in p)
    welcome = next(p for p in pages if p.startswith("Slide") and "Opening" in p)
    assert "Led by Sam Lee" in primer and "Ana Ruiz" not in primer.split("Led by")[1].split("·")[0]
    assert "Led by Sam Lee and Ana Ruiz" in welcome


def test_a_title_slide_on_paper_keeps_the_templates_pictures_and_bands(
    tmp_path: Path, real_templates: dict[str, object]
) -> None:
    """Vintage's parchment and Vivid's bands are under the title slide on paper too, as on screen.

    The slide's own background was painted over the template's master graphics, so the title
    slide of notes.pdf came out white. Read the way a person sees it: the page drawn to pixels.
    """
    import shutil
    import subprocess

    from PIL import Image

    from tests.test_template_layouts import on_template

    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    for name, (fx, fy) in {"vintage.pptx": (0.05, 0.3), "vivid.pptx": (0.5, 0.005)}.items():
        if name not in real_templates:
            pytest.skip(f"{name} could not be made")
        path = on_template(tmp_path / name, real_templates[name].path, READY_WORKSHOPS[0])  # type: ignore[attr-defined]
        [pdf] = [o.data for o in render_outputs(load_plan(path), ["notes"])]
        (tmp_path / "notes.pdf").write_bytes(pdf)
        with pdfplumber.open(io.BytesIO(pdf)) as document:
            page = document.pages[0]
            [(x0, top, x1, bottom)] = frames(page)
            width = page.width
        subprocess.run(
            ["pdftoppm", "-png", "-r", "72", "-f", "1", "-l", "1", "-singlefile", "notes.pdf", "page"],
            cwd=tmp_path,
            check=True,
        )
        image = Image.open(tmp_path / "page.png").convert("RGB")
        scale = image.width / width
        x, y = x0 + fx * (x1 - x0), top + fy * (bottom - top)
        pixel = image.getpixel((int(x * scale), int(y * scale)))
        assert pixel != (255, 255, 255), f"{name}: white at ({x:.0f}, {y:.0f}) pt on the title slide"
