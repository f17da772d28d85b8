"""Decks every program accepts: the package check passes on what we build and fails on each fault.

`package_problems` is what a user runs to ask "will this open on a Mac?".
It must pass on every ready deck and on decks built on real templates, and it
must name each fault python-pptx (and other writers) are known to leave:
a fault injected into a sound deck gives exactly one sentence about it.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path

import pytest
from lxml import etree
from pptx import Presentation

from facilitator import api
from facilitator.render import deck
from facilitator.render.pptx_package import fix_package, package_problems
from tests.conftest import ALL_READY_WORKSHOPS, MINIMAL, ROOTS
from tests.real_templates import RealTemplate

PML = "http://schemas.openxmlformats.org/presentationml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
WORKSHOPS = [MINIMAL, *ALL_READY_WORKSHOPS]


def _entries(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def _zip(entries: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in entries.items():
            archive.writestr(name, blob)
    return out.getvalue()


def _python_pptx_deck(*, fixed: bool) -> bytes:
    """Return a 16:9 deck with two slides and speaker notes, made the way python-pptx's docs show.

    `fixed`: with all its core properties set and `fix_package` applied.
    """
    prs = Presentation()
    prs.slide_width, prs.slide_height = 12192000, 6858000
    for text in ("First", "Second"):
        slide = prs.slides.add_slide(prs.slide_layouts[1])
        slide.shapes.title.text = text
        slide.notes_slide.notes_text_frame.text = f"Say: {text}"
    prs.core_properties.title = "Our deck"
    prs.core_properties.last_modified_by = "Sam Lee"
    if fixed:  # core properties are the caller's to set, as deck.py does
        prs.core_properties.comments = "Slides for testing"
        prs.core_properties.created = prs.core_properties.modified = dt.datetime(2027, 1, 15)
        fix_package(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------
# What we build passes


@pytest.mark.parametrize("path", WORKSHOPS, ids=[p.stem if p != MINIMAL else "minimal" for p in WORKSHOPS])
def test_every_ready_deck_is_a_sound_package(path: Path) -> None:
    plan = api.load_plan(path)
    [output] = deck.render(plan)
    assert package_problems(output.data) == []
    entries = _entries(output.data)
    presentation = etree.fromstring(entries["ppt/presentation.xml"])
    rels = etree.fromstring(entries["ppt/_rels/presentation.xml.rels"])
    targets = {r.get("Id"): r.get("Target") for r in rels}
    [listed] = presentation.findall(f"{{{PML}}}notesMasterIdLst/{{{PML}}}notesMasterId")
    assert targets[listed.get(f"{{{R}}}id")] == "notesMasters/notesMaster1.xml"
    size = presentation.find(f"{{{PML}}}sldSz")
    assert (size.get("cx"), size.get("cy"), size.get("type")) == ("12192000", "6858000", None)
    assert "ppt/printerSettings/printerSettings1.bin" not in entries
    assert "docProps/thumbnail.jpeg" not in entries
    prs = Presentation(io.BytesIO(output.data))
    assert prs.core_properties.title == plan.workshop.title
    assert prs.core_properties.last_modified_by != "python-pptx"
    app = entries["docProps/app.xml"].decode()
    assert f"<Slides>{len(prs.slides)}</Slides>" in app and "Microsoft" not in app
    assert all(slide.has_notes_slide and slide.notes_slide.notes_text_frame.text for slide in prs.slides)


def test_a_deck_on_each_real_template_is_a_sound_package(tmp_path: Path, real_template: RealTemplate) -> None:
    shutil.copytree(ROOTS / "minimal", tmp_path / "w")
    shutil.copy(real_template.path, tmp_path / "w" / real_template.name)
    workshop = tmp_path / "w" / "workshop.yaml"
    text = workshop.read_text(encoding="utf-8") + f"theme:\n  template: {real_template.name}\n"
    workshop.write_text(text, encoding="utf-8")
    [output] = deck.render(api.load_plan(workshop))
    assert package_problems(output.data) == []
    entries = _entries(output.data)
    core = entries["docProps/core.xml"].decode()
    assert "<dc:title>A small test workshop</dc:title>" in core
    package_rels = etree.fromstring(entries["_rels/.rels"])
    assert sorted(r.get("Type").rsplit("/", 1)[1] for r in package_rels) == [
        "core-properties",
        "extended-properties",
        "officeDocument",
    ]
    assert Presentation(io.BytesIO(output.data)).slides[1].notes_slide.notes_text_frame.text


def test_fix_package_mends_a_plain_python_pptx_deck() -> None:
    assert package_problems(_python_pptx_deck(fixed=True)) == []


# ---------------------------------------------------------------------------
# The check fails on each fault


def test_the_check_names_every_fault_python_pptx_leaves() -> None:
    """A deck made with python-pptx 1.0.2 alone, as its documentation shows: the faults of issue 1051."""
    assert package_problems(_python_pptx_deck(fixed=False)) == [
        "ppt/presentation.xml has no <p:notesMasterIdLst> although it is related to the notes master "
        "ppt/notesMasters/notesMaster1.xml (Keynote refuses this; python-pptx issue 1051)",
        'ppt/presentation.xml: <p:sldSz type="screen4x3"> stands for 9144000 × 6858000 EMU, '
        "but the slides are 12192000 × 6858000 EMU (1.78:1)",
        "ppt/printerSettings/printerSettings1.bin is left from python-pptx's default template; "
        "no slide uses it",
        "docProps/thumbnail.jpeg is left from python-pptx's default template; no slide uses it",
        "docProps/core.xml: description is python-pptx's default ('generated using python-pptx'), "
        "not this deck's",
        "docProps/core.xml: created is python-pptx's default ('2013-01-27T09:14:16Z'), not this deck's",
        "docProps/app.xml is python-pptx's default template's, not this deck's",
    ]


def _replace(name: str, old: str, new: str) -> Callable[[dict[str, bytes]], None]:
    def change(entries: dict[str, bytes]) -> None:
        text = entries[name].decode()
        assert re.search(old, text), f"{old!r} not in {name}"
        entries[name] = re.sub(old, new, text, count=1).encode()

    return change


def _add(name: str, blob: bytes) -> Callable[[dict[str, bytes]], None]:
    return lambda entries: entries.update({name: blob})


NOTES1_RELS = "ppt/notesSlides/_rels/notesSlide1.xml.rels"
SLIDE1_RELS = "ppt/slides/_rels/slide1.xml.rels"
MASTER_RELS = "ppt/notesMasters/_rels/notesMaster1.xml.rels"
FAULTS = {
    "notes master not listed": (
        _replace("ppt/presentation.xml", r"<p:notesMasterIdLst>.*?</p:notesMasterIdLst>", ""),
        "ppt/presentation.xml has no <p:notesMasterIdLst> although it is related to the notes master",
    ),
    "4:3 type on a 16:9 page": (
        _replace("ppt/presentation.xml", r'cy="6858000"', 'cy="6858000" type="screen4x3"'),
        '<p:sldSz type="screen4x3"> stands for 9144000 × 6858000 EMU, but the slides are 12192000',
    ),
    "16:9 type on a 13.33 in page": (
        _replace("ppt/presentation.xml", r'cy="6858000"', 'cy="6858000" type="screen16x9"'),
        '<p:sldSz type="screen16x9"> stands for 9144000 × 5143500 EMU',
    ),
    "notes slide without its notes master": (
        _replace(NOTES1_RELS, r'<Relationship Id="rId\d+" Type="[^"]*/notesMaster" Target="[^"]*"/>', ""),
        "the notes slide ppt/notesSlides/notesSlide1.xml is not related to the presentation's notes master",
    ),
    "notes slide without its slide": (
        _replace(NOTES1_RELS, r'<Relationship Id="rId\d+" Type="[^"]*/slide" Target="[^"]*"/>', ""),
        "the notes slide ppt/notesSlides/notesSlide1.xml is not related to its slide",
    ),
    "slide not related back to its notes": (
        _replace(SLIDE1_RELS, r'<Relationship Id="rId\d+" Type="[^"]*/notesSlide" Target="[^"]*"/>', ""),
        "the slide ppt/slides/slide1.xml is not related back to its notes slide "
        "ppt/notesSlides/notesSlide1.xml",
    ),
    "notes master without a theme": (
        _replace(MASTER_RELS, r'<Relationship Id="rId\d+" Type="[^"]*/theme" Target="[^"]*"/>', ""),
        "the notes master ppt/notesMasters/notesMaster1.xml is not related to a theme",
    ),
    "relationship to a missing part": (
        _replace("ppt/_rels/presentation.xml.rels", 'Target="presProps.xml"', 'Target="presProps9.xml"'),
        "leads to ppt/presProps9.xml, which is not in the package",
    ),
    "content type for a missing part": (
        _replace(
            "[Content_Types].xml",
            "</Types>",
            '<Override PartName="/ppt/ghost.xml" ContentType="a/b"/></Types>',
        ),
        "[Content_Types].xml names ppt/ghost.xml, which is not in the package",
    ),
    "part without a content type": (
        _add("ppt/media/stray.bin", b"\x00"),
        "ppt/media/stray.bin has no content type in [Content_Types].xml",
    ),
    "misspelt relationship type": (
        _replace(
            "_rels/.rels",
            "/package/2006/relationships/metadata/core",
            "/officedocument/2006/relationships/metadata/core",
        ),
        "_rels/.rels: relationship type http://schemas.openxmlformats.org/officedocument/2006/relationships/"
        "metadata/core-properties is misspelt",
    ),
    "a DTD": (
        _replace(
            "ppt/presProps.xml", r"^<\?xml[^>]*\?>", '<?xml version="1.0"?><!DOCTYPE p [<!ENTITY x "y">]>'
        ),
        "ppt/presProps.xml has a DTD (<!DOCTYPE …>), which Office XML never has",
    ),
    "an undefined entity": (
        _replace("ppt/presProps.xml", r"/>", "/>&nope;"),
        "ppt/presProps.xml is not well-formed XML",
    ),
    "printer settings of python-pptx's template": (
        lambda entries: entries.update(_printer_settings_of_the_default(entries)),
        "ppt/printerSettings/printerSettings1.bin is left from python-pptx's default template",
    ),
    "core properties python-pptx makes": (
        _replace(
            "docProps/core.xml",
            r"<dc:title>Our deck</dc:title>",
            "<dc:title>PowerPoint Presentation</dc:title>",
        ),
        "docProps/core.xml: title is python-pptx's default ('PowerPoint Presentation'), not this deck's",
    ),
    "no core properties": (
        _replace(
            "_rels/.rels", r'<Relationship Id="rId\d+" Type="[^"]*/core-properties" Target="[^"]*"/>', ""
        ),
        "the package has no core properties (docProps/core.xml)",
    ),
}


def _printer_settings_of_the_default(entries: dict[str, bytes]) -> dict[str, bytes]:
    """Return what puts python-pptx's default printer settings back into a fixed deck."""
    raw = _entries(_python_pptx_deck(fixed=False))
    name = "ppt/printerSettings/printerSettings1.bin"
    rels = (
        entries["ppt/_rels/presentation.xml.rels"]
        .decode()
        .replace(
            "</Relationships>",
            '<Relationship Id="rId99" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
            'printerSettings" Target="printerSettings/printerSettings1.bin"/></Relationships>',
        )
    )
    types = (
        entries["[Content_Types].xml"]
        .decode()
        .replace(
            "<Default ",
            '<Default Extension="bin" ContentType="application/vnd.openxmlformats-officedocument.'
            'presentationml.printerSettings"/><Default ',
            1,
        )
    )
    return {
        name: raw[name],
        "ppt/_rels/presentation.xml.rels": rels.encode(),
        "[Content_Types].xml": types.encode(),
    }


