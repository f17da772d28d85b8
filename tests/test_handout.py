"""The handout as a participant reads it: every question and prompt, never the debrief, clean fonts."""

from __future__ import annotations

import io
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from facilitator import api
from facilitator.render import handout
from facilitator.render.pdfkit import paper_name
from facilitator.text.markup import plain_text
from tests.conftest import READY_WORKSHOPS
from tests.pdfcheck import HAVE_PDFFONTS, fonts_report, pdf_text, squash

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests/roots/minimal/workshop.yaml"
UNICODE = ROOT / "tests/roots/unicode/workshop.yaml"
# The English ready workshops: these tests read English labels (the French intro is read in test_i18n.py).
READY = READY_WORKSHOPS
LETTER, A4 = (612, 792), (595, 842)


@pytest.fixture(scope="module", params=[MINIMAL, *READY], ids=lambda p: p.stem)
def built(request):
    plan = api.load_plan(request.param)
    data = handout.render(plan)[0].data
    return plan, data, pdf_text(data) + " " + pdf_text(data, footers=False)


def test_every_question_and_scenario_prompt_is_in_the_handout(built):
    plan, _, text = built
    expected = []
    for segment in plan.segments:
        if segment.discussion:
            expected += [q.text for q in segment.discussion.questions]
        if segment.scenario:
            expected += list(segment.scenario.prompts)
            expected += [segment.scenario.situation] + [r.name for r in segment.scenario.roles]
        if segment.kind in ("reflection", "activity"):
            expected += list(segment.prompts)
    assert expected
    for item in expected:
        assert squash(plain_text(item)) in text


def test_primer_points_and_takeaways_are_in_the_handout(built):
    plan, _, text = built
    for segment in plan.segments:
        if segment.primer:
            assert squash(plain_text(segment.primer.takeaway)) in text
            for point in segment.primer.points:
                assert squash(plain_text(point.text)) in text


def test_the_debrief_and_ally_responses_stay_out_of_the_handout(built):
    plan, _, text = built
    for segment in plan.segments:
        if segment.scenario:
            for question in segment.scenario.debrief:
                assert squash(plain_text(question)) not in text
            for response in segment.scenario.ally_responses:
                assert squash(plain_text(response.text)) not in text
            for role in segment.scenario.roles:
                assert squash(plain_text(role.card)) not in text  # the cards are on the role cards


def test_agreements_resources_and_notes_are_there(built):
    plan, data, text = built
    for agreement in plan.workshop.agreements:
        assert squash(agreement) in text
    assert "Notes" in text
    links = set()
    for page in PdfReader(io.BytesIO(data)).pages:
        for annot in page.get("/Annots") or []:
            action = annot.get_object().get("/A")
            if action and "/URI" in action:
                links.add(str(action["/URI"]))
    assert {r.url for r in plan.resources if r.url} <= links


def test_footer_bookmarks_and_metadata(built):
    plan, data, text = built
    reader = PdfReader(io.BytesIO(data))
    count = len(reader.pages)
    assert f"Page 1 of {count}" in text and f"Page {count} of {count}" in text
    outline = [item.title for item in reader.outline if not isinstance(item, list)]
    assert "About this session" in outline and "Notes" in outline
    assert reader.metadata.title.startswith(plan.workshop.title)
    assert reader.metadata.author
    assert str(reader.trailer["/Root"]["/Lang"]) == plan.workshop.language


def test_the_same_plan_gives_the_same_bytes():
    plan = api.load_plan(MINIMAL)
    assert handout.render(plan)[0].data == handout.render(plan)[0].data


def test_page_size_follows_paper_and_language():
    plan = api.load_plan(MINIMAL)  # language en, no paper: letter
    reader = PdfReader(io.BytesIO(handout.render(plan)[0].data))
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {LETTER}
    reader = PdfReader(io.BytesIO(handout.render(plan, paper="a4")[0].data))
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {A4}
    unicode_plan = api.load_plan(UNICODE)  # paper: a4 in the file
    reader = PdfReader(io.BytesIO(handout.render(unicode_plan)[0].data))
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {A4}


