"""Support contacts everyone can read, and credit for every source: validate, handout, slides and guide."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner
from pptx import Presentation

from facilitator import api
from facilitator.cli import cli
from facilitator.render import deck, guide, guide_pdf, handout, handout_html

from .conftest import PROJECT, READY_WORKSHOPS
from .pdfcheck import pdf_text

HALF_DAY = PROJECT / "workshops" / "allyship-half-day.yaml"
CANADA_WIDE = (
    ("9-8-8 Suicide Crisis Helpline", "Call or text 988"),
    ("Hope for Wellness Help Line", "1-855-242-3310"),
    ("National Indian Residential School Crisis Line", "1-866-925-4419"),
)


def pages(data: bytes) -> list[str]:
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return [" ".join((page.extract_text() or "").split()) for page in pdf.pages]


def without_support(tmp_path: Path, ready: str) -> Path:
    text = (PROJECT / "workshops" / f"{ready}.yaml").read_text(encoding="utf-8")
    start = text.index("support:\n")
    end = text.index("resources:", start)
    path = tmp_path / f"{ready}.yaml"
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    return path


# --- validate -------------------------------------------------------------------------------------


def test_ready_workshops_pass_strict_validation_with_their_host_contact_noted() -> None:
    result = CliRunner().invoke(cli, ["validate", "--strict", *map(str, READY_WORKSHOPS)])
    assert result.exit_code == 0, result.output
    not_ok = [
        path.stem for path in READY_WORKSHOPS if f"{path.relative_to(PROJECT)}: ok" not in result.output
    ]
    assert not_ok == [], result.output  # every workshop that is not ok, not only the first
    assert result.output.count("[support.placeholder]") == 3
    assert (
        "note: support[0].name: still a placeholder ([Host contact: name and role], [phone number or email]"
        in (result.output)
    )


def test_missing_support_with_a_moderate_scenario_warns_and_fails_strict(tmp_path: Path) -> None:
    path = without_support(tmp_path, "allyship-practice")
    [found] = [d.format() for d in api.check(path) if d.code == "support.missing"]
    assert found == (
        f"{path}:1:5: warning: id: no `support:` contacts, and 'family-dinner' is moderate; list where "
        "participants can get personal support (name, contact, when) [support.missing]"
    )
    assert CliRunner().invoke(cli, ["validate", str(path)]).exit_code == 0
    strict = CliRunner().invoke(cli, ["validate", "--strict", str(path)])
    assert strict.exit_code == 2
    assert "error: id: no `support:` contacts, and 'family-dinner' is moderate" in strict.output


def test_missing_support_with_only_gentle_role_plays_is_a_note_that_strict_lets_pass(tmp_path: Path) -> None:
    path = without_support(tmp_path, "allyship-intro")
    [found] = [d for d in api.check(path) if d.code == "support.missing"]
    assert found.severity == "note"
    result = CliRunner().invoke(cli, ["validate", "--strict", str(path)])
    assert result.exit_code == 0, result.output
    assert "note: id: no `support:` contacts for after the role-play" in result.output


def test_a_contact_needs_name_contact_and_when(tmp_path: Path) -> None:
    path = tmp_path / "w.yaml"
    text = HALF_DAY.read_text(encoding="utf-8").replace(
        '    when: "[when they can be reached, during and after the session]"\n', ""
    )
    path.write_text(text, encoding="utf-8")
    errors = [d.format() for d in api.check(path) if d.severity == "error"]
    line = text.splitlines().index('  - name: "[Host contact: name and role]"') + 1
    assert errors == [
        f"{path}:{line}:5: error: support[0].when: 'when' is required here; add `when:` [schema.missing]"
    ]


# --- outputs --------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", READY_WORKSHOPS, ids=lambda p: p.stem)
def test_the_support_page_comes_first_in_the_back_matter_on_a_page_of_its_own(path: Path) -> None:
    plan = api.load_plan(path)
    [pdf] = [o for o in handout.render(plan) if o.name == "handout.pdf"]
    texts = pages(pdf.data)
    [n] = [i for i, t in enumerate(texts) if t.startswith("Support Conversations about harm")]
    for name, reach in CANADA_WIDE:
        assert name in texts[n] and reach in texts[n]
    assert "[Host contact: name and role]" in texts[n]
    assert "Resources" not in texts[n] and "Sources and credits" not in texts[n]
    assert texts[n + 1].startswith("Resources Places to keep learning")
    # Only back matter follows it: no page of an agenda segment (each starts with its kind and times).
    eyebrow = re.compile(r"\b(OPENING|PRIMER|DISCUSSION|ROLE-PLAY|ACTIVITY|REFLECTION|CLOSING) · ")
    assert not [t for t in texts[n + 1 :] if eyebrow.search(t)]
    starts = [t.split()[0] for t in texts[n + 1 :] if t.split()[0] in ("Resources", "Sources", "Notes")]
    assert starts[:2] == ["Resources", "Sources"]  # the notes page may share the credits' last page
    assert "Notes" in texts[-1]
    contents = " ".join(t for t in texts if t.startswith("Contents") or ". . ." in t)
    assert re.search(rf"\bSupport[ .]+ {n + 1}\b", contents), contents  # in the contents, with its page


@pytest.mark.parametrize("path", READY_WORKSHOPS, ids=lambda p: p.stem)
def test_the_last_slide_shows_the_support_contacts(path: Path) -> None:
    plan = api.load_plan(path)
    [output] = deck.render(plan)
    last = list(Presentation(io.BytesIO(output.data)).slides)[-1]
    assert last.shapes.title.text_frame.text == "Support after today"
    body = " ".join(s.text_frame.text for s in last.shapes if s.has_text_frame)
    for name, reach in CANADA_WIDE:
        assert name in body and reach in body


@pytest.mark.parametrize("path", READY_WORKSHOPS, ids=lambda p: p.stem)
def test_the_guide_checklist_asks_to_confirm_the_numbers_before_printing(path: Path) -> None:
    plan = api.load_plan(path)
    text = guide.render_markdown(plan)
    section = text[text.index("### Support contacts") :]
    assert section.splitlines()[2] == (
        "Confirm these numbers before printing: each one prints in the handout and on the last slide."
    )
    assert (
        "- [ ] 9-8-8 Suicide Crisis Helpline — Call or text 988 (Any time, day or night): call or write to "
        in (section)
    )
    printed = pdf_text(guide_pdf.render_guide_pdf(plan).data)
    assert "Confirm these numbers before printing" in printed and "1-866-925-4419" in printed


def test_the_accessible_handout_has_the_support_contacts() -> None:
    html = handout_html.render_html(api.load_plan(HALF_DAY))
    assert '<section id="support" class="new-page">' in html
    assert "1-855-242-3310" in html


# --- credits --------------------------------------------------------------------------------------


def sources_used(plan) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for s in plan.segments:
        item = s.primer or s.discussion or s.scenario or s.activity
        for source in getattr(item, "sources", []) if item else []:
            found.setdefault(source.title, set()).add(item.title)
    for resource in plan.resources:
        if resource.source:
            found.setdefault(resource.source, set())
    return found


@pytest.mark.parametrize("path", READY_WORKSHOPS, ids=lambda p: p.stem)
def test_every_source_of_every_item_used_is_credited_in_print(path: Path) -> None:
    plan = api.load_plan(path)
    used = sources_used(plan)
    assert "Allyship Primer" in used and len(used) >= 3
    [pdf] = [o for o in handout.render(plan) if o.name == "handout.pdf"]
    texts = pages(pdf.data)
    [n] = [i for i, t in enumerate(texts) if t.startswith("Sources and credits This handout")]
    credits = " ".join(texts[n:])
    text = guide.render_markdown(plan)
    guide_credits = text[text.index("## Sources and credits") :]
    for title, items in used.items():
        assert title in credits, title
        assert f"*{title}*" in guide_credits.replace("\\", ""), title
        for item in items:
            assert item in credits, (title, item)


def test_an_unverified_link_is_listed_in_the_guide_only() -> None:
    plan = api.load_plan(HALF_DAY)
    url = "https://www.youtube.com/watch?v=dg86g-QlMO"
    text = guide.render_markdown(plan)
    assert f"web address as given in the source, not verified: {url}" in text.replace("\\", "")
    [pdf] = [o for o in handout.render(plan) if o.name == "handout.pdf"]
    [slides] = deck.render(plan)
    shown = " ".join(pages(pdf.data)) + " ".join(
        s.text_frame.text
        for slide in Presentation(io.BytesIO(slides.data)).slides
        for s in slide.shapes
        if s.has_text_frame
    )
    assert "dg86g" not in shown and "Video on practising allyship" not in shown


def test_organization_descriptions_keep_to_what_the_sources_say() -> None:
    plan = api.load_plan(HALF_DAY)
    by_name = {r.name: r for r in plan.resources}
    assert by_name["National Centre for Truth and Reconciliation"].description == (
        "Holds the records gathered by the Truth and Reconciliation Commission of Canada."
    )
    safe_place = next(r for name, r in by_name.items() if "Safe Place" in name)
    assert 'A police-run "safe place" does not feel safe to everyone' in safe_place.description
    [pdf] = [o for o in handout.render(plan) if o.name == "handout.pdf"]
    texts = pages(pdf.data)
    [support] = [t for t in texts if t.startswith("Support Conversations about harm")]
    assert "Safe Place" not in support  # an example of a stand, never offered as support


def test_credits_merge_a_source_cited_twice_and_sort_by_title_whatever_the_case(tmp_path: Path) -> None:
    """A source cited by two items is one credit naming both, with whatever publisher and address either
    gives; credits are in title order, capitals or not."""
    shutil.copytree(PROJECT / "tests" / "roots" / "minimal", tmp_path / "w")
    library = tmp_path / "w" / "library"
    cited = {
        "primer/local-basics.yaml": "  - title: Zeta study\n  - title: alpha notes\n    publisher: Pub A\n",
        "discussions/local-questions.yaml": (
            "  - title: Zeta study\n    publisher: Zeta Press\n    url: https://zeta.example\n"
        ),
        "scenarios/local-scene.yaml": "  - title: Beta guide\n    url: https://beta.example\n",
    }
    for name, sources in cited.items():
        item = library / name
        text = item.read_text(encoding="utf-8")
        item.write_text(
            text.replace("sources:\n  - title: Test source\n", f"sources:\n{sources}"), encoding="utf-8"
        )
    plan = api.load_plan(tmp_path / "w" / "workshop.yaml")
    assert [(c.title, c.publisher, c.url, c.used_in) for c in plan.credits] == [
        ("alpha notes", "Pub A", None, ("Local basics",)),
        ("Beta guide", None, "https://beta.example", ("The missing ramp",)),
        ("Zeta study", "Zeta Press", "https://zeta.example", ("Local basics", "Local questions")),
    ]
