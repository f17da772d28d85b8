"""PDF paragraphs break their lines once per width, and fonts read on first use become plain fonts."""

from __future__ import annotations

from pathlib import Path

import pytest
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.platypus.paragraph import Paragraph as ReportlabParagraph

from facilitator import api
from facilitator.render import guide_pdf
from facilitator.render.pdf_bidi import BidiParagraph
from facilitator.text.fonts import register_ttf

PROJECT = Path(__file__).resolve().parent.parent
PRACTICE = PROJECT / "workshops" / "allyship-practice.yaml"
TEXT = "Allies notice who has not spoken yet and make room for them without putting anyone on the spot. " * 4


@pytest.fixture
def breaks(monkeypatch: pytest.MonkeyPatch) -> list[list[float]]:
    """Every call of reportlab's line breaking, by the widths it was given."""
    calls: list[list[float]] = []
    real = ReportlabParagraph.breakLines

    def counting(self: ReportlabParagraph, widths: list[float]) -> object:
        calls.append(list(widths))
        return real(self, widths)

    monkeypatch.setattr(ReportlabParagraph, "breakLines", counting)
    return calls


def test_a_paragraph_breaks_its_lines_once_per_width(breaks: list[list[float]]) -> None:
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)
    paragraph = BidiParagraph(TEXT, style)
    wide = paragraph.wrap(300, 1000)
    assert paragraph.wrap(300, 200) == wide and len(breaks) == 1  # the height asked for changes nothing
    narrow = paragraph.wrap(150, 1000)
    assert narrow[1] > wide[1] and len(breaks) == 2
    assert paragraph.wrap(300, 1000) == wide and len(breaks) == 3  # back to the first width: broken again
    lines = [line[1] for line in paragraph.blPara.lines]
    fresh = BidiParagraph(TEXT, style)
    assert fresh.wrap(300, 1000) == wide and [line[1] for line in fresh.blPara.lines] == lines


def test_lines_a_split_dropped_are_broken_again(breaks: list[list[float]]) -> None:
    style = ParagraphStyle("body", fontName="Helvetica", fontSize=10, leading=12)
    paragraph = BidiParagraph(TEXT, style)
    paragraph.wrap(300, 1000)
    assert paragraph.split(300, 13) == []  # one line of room: reportlab will not leave an orphan
    assert not hasattr(paragraph, "blPara")
    assert paragraph.wrap(300, 1000)[1] > 12 and len(breaks) == 2
    first, rest = paragraph.split(300, 30)  # two lines here, the rest on the next page
    assert len(breaks) == 2  # split uses the lines the wrap made
    assert first.wrap(300, 1000)[1] == 24.0 and rest.wrap(300, 1000)[1] > 0


def test_the_guide_is_the_same_with_its_lines_broken_every_time(
    monkeypatch: pytest.MonkeyPatch, breaks: list[list[float]]
) -> None:
    plan = api.load_plan(PRACTICE)
    once, pages = guide_pdf.build_guide_pdf(plan)
    kept = len(breaks)
    monkeypatch.setattr(BidiParagraph, "wrap", ReportlabParagraph.wrap)  # reportlab's own: no reuse
    breaks.clear()
    every_time, pages_again = guide_pdf.build_guide_pdf(plan)
    assert every_time == once and pages_again == pages
    assert len(breaks) > 1.5 * kept  # the reuse is real: most paragraphs were wrapped more than once


def test_a_font_read_on_first_use_becomes_a_plain_truetype_font() -> None:
    path = PROJECT / "assets" / "fonts" / "DejaVuSans.ttf"
    register_ttf("WrapOnceTestSans", path)
    font = pdfmetrics.getFont("WrapOnceTestSans")
    assert type(font) is not TTFont  # not read yet
    assert pdfmetrics.stringWidth("Allies", "WrapOnceTestSans", 10) > 0
    assert type(font) is TTFont and font.face.name  # read, and no longer answering through our hook
