"""QR codes, read back as a phone would: pages rendered to pixels, decoded with zxing-cpp.

Every resource link and the online feedback form's address must come back from a code on
the handout's resources page and (the feedback form's) on the printed feedback form, drawn
as vector shapes (no picture in the PDF), with the address printed under it.
"""

from __future__ import annotations

import io
from pathlib import Path

import pypdfium2 as pdfium
import pytest
import zxingcpp
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pptx.util import Emu, Pt
from pypdf import PdfReader

from facilitator import api
from facilitator.render import handout, handout_html, printables, qrkit
from tests.pdfcheck import squash

FEEDBACK = "https://forms.example.org/riverside/feedback?session=calendar-case"
LINKS = ["https://www.example.org/learning", "mailto:allies@example.org"]
WORKSHOP = f"""\
id: qr-case
title: QR case
date: 2027-05-20
start: "09:00"
duration: 30m
feedback_url: {FEEDBACK}
resources:
  - name: Learning hub
    url: {LINKS[0]}
    description: Short courses.
  - name: Ask the allies team
    url: {LINKS[1]}
  - name: A book without a link
agenda:
  - opening: Welcome
    minutes: 10
  - primer: what-is-allyship
    minutes: 10
  - closing: Close
    minutes: 10
"""


@pytest.fixture(scope="module")
def plan(tmp_path_factory: pytest.TempPathFactory):
    path = tmp_path_factory.mktemp("qr") / "qr-case.yaml"
    path.write_text(WORKSHOP, encoding="utf-8")
    return api.load_plan(path)


def decoded_pages(data: bytes) -> dict[int, list[str]]:
    """Return, for each page with codes, the text of every QR code a reader finds on it (at 144 dpi)."""
    document = pdfium.PdfDocument(data)
    found = {}
    for index in range(len(document)):
        image = document[index].render(scale=2).to_pil()
        texts = [result.text for result in zxingcpp.read_barcodes(image) if result.format.name == "QRCode"]
        if texts:
            found[index] = sorted(texts)
    return found


def only_output(outputs) -> bytes:
    (output,) = outputs
    return output.data


def test_the_handouts_resources_page_has_a_code_for_every_link_and_the_feedback_form(plan) -> None:
    data = only_output(handout.render(plan))
    pages = decoded_pages(data)
    assert list(pages.values()) == [sorted([*LINKS, FEEDBACK])]  # all on the resources page
    (index,) = pages
    reader = PdfReader(io.BytesIO(data))
    page = reader.pages[index]
    text = squash(page.extract_text()).replace(" ", "")
    for address in ("https://www.example.org/learning", "allies@example.org", FEEDBACK):
        assert address in text  # printed under its code (wrapped lines joined)
    assert "Abookwithoutalink" in text
    assert list(page.images) == []  # the codes are vector shapes, not pictures
    assert "Resources" in squash(page.extract_text())


def test_the_printed_feedback_form_has_the_online_forms_code(plan) -> None:
    data = only_output(printables.render(plan))
    pages = decoded_pages(data)
    assert list(pages.values()) == [[FEEDBACK]]
    (index,) = pages
    page = PdfReader(io.BytesIO(data)).pages[index]
    assert "Your feedback" in page.extract_text()
    assert FEEDBACK in squash(page.extract_text()).replace(" ", "")


def test_the_feedback_form_stays_on_one_page_with_its_code(plan) -> None:
    reader = PdfReader(io.BytesIO(only_output(printables.render(plan))))
    pages = [i for i, page in enumerate(reader.pages) if "Your feedback" in (page.extract_text() or "")]
    assert len(pages) == 1
    assert pages[0] == len(reader.pages) - 1  # the form is the last page, and nothing follows it


def test_large_print_codes_still_scan(plan) -> None:
    data = only_output(handout.render(plan, large_print=True))
    assert sorted(text for texts in decoded_pages(data).values() for text in texts) == sorted(
        [*LINKS, FEEDBACK]
    )


def test_the_accessible_handout_links_the_feedback_form(plan) -> None:
    html = handout_html.render_html(plan)
    assert f'<a href="{FEEDBACK}">' in html.replace("&amp;", "&") or FEEDBACK in html


