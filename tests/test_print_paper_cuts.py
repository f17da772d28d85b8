"""Print paper cuts (issue 9 §6), read back from the PDFs themselves (pdfplumber page texts).

- The guide's printing counts say what the printables hold: sign-in pages, rows a page, rows
  in all (normal and large print).
- No page holds only a table's total row, a lone contents line, a lone callout box or part
  of a short cast of roles, and no page is blank: in every ready workshop, on letter and A4,
  in normal and large print.
- `new --duration 75m` writes a starter that validates without warnings, and the blank
  starter's examples name nothing from the allyship library.
"""

from __future__ import annotations

import io
import re
import shutil
from functools import cache
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from facilitator import api
from facilitator.build.runner import render_outputs
from facilitator.cli import cli
from facilitator.planning import prep

from .conftest import ALL_READY_WORKSHOPS, MINIMAL

FOOTER = re.compile(r"Page \d+ of \d+$")
CONTENTS_LINE = re.compile(r"(?:\. ){3,}\.? ?\d+$")  # a dot leader and a page number


@cache
def _pages(workshop: Path, output: str, paper: str, large: bool) -> tuple[tuple[str, ...], ...]:
    """Each page's lines, its footer left out, for one output of a workshop."""
    plan = api.load_plan(workshop)
    [data] = [
        o.data
        for o in render_outputs(plan, [output], paper=paper, large_print=large or None)
        if o.name.endswith(".pdf")
    ]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = [(page.extract_text() or "").splitlines() for page in pdf.pages]
    return tuple(tuple(line for line in lines if not FOOTER.search(line)) for lines in texts)


# ---------------------------------------------------------------------------
# Printing counts


def _sign_in_in_printables(workshop: Path, large: bool) -> tuple[int, list[int]]:
    """Return the sign-in sheet's pages and the rows on each, as printables.pdf draws them."""
    pages = [
        lines for lines in _pages(workshop, "printables", "letter", large) if lines[:1] == ("Sign-in sheet",)
    ]
    rows = [len([line for line in lines if re.fullmatch(r"\d{1,3}", line)]) for lines in pages]
    return len(pages), rows


def _printing_columns(workshop: Path, large: bool) -> tuple[str, str]:
    """Return the text of the "How many" and "Why" columns of the guide PDF's "What to print" table."""
    plan = api.load_plan(workshop)
    outputs = render_outputs(plan, ["guide"], large_print=large or None)
    [data] = [o.data for o in outputs if o.name.endswith(".pdf")]
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        texts = ["", ""]
        for page in pdf.pages:  # the table, and its header, may go on over a page
            words = page.extract_words()
            how = next((w for w in words if w["text"] == "How"), None)
            why = next(
                (w for w in words if how and w["text"] == "Why" and abs(w["top"] - how["top"]) < 2), None
            )
            if how is None or why is None:
                continue
            columns = [(how["x0"] - 1, why["x0"] - 1), (why["x0"] - 1, page.width)]
            for i, (x0, x1) in enumerate(columns):
                texts[i] += " " + (page.crop((x0, how["top"], x1, page.height)).extract_text() or "")
    return re.sub(r"\s+", " ", texts[0]), re.sub(r"\s+", " ", texts[1])


@pytest.mark.parametrize("large", [False, True], ids=["normal", "large-print"])
@pytest.mark.parametrize("participants", [20, 45])
def test_the_guides_printing_counts_match_the_printables(tmp_path: Path, participants: int, large: bool):
    shutil.copytree(MINIMAL.parent, tmp_path / "w")
    path = tmp_path / "w" / "workshop.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + f"expected_participants: {participants}\n", encoding="utf-8"
    )
    pages, rows = _sign_in_in_printables(path, large)
    per_page = rows[0]
    assert rows == [per_page] * pages  # whole pages, every one the same
    assert pages * per_page >= prep.with_spare(participants)  # room for everyone and the spare
    how, why = _printing_columns(path, large)
    assert f"{pages} pages" in how
    reason = f"{per_page} rows a page, {pages * per_page} in all: {participants} participants and "
    assert f"{reason}{pages * per_page - participants} spare" in why
    if not large:  # guide.md counts the printables.pdf a plain build makes
        plan = api.load_plan(path)
        [md] = [o.data.decode() for o in render_outputs(plan, ["guide"]) if o.name == "guide.md"]
        assert f"| Sign-in sheet | {pages} pages | {per_page} rows a page, {pages * per_page} in all: " in md


# ---------------------------------------------------------------------------
# Pages that hold too little