@pytest.mark.parametrize(
    ("language", "paper"),
    [
        ("en", "letter"),
        ("en-US", "letter"),
        ("en-CA", "letter"),
        ("fr-CA", "letter"),
        ("es-MX", "letter"),
        ("en-GB", "a4"),
        ("en-AU", "a4"),
        ("fr", "a4"),
        ("de-DE", "a4"),
        ("crk", "a4"),
    ],
)
def test_paper_rule(language, paper):
    plan = api.load_plan(MINIMAL)
    workshop = plan.workshop.model_copy(update={"language": language})
    assert paper_name(plan.__class__(**{**plan.__dict__, "workshop": workshop})) == paper


def test_large_print_has_no_text_under_18_points():
    plan = api.load_plan(MINIMAL)
    normal = handout.render(plan)[0].data
    large = handout.render(plan, large_print=True)[0]
    assert large.name == "handout-large-print.pdf"
    with pdfplumber.open(io.BytesIO(large.data)) as pdf:
        sizes = [char["size"] for page in pdf.pages for char in page.chars]
    assert sizes and min(sizes) >= 18 - 1e-6
    assert pdf_text(large.data).count("?") == pdf_text(normal).count("?")  # same questions


@pytest.mark.skipif(not HAVE_PDFFONTS, reason="pdffonts (poppler-utils) is not installed")
def test_every_font_is_embedded():
    data = handout.render(api.load_plan(MINIMAL))[0].data
    rows = fonts_report(data)
    assert rows and all(row[-5] == "yes" for row in rows), rows
    assert all("DejaVuSans" in row[0] for row in rows)


def test_unicode_comes_out_as_written_and_the_emoji_is_left_out_with_a_warning():
    plan = api.load_plan(UNICODE)
    text = pdf_text(handout.render(plan)[0].data)
    for word in ("Café", "Michał", "Māori", "ᓀᐦᐃᔭᐍᐏᐣ", "nēhiyawēwin", "Łódź", "Hélène-Łukasiewicz"):
        assert word in text
    assert "🌱" not in text and "\ufffd" not in text
    assert "Which word from another language do you use every day?" in text
    warnings = [d for d in plan.warnings if d.code == "font.missing-glyph"]
    assert len(warnings) == 1
    warning = warnings[0]
    assert "U+1F331 🌱" in warning.message
    assert warning.path.endswith("words-we-carry.yaml") and (warning.line, warning.col) == (10, 66)
    assert "SECRET" not in text


def test_build_options_reach_the_pdf_renderers(tmp_path):
    result = api.build(
        MINIMAL, tmp_path, only=["handout", "printables", "deck"], paper="a4", large_print=True
    )
    names = sorted(path.name for path, _ in result.written)
    assert "handout-large-print.pdf" in names and "printables-large-print.pdf" in names
    reader = PdfReader(tmp_path / "minimal" / "handout-large-print.pdf")
    assert {(round(p.mediabox.width), round(p.mediabox.height)) for p in reader.pages} == {A4}


def test_check_reports_the_missing_glyph_with_its_position():
    found = [d for d in api.check(UNICODE) if d.code == "font.missing-glyph"]
    assert [d.format().split(": warning")[0] for d in found] == [f"{found[0].path}:10:66"] and found[
        0
    ].path.endswith("tests/roots/unicode/library/discussions/words-we-carry.yaml")


def test_emoji_the_font_has_is_still_reported_because_it_would_not_copy_back():
    from facilitator.text.glyphs import drawable, font_cmap, missing_chars

    cmap = font_cmap(api.load_plan("tests/roots/minimal/workshop.yaml").theme.fonts.print.regular)
    assert 0x1F600 in cmap  # DejaVu Sans has a glyph for 😀 …
    assert missing_chars("ok 😀", cmap) == ["😀"]  # … but reportlab cannot map it back to text
    assert drawable("ok 😀", cmap) == "ok "
