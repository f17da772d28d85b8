"""Printables: role cards for each scenario role, name tent, sign-in sheet, feedback form, each switchable."""

from __future__ import annotations

import dataclasses
import io
from pathlib import Path

import pdfplumber
import pytest
from pypdf import PdfReader

from facilitator import api
from facilitator.render import printables
from facilitator.text.markup import plain_text
from facilitator.workshop.schema import Printables
from tests.conftest import READY_WORKSHOPS
from tests.pdfcheck import HAVE_PDFFONTS, fonts_report, page_sizes, page_texts, pdf_text, squash

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests/roots/minimal/workshop.yaml"
# The English ready workshops: these tests read English labels (the French intro is read in test_i18n.py).
READY = READY_WORKSHOPS


def with_printables(plan, **toggles):
    workshop = plan.workshop.model_copy(update={"printables": Printables(**toggles)})
    return dataclasses.replace(plan, workshop=workshop)


@pytest.mark.parametrize("path", [MINIMAL, *READY], ids=lambda p: p.stem)
def test_a_card_for_every_role_of_every_scenario(path):
    plan = api.load_plan(path)
    [output] = printables.render(plan)
    text = pdf_text(output.data, footers=False)
    scenarios = {s.scenario.id: s.scenario for s in plan.segments if s.scenario}
    assert scenarios
    cards = 0
    for scenario in scenarios.values():
        for role in scenario.roles:
            if role.played_by == "nobody":  # described in the guide only: no card to hand out
                assert squash(plain_text(role.card)) not in text
                continue
            cards += 1
            assert squash(plain_text(role.name)) in text
            assert squash(plain_text(role.card)) in text
        for question in scenario.debrief:
            assert squash(plain_text(question)) not in text
        assert squash(plain_text(scenario.harmful_moment)) not in text
    assert f"{cards} role cards" in output.summary
    # The renderer adds the line against caricature to every card, whatever the card says.
    assert text.count(squash("No accents, no imitation of disability, age or culture")) == cards


def test_sign_in_has_whole_pages_of_rows_for_everyone_and_feedback_fits_one_page():
    plan = api.load_plan(MINIMAL)
    pages = page_texts(printables.render(plan)[0].data)
    numbers = " ".join(p for p in pages if "Sign-in sheet" in p or "Organization or role" in p)
    expected = plan.workshop.expected_participants  # 20, with 10% spare 22: two pages of 16 rows
    assert expected == 20
    assert " 22 " in f" {numbers} " and " 32 " in f" {numbers} " and " 33 " not in f" {numbers} "
    feedback = [i for i, p in enumerate(pages) if "Your feedback" in p]
    assert len(feedback) == 1 and feedback[0] == len(pages) - 1
    assert "What would you change about this session?" in pages[-1]


def test_every_printable_off_gives_no_file():
    plan = with_printables(
        api.load_plan(MINIMAL), role_cards=False, name_tents=False, sign_in=False, feedback=False
    )
    assert printables.render(plan) == []


def test_each_toggle_controls_its_part():
    plan = api.load_plan(MINIMAL)
    only_feedback = with_printables(plan, role_cards=False, name_tents=False, sign_in=False)
    [output] = printables.render(only_feedback)
    assert len(PdfReader(io.BytesIO(output.data)).pages) == 1
    assert "Your feedback" in pdf_text(output.data) and "Organiser" not in pdf_text(output.data)

    no_pronouns = pdf_text(printables.render(with_printables(plan, pronouns=False))[0].data)
    assert "Pronouns" not in no_pronouns and "Name" in no_pronouns
    assert "Pronouns (optional)" in pdf_text(printables.render(plan)[0].data)

    no_cards = pdf_text(printables.render(with_printables(plan, role_cards=False))[0].data)
    assert "ROLE CARD" not in no_cards and "Sign-in sheet" in no_cards


def test_name_tent_reads_from_both_sides():
    plan = with_printables(api.load_plan(MINIMAL), role_cards=False, sign_in=False, feedback=False)
    with pdfplumber.open(io.BytesIO(printables.render(plan)[0].data)) as pdf:
        page = pdf.pages[0]
        upright = [c for c in page.chars if c["upright"] and c["matrix"][0] > 0]
        flipped = [c for c in page.chars if c["matrix"][0] < 0]
    assert upright and flipped  # the back panel is upside down, so it reads right when folded


def test_paper_size_and_determinism():
    plan = api.load_plan(MINIMAL)
    a4 = printables.render(plan, paper="a4")[0].data
    assert page_sizes(a4) == {(595, 842)}
    assert page_sizes(printables.render(plan)[0].data) == {(612, 792)}
    assert a4 == printables.render(plan, paper="a4")[0].data


def test_large_print_cards_have_no_text_under_18_points():
    plan = with_printables(api.load_plan(MINIMAL), sign_in=False, feedback=False, name_tents=False)
    [output] = printables.render(plan, large_print=True)
    with pdfplumber.open(io.BytesIO(output.data)) as pdf:
        sizes = [c["size"] for p in pdf.pages for c in p.chars]
    assert min(sizes) >= 18 - 1e-6


@pytest.mark.skipif(not HAVE_PDFFONTS, reason="pdffonts (poppler-utils) is not installed")
def test_every_font_is_embedded():
    rows = fonts_report(printables.render(api.load_plan(MINIMAL))[0].data)
    assert rows and all(row[-5] == "yes" for row in rows), rows
