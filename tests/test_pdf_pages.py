"""PDF bookmarks, contents and dates: each leads to the right page and records the right day.

The handout's contents are laid out in one pass and their page numbers drawn
once every page is known; the bookmarks are set when each page is written.
"""

from __future__ import annotations

import io
import os
import re
import tempfile
from pathlib import Path
from types import ModuleType

import pdfplumber
import pytest
from pypdf import PdfReader

from facilitator import api
from facilitator.render import guide_pdf, handout, printables
from tests.pdfcheck import page_texts

ROOT = Path(__file__).resolve().parent.parent
MINIMAL = ROOT / "tests/roots/minimal/workshop.yaml"
PRACTICE = ROOT / "workshops/allyship-practice.yaml"


def _outline(reader: PdfReader) -> list[tuple[str, int]]:
    """Return every bookmark as (title, 1-based page), in order."""
    found: list[tuple[str, int]] = []

    def walk(items: list) -> None:
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                found.append((item.title, reader.get_destination_page_number(item) + 1))

    walk(reader.outline)
    return found


BOOKMARKED = {
    "handout": lambda plan: handout.render(plan)[0].data,
    "guide": lambda plan: guide_pdf.render_guide_pdf(plan).data,
}


@pytest.mark.parametrize("document", BOOKMARKED)
@pytest.mark.parametrize("workshop", [MINIMAL, PRACTICE], ids=lambda p: p.parent.name + "/" + p.stem)
def test_bookmarks_lead_to_the_page_their_heading_is_on(workshop: Path, document: str) -> None:
    data = BOOKMARKED[document](api.load_plan(workshop))
    reader = PdfReader(io.BytesIO(data))
    pages = page_texts(data)
    outline = _outline(reader)
    assert {page for _title, page in outline} != {1}, "every bookmark leads to page 1"
    assert [(title, page) for title, page in outline if title.split()[0] not in pages[page - 1]] == []


def test_the_handout_contents_give_each_entry_its_page_and_link_there() -> None:
    plan = api.load_plan(PRACTICE)
    data = handout.render(plan)[0].data
    reader = PdfReader(io.BytesIO(data))
    pages = page_texts(data)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        lines = (pdf.pages[1].extract_text() or "").splitlines()
    entries = [m.groups() for m in map(re.compile(r"^(.+?)[ .]*\. (\d+)$").match, lines) if m]
    assert len(entries) >= 10
    assert [(title, n) for title, n in entries if title.strip() not in pages[int(n) - 1]] == []
    # Every link on the contents page leads to one of the numbered pages.
    page_ids = {page.indirect_reference.idnum: i + 1 for i, page in enumerate(reader.pages)}
    targets = {page_ids[a.get_object()["/Dest"][0].idnum] for a in reader.pages[1]["/Annots"]}
    assert targets == {int(number) for _title, number in entries}


@pytest.mark.parametrize("renderer", [handout, printables], ids=["handout", "printables"])
def test_pdfs_record_the_workshop_date_or_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch, renderer: ModuleType
) -> None:
    plan = api.load_plan(MINIMAL)  # dated 2027-01-15
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    data = renderer.render(plan)[0].data
    assert b"/CreationDate (D:20270115000000+00'00')" in data
    assert b"D:2000" not in data
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1767225600")  # 2026-01-01
    assert b"/CreationDate (D:20260101000000+00'00')" in renderer.render(plan)[0].data


def test_a_build_removes_temporary_files_a_killed_build_left(tmp_path: Path) -> None:
    out = tmp_path / "out"
    folder = api.build(MINIMAL, out).out_dir
    fd, stale = tempfile.mkstemp(prefix=".deck.pptx.", suffix=".tmp", dir=folder)
    os.close(fd)
    (folder / "notes.txt").write_text("not the build's", encoding="utf-8")
    api.build(MINIMAL, out, force=True)
    assert not Path(stale).exists()
    assert (folder / "notes.txt").exists()