def _starts(line: str, name: str) -> bool:
    """Whether a line (a bullet's, or a paragraph's) starts with a role's name (or the part that fits)."""
    return line.lstrip("•◦▪ ").startswith(name[:20])


VARIANTS = [(paper, large) for paper in ("letter", "a4") for large in (False, True)]
# The half day (the longest) in every paper and print; the others in the two that differ most.
CASES = [
    (w, v)
    for w in ALL_READY_WORKSHOPS
    for v in VARIANTS
    if "half-day" in w.stem or v in (("letter", True), ("a4", False))
]


def _id(value: object) -> str:
    if isinstance(value, Path):
        return value.stem
    paper, large = value  # type: ignore[misc]
    return f"{paper}-{'large' if large else 'normal'}"


@pytest.mark.parametrize(("workshop", "variant"), CASES, ids=[f"{_id(w)}-{_id(v)}" for w, v in CASES])
def test_no_page_holds_only_a_scrap(workshop: Path, variant: tuple[str, bool]):
    paper, large = variant
    plan = api.load_plan(workshop)
    for output in ("handout", "guide"):
        pages = _pages(workshop, output, paper, large)
        for number, lines in enumerate(pages, start=1):
            where = (
                f"{workshop.stem} {output} {paper} {'large' if large else 'normal'} page {number}: {lines}"
            )
            assert lines, f"blank page: {where}"
            body = [line for line in lines if line != "Start End Min Segment Materials"]  # a repeated header
            assert not (len(body) == 1 and re.fullmatch(r"\d+ of \d+ minutes", body[0])), (
                f"a lone total: {where}"
            )
            entries = [line for line in lines if CONTENTS_LINE.search(line)]
            assert len(entries) != 1 or number == 1, f"a lone contents line: {where}"
            assert lines[0] != "Takeaway" and not lines[0].startswith("Timing."), f"a lone callout: {where}"
        scenarios = [segment.scenario for segment in plan.of_kind("scenario")]
        for scenario in scenarios:  # its own roles (an "Observers" role, say, may be in every one)
            others = {role.name for other in scenarios if other is not scenario for role in other.roles}
            names = [role.name for role in scenario.roles if role.name not in others]
            shared = [role.name for role in scenario.roles if role.name in others]

            def held(lines: tuple[str, ...], names: list[str]) -> int:
                return sum(any(_starts(line, name) for line in lines) for name in names)

            # a page holds the scenario's own roles, and the shared ones beside them
            holding = [
                held(lines, names) + (held(lines, shared) if held(lines, names) else 0) for lines in pages
            ]
            on = [count for count in holding if count]
            if output == "handout":  # the worksheet's list of roles: all on one page
                assert max(on) == len(scenario.roles), (
                    f"{workshop.stem} handout splits the roles of {scenario.id}"
                )
            else:  # the guide's cast with their cards: never a role alone on a page
                assert min(on) >= min(2, len(names)), (
                    f"{workshop.stem} guide leaves a role alone: {scenario.id}"
                )


# ---------------------------------------------------------------------------
# The blank starter


def test_new_with_a_duration_validates_without_warnings(tmp_path: Path):
    for duration in ("75m", "45m", "90m", "2h"):
        path = tmp_path / f"w{duration}.yaml"
        result = CliRunner().invoke(cli, ["new", str(path), "--duration", duration])
        assert result.exit_code == 0, result.output
        assert result.output.splitlines() == [f"wrote {path}; next: facilitator agenda {path}"]
        assert api.check(path) == []
        plan = api.load_plan(path)
        assert plan.total_minutes == plan.workshop.duration
    derived = tmp_path / "derived.yaml"
    result = CliRunner().invoke(
        cli, ["new", str(derived), "--from", "allyship-practice", "--duration", "90m"]
    )
    assert result.exit_code == 0, result.output
    assert [d.code for d in api.check(derived) if d.code.startswith("fit.dropped")] == []