def test_a_code_is_segnos_matrix_drawn_with_its_quiet_zone() -> None:
    import segno

    rows = qrkit.matrix(LINKS[0])
    assert rows == tuple(
        tuple(bool(m) for m in row) for row in segno.make_qr(LINKS[0], error="m", boost_error=False).matrix
    )
    runs = list(qrkit.dark_runs(((True, True, False, True),)))
    assert runs == [(0, 0, 2), (0, 3, 1)]
    image = Image.open(io.BytesIO(qrkit.png(LINKS[0], module_pixels=4)))
    assert image.size == ((len(rows) + 8) * 4,) * 2
    assert [r.text for r in zxingcpp.read_barcodes(image)] == [LINKS[0]]


def test_an_address_too_long_for_a_code_is_printed_without_one(write_yaml) -> None:
    long = "https://example.org/" + "a" * 320
    path: Path = write_yaml(
        f"""
        id: long-link
        title: Long link
        date: 2027-05-20
        start: "09:00"
        duration: 10m
        resources:
          - name: Far away
            url: {long}
        agenda:
          - primer: what-is-allyship
            minutes: 10
        """
    )
    data = only_output(handout.render(api.load_plan(path)))
    assert decoded_pages(data) == {}
    text = squash(" ".join(p.extract_text() for p in PdfReader(io.BytesIO(data)).pages)).replace(" ", "")
    assert long in text


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "ftp://example.org/form",
            "'ftp://example.org/form' is not a web address; use https://… or http://…",
        ),
        (
            "https://example.org/" + "f" * 290,
            "is 310 characters long; a QR code people can scan holds 300 at most",
        ),
    ],
)
def test_a_feedback_url_that_is_not_a_short_web_address_is_one_positioned_error(
    write_yaml, value: str, message: str
) -> None:
    path = write_yaml(WORKSHOP.replace(FEEDBACK, value))
    errors = [d.format() for d in api.check(path) if d.severity == "error"]
    assert errors == [f"{path}:6:15: error: feedback_url: {message} [schema.value]"]


def code_slides(plan) -> list:
    """Return the deck's slides of QR codes."""
    from facilitator.render import deck

    prs = Presentation(io.BytesIO(only_output(deck.render(plan))))
    return [s for s in prs.slides if s.shapes.title.text_frame.text.startswith("Resources: scan to open")]


def test_the_deck_has_a_slide_of_sharp_codes_each_with_its_address_under_it(plan) -> None:
    (slide,) = code_slides(plan)
    pictures = [s for s in slide.shapes if s.shape_type == MSO_SHAPE_TYPE.PICTURE]
    captions = [s for s in slide.shapes if s.has_text_frame and s.name.startswith("QR code")]
    found = []
    for picture in pictures:
        image = Image.open(io.BytesIO(picture.image.blob))
        (text,) = [r.text for r in zxingcpp.read_barcodes(image)]
        found.append(text)
        rows = qrkit.matrix(text)
        assert image.size == ((len(rows) + 8) * 12,) * 2  # twelve whole pixels a module: no blur
        assert picture.width >= Emu(Pt(100))  # about 1.4 in on a 13.3 in slide
        under = [
            c
            for c in captions
            if c.top >= picture.top + picture.height
            and c.left <= picture.left + picture.width // 2 <= c.left + c.width
        ]
        assert len(under) == 1 and text.removeprefix("mailto:") in under[0].text_frame.text.replace("\n", "")
        assert picture._element.nvPicPr.cNvPr.get("descr").endswith(text)
    assert found == [*LINKS, FEEDBACK]


def test_many_codes_are_shared_out_over_slides(write_yaml) -> None:
    entries = "\n".join(f"  - name: Place {n}\n    url: https://example.org/{n}" for n in range(7))
    path = write_yaml(
        WORKSHOP.split("resources:")[0]
        + "resources:\n"
        + entries
        + "\nagenda:"
        + WORKSHOP.split("agenda:")[1]
    )
    slides = code_slides(api.load_plan(path))
    titles = [s.shapes.title.text_frame.text for s in slides]
    assert titles == ["Resources: scan to open (1 of 2)", "Resources: scan to open (2 of 2)"]
    counts = [sum(s.shape_type == MSO_SHAPE_TYPE.PICTURE for s in slide.shapes) for slide in slides]
    assert counts == [4, 4]  # seven resources and the feedback form: four and four
