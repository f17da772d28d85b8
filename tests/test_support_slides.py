"""A support contact stays together when the support slide continues on the next one.

The last slide lists where to get support; with many contacts it continues on
"Support after today (2 of 3)". A contact's name was kept with the first line of
how to reach them, but that paragraph then moved whole to the next slide: the
name ended one slide and the number began the next. Now a contact (name, number,
hours) is on one slide, the closing line goes with the last contact, and the deck
and the PDF slide painter (notes.pdf) show the same slides.
"""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pytest
from pptx import Presentation

from facilitator import api
from facilitator.build.runner import render_outputs
from facilitator.text.layout import Block, paginate
from facilitator.text.markup import Run
from tests.conftest import ROOTS
from tests.test_deck import carlito
from tests.test_slide_pdfs import drawn_slides

HOURS = "Monday to Friday, 8 a.m. to 10 p.m., and weekends from noon to 6 p.m.; interpreters on request"
TITLE = "Support after today"


def _workshop(tmp_path: Path, count: int, *, four_by_three: bool) -> Path:
    """The minimal workshop with `count` support contacts, on the default 16:9 deck or a 4:3 template."""
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    text = path.read_text(encoding="utf-8")
    contacts = "".join(
        f"  - name: Support line {k}, for people across the region\n"
        f"    contact: 1-800-555-01{k:02d}\n"
        f"    when: {HOURS}\n"
        for k in range(1, count + 1)
    )
    text = text[: text.index("support:")] + "support:\n" + contacts + text[text.index("agenda:") :]
    if four_by_three:
        Presentation().save(str(path.parent / "old.pptx"))  # python-pptx's default is 4:3
        text += "theme:\n  template: old.pptx\n"
    path.write_text(text, encoding="utf-8")
    return path


def _contacts(text: str) -> list[tuple[int, str]]:
    """The contacts a slide's text shows, in order: (the line's number, the number to call)."""
    return re.findall(r"Support line (\d+), for people across the region\s*(1-800-555-01\d\d)", text)


@pytest.mark.parametrize(
    ("count", "four_by_three", "slides"),
    [
        (4, False, [[1, 2], [3, 4]]),  # was: 1, 2 and the name of 3 | the rest of 3, and 4
        (9, True, [[1, 2, 3], [4, 5, 6], [7, 8], [9]]),  # was: 1-3 | 4, 5 and the name of 6 | …
    ],
    ids=["16:9, 4 contacts", "4:3, 9 contacts"],
)
def test_each_contact_is_on_one_slide_in_the_deck_and_in_notes_pdf(
    tmp_path: Path, count: int, four_by_three: bool, slides: list[list[int]]
) -> None:
    plan = api.load_plan(_workshop(tmp_path, count, four_by_three=four_by_three))
    files = {o.name: o.data for o in render_outputs(plan, ["deck", "notes"])}
    deck = Presentation(io.BytesIO(files["deck.pptx"]))
    support = [s for s in deck.slides if s.shapes.title.text_frame.text.startswith(TITLE)]
    titles = [s.shapes.title.text_frame.text for s in support]
    assert titles == [f"{TITLE} ({n} of {len(slides)})" for n in range(1, len(slides) + 1)]
    shown = []
    for slide in support:
        paragraphs = [
            p.text
            for shape in slide.placeholders
            if shape.placeholder_format.idx != 0
            for p in shape.text_frame.paragraphs
            if p.text.strip()
        ]
        names = [i for i, p in enumerate(paragraphs) if p.startswith("Support line ")]
        # Every name is followed, on its own slide, by how to reach them and when.
        assert [paragraphs[i + 1] if i + 1 < len(paragraphs) else None for i in names] == [
            f"1-800-555-01{int(paragraphs[i].split()[2].rstrip(',')):02d} · {HOURS}" for i in names
        ]
        shown.append([int(number) for number, _call in _contacts("\n".join(paragraphs))])
    assert shown == slides
    assert paragraphs[-1].startswith("The handout is also a web page")  # with the last contact
    painted = [text for _page, text in drawn_slides(files["notes.pdf"]) if text.startswith(TITLE)]
    assert [[int(n) for n, _call in _contacts(text)] for text in painted] == slides


def _block(text: str, *, before: float = 0.0, keep: bool = False) -> Block:
    return Block((Run(text),), 20, space_before=before, keep_with_next=keep)


def test_blocks_kept_together_move_to_the_next_page_as_one() -> None:
    fonts = carlito()
    filler = _block("filler " * 30)
    name = _block("A name", before=6, keep=True)
    reach = _block("how to reach them " * 12, before=2, keep=True)  # several lines
    closing = _block("a closing line", before=6)
    pages = paginate([filler, name, reach, closing], 300, 300, fonts)
    texts = [[b.runs[0].text.split()[0] for b in page] for page in pages]
    assert texts == [["filler"], ["A", "how", "a"]]


def test_a_run_taller_than_a_page_keeps_only_with_the_next_first_line() -> None:
    fonts = carlito()
    filler = _block("filler " * 6)
    name = _block("A name", before=6, keep=True)
    reach = _block("how to reach them " * 60, before=2)  # taller than a page: it is split anyway
    pages = paginate([filler, name, reach], 300, 200, fonts)
    assert [b.runs[0].text.split()[0] for b in pages[0]] == ["filler", "A", "how"]
    assert pages[1][0].continued
