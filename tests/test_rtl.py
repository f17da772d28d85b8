"""Right-to-left scripts print: Arabic joined, Arabic and Hebrew words in reading order, in every PDF.

`tests/roots/arabic/` has Arabic in its title, a facilitator's name, its
objectives, agreements and a primer's points, and Hebrew in its organisation.
Poppler's `pdftotext` reads a PDF's lines back in logical (reading) order;
after NFKC normalisation (Arabic is drawn with its contextual presentation
forms) the words must be there as written. pdfplumber reads the glyphs left to
right, as drawn: a mixed line must be drawn in the order the Unicode
bidirectional algorithm gives.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
import unicodedata
import zipfile
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from bidi import get_display
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus import Paragraph, SimpleDocTemplate

from facilitator import api
from facilitator.render.pdf_bidi import BidiParagraph
from facilitator.text.bidi import has_rtl, run_language, starts_rtl, visual_order
from tests.conftest import PROJECT, ROOTS

ARABIC = ROOTS / "arabic" / "workshop.yaml"
FONT = PROJECT / "assets" / "fonts" / "DejaVuSans.ttf"
PDFTOTEXT = shutil.which("pdftotext")
needs_pdftotext = pytest.mark.skipif(PDFTOTEXT is None, reason="pdftotext (poppler-utils) is not installed")
_BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e"))


@cache
def _arabic_build() -> Path:
    out = Path(tempfile.mkdtemp(prefix="arabic-build-"))
    api.build(ARABIC, out, force=True, parallel=False)
    return out / "arabic-test"


def _reading_order(pdf: Path | bytes) -> str:
    """Return a PDF's text as poppler reads it (logical order), NFKC-normalised, without bidi marks."""
    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    text = subprocess.run([PDFTOTEXT, "-", "-"], input=data, capture_output=True, check=True).stdout
    return unicodedata.normalize("NFKC", text.decode("utf-8")).translate(_BIDI_MARKS)


def _drawn_lines(pdf: Path | bytes) -> list[str]:
    """Return a PDF's lines as drawn, glyph by glyph from left to right, NFKC-normalised."""
    data = pdf if isinstance(pdf, bytes) else pdf.read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as document:
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    return unicodedata.normalize("NFKC", text).splitlines()


@needs_pdftotext
@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("handout.pdf", ["العمل معًا", "سارة أحمد", "نستمع أكثر مما نتكلم", "نسأل قبل أن نساعد", "שלום עולם"]),
        ("guide.pdf", ["العمل معًا", "سارة أحمد", "نستمع أكثر مما نتكلم", "نسأل قبل أن نساعد"]),
        ("printables.pdf", ["العمل معًا"]),
    ],
)
def test_arabic_and_hebrew_read_back_in_reading_order(name: str, words: list[str]) -> None:
    pdf = _arabic_build() / name
    text = _reading_order(pdf)
    for phrase in words:
        assert phrase in text, f"{name}: {phrase!r} not in reading order"
    raw = subprocess.run([PDFTOTEXT, str(pdf), "-"], capture_output=True, check=True).stdout.decode()
    assert any(0xFE70 <= ord(ch) <= 0xFEFF for ch in raw), (
        "Arabic letters are not joined (no contextual forms)"
    )


def test_a_mixed_line_is_drawn_in_the_bidirectional_algorithms_order() -> None:
    """English with Arabic inside, Arabic with digits inside: drawn as UAX #9 orders them."""
    lines = _drawn_lines(_arabic_build() / "handout.pdf")
    mixed = "Mixed: the word مرحبا sits inside an English sentence, and so do 2027 and (سارة)."
    expected = get_display(mixed, base_dir="L")
    assert any(expected in line for line in lines), (expected, [line for line in lines if "Mixed" in line])
    # Digits inside right-to-left text keep their order: 10, never 01.
    arabic = "نسأل الناس عما يحتاجون إليه قبل أن نقترح شيئا، في الساعة 10 صباحا أو في أي وقت."
    drawn = " ".join(lines)
    assert get_display(arabic, base_dir="R")[:20] in drawn


@needs_pdftotext
def test_reportlab_alone_would_print_the_words_reversed(tmp_path: Path) -> None:
    """The check above can fail: reportlab's own paragraph, shaping on, draws words in the wrong order."""
    pdfmetrics.registerFont(TTFont("rtl-test-dejavu", str(FONT)))
    style = ParagraphStyle("rtl", fontName="rtl-test-dejavu", fontSize=12, shaping=1)

    def pdf(paragraph_class: type) -> bytes:
        buffer = io.BytesIO()
        SimpleDocTemplate(buffer, invariant=1).build([paragraph_class("نستمع أكثر مما نتكلم", style)])
        return buffer.getvalue()

    assert "نستمع أكثر مما نتكلم" not in _reading_order(pdf(Paragraph))
    assert "نستمع أكثر مما نتكلم" in _reading_order(pdf(BidiParagraph))


def test_text_without_right_to_left_letters_prints_byte_for_byte_as_before() -> None:
    style = ParagraphStyle("plain", fontName="Helvetica", fontSize=12)

    def pdf(paragraph_class: type) -> bytes:
        buffer = io.BytesIO()
        text = "Allyship is a <b>practice</b>, not an identity: 10:00–10:30."
        SimpleDocTemplate(buffer, invariant=1).build([paragraph_class(text, style)])
        return buffer.getvalue()

    assert pdf(BidiParagraph) == pdf(Paragraph)


def test_visual_order_follows_the_algorithm() -> None:
    pieces = ["With", " ", "سارة", " ", "أحمد", " ", "and", " ", "Alex"]
    assert [pieces[i] for i in visual_order(pieces, rtl=False)] == [
        "With", " ", "أحمد", " ", "سارة", " ", "and", " ", "Alex"
    ]  # fmt: skip
    greeting = ["سلام", " ", "عليكم"]
    assert [greeting[i] for i in visual_order(greeting, rtl=True)] == ["عليكم", " ", "سلام"]
    assert starts_rtl("  (سارة) and Alex") and not starts_rtl("Alex and سارة")
    assert has_rtl("שלום") and not has_rtl("Québec, 14 h 20")


def test_the_deck_marks_right_to_left_paragraphs_and_their_runs_language(tmp_path: Path) -> None:
    """In an English deck, an Arabic title reads from the right and its runs say they are Arabic."""
    workshop = tmp_path / "english.yaml"
    workshop.write_text(
        ARABIC.read_text(encoding="utf-8")
        .replace("language: ar", "language: en")
        .replace("id: arabic-test", "id: en-ar"),
        encoding="utf-8",
    )
    shutil.copytree(ARABIC.parent / "library", tmp_path / "library")
    api.build(workshop, tmp_path / "out", only=["deck"], force=True, parallel=False)
    with zipfile.ZipFile(tmp_path / "out" / "en-ar" / "deck.pptx") as package:
        title = package.read("ppt/slides/slide1.xml").decode()
    assert 'rtl="1"' in title
    assert 'lang="ar"' in title and 'lang="en"' in title
    assert run_language("שלום", "en", rtl_language=False) == "he"
    assert run_language("سلام", "fa", rtl_language=True) == "fa"
