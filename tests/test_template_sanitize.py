"""A template is sanitized, not copied: real templates keep what they show; what reaches outside goes.

The hostile whole-template cases (exit 2, or a deck with no external link,
macro or DTD) are in tests/test_bad_input.py; these tests look at the parts.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from lxml import etree
from pptx import Presentation

from facilitator.render.pptx_template import open_template, sanitized_template
from facilitator.workshop.template import survey_template
from tests import hostile_templates as hostile
from tests.real_templates import RealTemplate

P = "http://schemas.openxmlformats.org/presentationml/2006/main"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PRESENTATION = "ppt/presentation.xml"
# How many pictures each real template's masters and layouts use (Vivid: a background; Vintage: 4).
PICTURES = {"vivid": 1, "blue-curve": 0, "vintage": 4, "pandoc": 0}


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def test_a_real_template_keeps_its_masters_layouts_and_pictures(real_template: RealTemplate) -> None:
    original = _parts(real_template.path.read_bytes())
    survey = survey_template(real_template.path)
    data = sanitized_template(real_template.path, survey)
    kept = _parts(data)
    prs = Presentation(io.BytesIO(data))
    names = [[layout.name for layout in master.slide_layouts] for master in prs.slide_masters]
    assert [list(layouts) for _master, layouts in survey.masters] == names
    # Every layout the template has is kept, and every picture in it that a master or layout uses.
    layouts = [n for n in original if n.startswith("ppt/slideLayouts/") and n.endswith(".xml")]
    assert sum(len(n) for n in names) == len(layouts)
    media = {n for n in original if n.startswith("ppt/media/")}
    used = {
        n
        for n in media
        if any(
            n.rsplit("/", 1)[1].encode() in original[r]
            for r in original
            if "slideMaster" in r or "Layout" in r
        )
    }
    assert len(used) == PICTURES[real_template.name.rsplit(".", 1)[0]] and used <= set(kept)
    assert not [n for n in kept if n.startswith(("docProps/", "ppt/slides/"))]
    assert len(prs.slides) == 0 and survey.left_out == () and survey.macros == ()


def _template_with(tmp_path: Path, change: object) -> Path:
    entries = hostile.base_entries()
    change(entries)  # type: ignore[operator]
    path = tmp_path / "t.pptx"
    hostile.write(path, entries)
    return path


def _sanitized(path: Path) -> dict[str, bytes]:
    return _parts(sanitized_template(path, survey_template(path)))


def test_an_svg_picture_keeps_its_png_and_loses_the_svg(tmp_path: Path) -> None:
    def change(entries: dict[str, bytes]) -> None:
        entries["ppt/media/logo.png"] = _png()
        entries["ppt/media/logo.svg"] = (
            b'<svg xmlns="http://www.w3.org/2000/svg"><image href="http://x/y"/></svg>'
        )
        types = entries["[Content_Types].xml"].decode()
        types = types.replace(
            "</Types>",
            '<Default Extension="png" ContentType="image/png"/>'
            '<Default Extension="svg" ContentType="image/svg+xml"/></Types>',
        )
        entries["[Content_Types].xml"] = types.encode()
        hostile.relate(entries, hostile.MASTER, "rIdPng", "image", "../media/logo.png")
        hostile.relate(entries, hostile.MASTER, "rIdSvg", "image", "../media/logo.svg")
        svg_ext = (
            '<a:extLst><a:ext uri="{96DAC541-7B7A-43D3-8B79-37D633B846F1}">'
            '<asvg:svgBlip xmlns:asvg="http://schemas.microsoft.com/office/drawing/2016/SVG/main" '
            'r:embed="rIdSvg"/></a:ext></a:extLst>'
        )
        picture = hostile._picture(907, "rIdPng", "r:embed")
        picture = picture.replace('r:embed="rIdPng"/>', f'r:embed="rIdPng">{svg_ext}</a:blip>')
        hostile.add_shapes(entries, hostile.MASTER, picture)

    parts = _sanitized(_template_with(tmp_path, change))
    assert "ppt/media/logo.png" in parts and "ppt/media/logo.svg" not in parts
    master = etree.fromstring(parts[hostile.MASTER])
    [blip] = master.iter(f"{{{A}}}blip")
    assert blip.get(f"{{{R}}}embed") == "rIdPng"
    assert list(blip) == []  # the SVG extension went, the PNG stayed


def _png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "#1B3A5C").save(buffer, "PNG")
    return buffer.getvalue()


def test_a_linked_background_becomes_no_fill(tmp_path: Path) -> None:
    def change(entries: dict[str, bytes]) -> None:
        hostile.relate(entries, hostile.MASTER, "rIdBg", "image", hostile.TRACKER, external=True)
        text = entries[hostile.MASTER].decode()
        background = (
            '<p:bg><p:bgPr><a:blipFill><a:blip r:link="rIdBg"/><a:stretch/></a:blipFill>'
            "<a:effectLst/></p:bgPr></p:bg>"
        )
        entries[hostile.MASTER] = text.replace("<p:cSld>", "<p:cSld>" + background, 1).encode()

    parts = _sanitized(_template_with(tmp_path, change))
    master = etree.fromstring(parts[hostile.MASTER])
    [fill] = master.find(f".//{{{P}}}bgPr")[:1]
    assert etree.QName(fill).localname == "noFill"
    assert b"tracker.example" not in parts.get("ppt/slideMasters/_rels/slideMaster1.xml.rels", b"")


def test_click_actions_keep_slide_moves_and_lose_the_rest(tmp_path: Path) -> None:
    def change(entries: dict[str, bytes]) -> None:
        hostile.relate(entries, hostile.LAYOUT, "rIdS", "slide", "../slides/slide1.xml")
        hostile.add_shapes(
            entries,
            hostile.LAYOUT,
            hostile._clickable(
                910, '<a:hlinkClick r:id="" action="ppaction://hlinkshowjump?jump=nextslide"/>'
            )
            + hostile._clickable(911, '<a:hlinkClick r:id="rIdS" action="ppaction://hlinksldjump"/>')
            + hostile._clickable(912, '<a:hlinkClick r:id="" action="ppaction://ole?verb=0"/>'),
        )

    parts = _sanitized(_template_with(tmp_path, change))
    layout = etree.fromstring(parts[hostile.LAYOUT])
    clicks = {
        shape.get("name"): [etree.QName(c).localname for c in shape]
        for shape in layout.iter(f"{{{P}}}cNvPr")
        if shape.get("name", "").startswith("Button")
    }
    assert clicks == {"Button 910": ["hlinkClick"], "Button 911": [], "Button 912": []}
    assert "ppt/slides/slide1.xml" not in parts


def test_embedded_fonts_are_kept_and_broken_ones_dropped(tmp_path: Path) -> None:
    def change(entries: dict[str, bytes]) -> None:
        entries["ppt/fonts/font1.fntdata"] = b"\x00\x01\x00\x00 font bytes"
        types = (
            entries["[Content_Types].xml"]
            .decode()
            .replace(
                "</Types>", '<Default Extension="fntdata" ContentType="application/x-fontdata"/></Types>'
            )
        )
        entries["[Content_Types].xml"] = types.encode()
        hostile.relate(entries, PRESENTATION, "rIdF1", "font", "fonts/font1.fntdata")
        hostile.relate(entries, PRESENTATION, "rIdF2", "font", "https://fonts.example/x.ttf", external=True)
        fonts = (
            '<p:embeddedFontLst><p:embeddedFont><p:font typeface="Ours"/><p:regular r:id="rIdF1"/>'
            '</p:embeddedFont><p:embeddedFont><p:font typeface="Theirs"/><p:regular r:id="rIdF2"/>'
            "</p:embeddedFont></p:embeddedFontLst>"
        )
        text = entries[PRESENTATION].decode()
        entries[PRESENTATION] = text.replace(
            "<p:defaultTextStyle>", fonts + "<p:defaultTextStyle>", 1
        ).encode()

    path = _template_with(tmp_path, change)
    parts = _sanitized(path)
    assert "ppt/fonts/font1.fntdata" in parts
    presentation = etree.fromstring(parts[PRESENTATION])
    faces = [f.get("typeface") for f in presentation.iter(f"{{{P}}}font")]
    assert faces == ["Ours"]
    assert [s for s in survey_template(path).left_out if "fonts.example" in s]
    prs = open_template(path)  # python-pptx opens what is left
    assert len(prs.slide_layouts) == 11


def test_a_master_or_layout_listed_twice_is_kept_once(tmp_path: Path) -> None:
    def change(entries: dict[str, bytes]) -> None:
        text = entries[hostile.MASTER].decode()
        first = text[text.index("<p:sldLayoutId ") : text.index("/>", text.index("<p:sldLayoutId ")) + 2]
        entries[hostile.MASTER] = text.replace(first, first * 500, 1).encode()

    path = _template_with(tmp_path, change)
    assert survey_template(path).layout_names[:2] == ["Title Slide", "Title and Content"]
    master = etree.fromstring(_sanitized(path)[hostile.MASTER])
    assert len(list(master.iter(f"{{{P}}}sldLayoutId"))) == 11


def test_names_from_the_file_are_shown_escaped(tmp_path: Path) -> None:
    """A part name or URL is anyone's: an escape sequence in one must not reach the terminal."""
    from facilitator.render.pptx_package import package_problems

    def change(entries: dict[str, bytes]) -> None:
        # XML cannot hold ESC, but it can hold U+202E, which shows the rest of a line reversed.
        hostile.relate(entries, hostile.MASTER, "rIdE", "image", "http://x/\u202egnp.exe", external=True)

    survey = survey_template(_template_with(tmp_path, change))
    [left_out] = survey.left_out
    assert "\u202e" not in left_out and "http://x/\\u202egnp.exe" in left_out
    entries = hostile.base_entries()
    entries["ppt/\x1b[2Jevil.dat"] = b"\x00"
    hostile.write(tmp_path / "deck.pptx", entries)
    problems = package_problems(tmp_path / "deck.pptx")
    assert any("ppt/\\x1b[2Jevil.dat has no content type" in p for p in problems)
    assert not any("\x1b" in p for p in problems)


def test_each_kind_of_outside_link_is_named_in_words(tmp_path: Path) -> None:
    """What `validate` lists as left out reads as English, whatever the relationship's type."""

    def change(entries: dict[str, bytes]) -> None:
        hostile.relate(entries, hostile.MASTER, "rIdO", "oleObject", "file://share/o.xls", external=True)
        hostile.relate(entries, hostile.MASTER, "rIdV", "video", "http://x.example/v.mp4", external=True)

    path = _template_with(tmp_path, change)
    assert survey_template(path).left_out == (
        f"an embedded object linked on {hostile.MASTER} to file://share/o.xls",
        f"a link of type video on {hostile.MASTER} to http://x.example/v.mp4",
    )
    assert b"x.example" not in b"".join(_sanitized(path).values())