def test_the_blank_starter_names_nothing_from_the_allyship_library(tmp_path: Path):
    from facilitator.planning.library import load_library
    from facilitator.workshop.paths import BUILTIN_LIBRARY

    path = tmp_path / "blank.yaml"
    assert CliRunner().invoke(cli, ["new", str(path)]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    library, _problems = load_library([BUILTIN_LIBRARY])
    ids = {item_id for entries in library.items.values() for item_id in entries}
    words = set(re.findall(r"[a-z0-9]+(?:-[a-z0-9]+)+", text))
    assert words & ids == set()
    assert "allyship" not in text.lower() and "privilege" not in text.lower()
    plan = api.load_plan(path)
    assert not any(s.primer or s.discussion or s.scenario or s.activity for s in plan.segments)


# ---------------------------------------------------------------------------
# The rules themselves, wherever a page happens to end


def _laid_out(story_after: object, heights: range) -> list[list[list[str]]]:
    """Lay out `story_after()` below a spacer of each height; return each document's pages' lines."""
    from reportlab.platypus import Spacer

    from facilitator.render import pdfkit

    plan = api.load_plan(MINIMAL)
    styles = pdfkit.make_styles(plan, pdfkit.register_fonts(plan))
    page = pdfkit.page_geometry("letter", styles)
    documents = []
    for height in heights:
        doc = pdfkit.Document(pdfkit.new_buffer(), plan, styles, page, title="t", subject="s", label="l")
        data = doc.render([Spacer(1, height), *story_after(styles)])  # type: ignore[operator]
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            pages = [(p.extract_text() or "").splitlines() for p in pdf.pages]
        documents.append([[line for line in lines if not FOOTER.search(line)] for lines in pages])
    return documents


def test_a_table_keeps_two_rows_and_its_total_together_wherever_the_page_ends():
    from facilitator.render import pdfkit

    def story(styles: pdfkit.Styles) -> list:
        rows = [["Start", "What"]] + [[f"{10 + n}:00", f"row {n}"] for n in range(12)] + [["", "TOTAL 12"]]
        return [pdfkit.Table(rows, repeatRows=1, footer=1)]

    for pages in _laid_out(story, range(400, 640, 6)):
        for lines in pages[1:]:
            body = [line for line in lines if line != "Start What"]
            assert len(body) >= 3, pages  # two rows at least, and the total


def test_lists_and_contents_never_leave_one_line_alone_wherever_the_page_ends():
    from facilitator.render import pdfkit

    def story(styles: pdfkit.Styles) -> list:
        return [pdfkit.bullets([f"item number {n}" for n in range(6)], styles)]

    for pages in _laid_out(story, range(450, 640, 5)):
        counts = [sum(line.startswith("• item") for line in lines) for lines in pages]
        assert all(count != 1 for count in counts), counts

    def contents(styles: pdfkit.Styles) -> list:
        from reportlab.platypus import PageBreak

        toc = pdfkit.Contents(styles.toc, pdfkit.table_style(styles, header=False, zebra=False))
        entries = [pdfkit.Heading(f"Entry {n}", styles.h2, styles, toc=True) for n in range(8)]
        return [toc, PageBreak(), *entries]

    for pages in _laid_out(contents, range(400, 640, 6)):
        counts = [sum(bool(CONTENTS_LINE.search(line)) for line in lines) for lines in pages]
        assert all(count != 1 for count in counts), counts


def test_a_credit_used_in_a_title_that_asks_ends_without_a_doubled_stop(tmp_path: Path) -> None:
    """'Used in: What is allyship?.' was in every credits list; the question mark ends the sentence."""
    from .conftest import AGENDA, HEADER
    from .pdfcheck import pdf_text

    path = tmp_path / "workshop.yaml"
    path.write_text(HEADER + AGENDA, encoding="utf-8")  # its primer is "What is allyship?"
    outputs = {o.name: o.data for o in render_outputs(api.load_plan(path), ["guide", "handout"])}
    texts = {
        "guide.md": outputs["guide.md"].decode("utf-8"),
        "guide.html": outputs["guide.html"].decode("utf-8"),
        "guide.pdf": pdf_text(outputs["guide.pdf"]),
        "handout.pdf": pdf_text(outputs["handout.pdf"]),
    }
    for name, text in texts.items():
        assert "Used in: What is allyship?" in " ".join(text.split()), name
        assert "allyship?." not in text, name


@pytest.mark.parametrize(
    ("workshop", "expected"),
    [
        (
            "allyship-half-day.yaml",
            "Role cards for “A plan that arrived too late”: print 8 cards "
            "(4 cards × 2 sets for the fishbowl: one for the middle, one spare).",
        ),
        (
            "allyship-intro-fr.yaml",
            None,  # no fishbowl or demonstration: the check below still reads every checklist line
        ),
    ],
)
def test_a_printing_line_closes_its_brackets_once(workshop: str, expected: str | None) -> None:
    """'print 8 cards (4 cards × 2 sets: one for the middle, one spare (fishbowl)).' read as a slip."""
    plan = api.load_plan(Path("workshops") / workshop)
    guide = {o.name: o.data for o in render_outputs(plan, ["guide"])}["guide.md"].decode("utf-8")
    lines = [line for line in guide.splitlines() if line.startswith("- [ ]")]
    doubled = [line for line in lines if "))" in line or "((" in line]
    assert doubled == []
    if expected is not None:
        assert f"- [ ] {expected}" in lines