@pytest.mark.parametrize("fault", list(FAULTS))
def test_each_fault_is_named_once(fault: str) -> None:
    change, words = FAULTS[fault]
    entries = _entries(_python_pptx_deck(fixed=True))
    change(entries)
    problems = package_problems(_zip(entries))
    assert len(problems) == 1, problems
    assert words in problems[0]


def test_the_check_reads_a_path_and_refuses_what_is_not_a_deck(tmp_path: Path) -> None:
    good = tmp_path / "deck.pptx"
    good.write_bytes(_python_pptx_deck(fixed=True))
    assert package_problems(good) == [] and package_problems(str(good)) == []
    (tmp_path / "notes.txt").write_text("hello", encoding="utf-8")
    assert package_problems(tmp_path / "notes.txt") == [
        "not a .pptx (a .pptx is a zip archive): File is not a zip file"
    ]
    assert package_problems(tmp_path / "none.pptx") == ["no such file"]
    duplicate = io.BytesIO()
    with zipfile.ZipFile(duplicate, "w") as archive, pytest.warns(UserWarning, match="Duplicate name"):
        for name, blob in _entries(_python_pptx_deck(fixed=True)).items():
            archive.writestr(name, blob)
        archive.writestr("ppt/presProps.xml", b"<p:presentationPr/>")
    assert "the zip holds two entries with the same name" in package_problems(duplicate.getvalue())


def test_check_deck_on_the_command_line(tmp_path: Path) -> None:
    """What a user runs: `ok` and exit 0 for a sound deck; one line per fault and exit 2 otherwise."""
    from click.testing import CliRunner

    from facilitator.cli import cli

    good, plain = tmp_path / "good.pptx", tmp_path / "plain.pptx"
    good.write_bytes(_python_pptx_deck(fixed=True))
    plain.write_bytes(_python_pptx_deck(fixed=False))
    result = CliRunner().invoke(cli, ["check-deck", str(good)])
    assert (result.exit_code, result.stdout, result.stderr) == (0, f"{good}: ok\n", "")
    result = CliRunner().invoke(cli, ["check-deck", str(good), str(plain)])
    assert result.exit_code == 2 and result.stdout == f"{good}: ok\n"
    lines = result.stderr.splitlines()
    assert len(lines) == 7
    assert lines[0] == (
        f"{plain}: error: ppt/presentation.xml has no <p:notesMasterIdLst> although it is related to the "
        "notes master ppt/notesMasters/notesMaster1.xml (Keynote refuses this; python-pptx issue 1051) "
        "[package]"
    )
    assert all(line.startswith(f"{plain}: error: ") and line.endswith(" [package]") for line in lines)
