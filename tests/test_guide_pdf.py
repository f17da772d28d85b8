"""The guide as PDF: run of show, checklist, and every facilitator-only part the handout leaves out."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pypdf import PdfReader

from facilitator import api
from facilitator.planning import prep
from facilitator.render.guide_pdf import render_guide_pdf
from facilitator.text.glyphs import _ALWAYS_DRAWABLE, font_cmap
from facilitator.text.markup import plain_text
from tests.clock import planned_times
from tests.conftest import READY_WORKSHOPS
from tests.pdfcheck import HAVE_PDFFONTS, fonts_report, page_sizes, pdf_text, squash

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests/roots/minimal/workshop.yaml"
# The English ready workshops: these tests read English labels (the French intro is read in test_i18n.py).
READY = READY_WORKSHOPS


@pytest.fixture(scope="module", params=[MINIMAL, *READY], ids=lambda p: p.stem)
def built(request):
    plan = api.load_plan(request.param)
    output = render_guide_pdf(plan)
    return plan, output, pdf_text(output.data) + " " + pdf_text(output.data, footers=False)


def test_run_of_show_and_cues(built):
    plan, output, text = built
    assert output.name == "guide.pdf"
    slots = planned_times(plan.source_path)  # from the file's own numbers, not the plan's
    rows = [f"{slot.start} {slot.end} {slot.minutes}" for slot in slots]
    assert [row for row in rows if row not in text] == []
    cues = [
        f"At {slot.end}, wrap up and move to {s.next_title}"
        for slot, s in zip(slots, plan.segments, strict=True)
    ]
    cues[-1] = f"At {slots[-1].end}, close the session."
    assert [cue for cue in cues if squash(cue) not in text] == []


def test_debrief_ally_responses_roles_and_follow_ups(built):
    plan, _, text = built
    for segment in plan.segments:
        if segment.scenario:
            for item in [*segment.scenario.debrief, *(r.text for r in segment.scenario.ally_responses)]:
                assert squash(plain_text(item)) in text
            for role in segment.scenario.roles:
                assert squash(plain_text(role.card)) in text
        if segment.discussion:
            for question in segment.discussion.questions:
                for follow_up in question.follow_ups:
                    assert squash(plain_text(follow_up)) in text


def test_checklist_counts_and_access_needs(built):
    plan, _, text = built
    checklist = prep.checklist(plan)
    for count in checklist.printing:
        assert squash(count.reason) in text
    assert "Access needs to ask about in advance" in text
    if plan.workshop.content_note:
        assert squash(plain_text(plan.workshop.content_note))[:60] in text


def test_bookmarks_deterministic_and_embedded_fonts():
    plan = api.load_plan(MINIMAL)
    data = render_guide_pdf(plan).data
    assert data == render_guide_pdf(plan).data
    outline = [i.title for i in PdfReader(io.BytesIO(data)).outline if not isinstance(i, list)]
    assert "Before the day" in outline and plan.segments[1].title in outline
    assert page_sizes(render_guide_pdf(plan, paper="a4").data) == {(595, 842)}


@pytest.mark.skipif(not HAVE_PDFFONTS, reason="pdffonts (poppler-utils) is not installed")
def test_every_font_of_the_guide_is_embedded() -> None:
    report = fonts_report(render_guide_pdf(api.load_plan(MINIMAL)).data)
    assert report, "pdffonts listed no font"
    assert all(row[-5] == "yes" for row in report), report


def test_cmap_reader_agrees_with_reportlab():
    from reportlab.pdfbase.ttfonts import TTFont

    for name in ("DejaVuSans", "DejaVuSans-Bold", "DejaVuSans-Oblique", "DejaVuSans-BoldOblique"):
        path = ROOT / "assets/fonts" / f"{name}.ttf"
        ours = font_cmap(path) - _ALWAYS_DRAWABLE
        theirs = {code for code, glyph in TTFont(f"t-{name}", str(path)).face.charToGlyph.items() if glyph}
        assert ours == theirs
