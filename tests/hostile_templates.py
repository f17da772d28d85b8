"""Hostile PowerPoint templates, made at test time: each function writes one into the path it is given.

They start from python-pptx's own default template (a 16:9 page, one old
slide) and add what a red-team pass found in templates from other people:
links outside the file (pictures linked to a tracker and to a network share,
a click that starts a program, a remote attached template, a link at the
package root), macros, a DTD, an undefined entity, no layouts, a colour that
is not one, and 195 layouts of 1 MiB each. The bad-input tests use them
(`tests/test_bad_input.py`); none is committed.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from pathlib import Path

DOC_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
MASTER = "ppt/slideMasters/slideMaster1.xml"
LAYOUT = "ppt/slideLayouts/slideLayout2.xml"  # "Title and Content"
THEME = "ppt/theme/theme1.xml"
TRACKER = "http://tracker.example/pixel.png"
SHARE = "file://fileserver/share/logo.png"
PROGRAM = "file:///C:/Windows/System32/calc.exe"
REMOTE_TEMPLATE = "https://templates.example/brand.potx"
ROOT_LINK = "http://tracker.example/opened"
LAYOUT_TYPE = "application/vnd.openxmlformats-officedocument.presentationml.slideLayout+xml"
VBA_TYPE = "application/vnd.ms-office.vbaProject"
WEB_LINK = "https://example.org/our-policy"
MAIL_LINK = "mailto:team@example.org"

Entries = dict[str, bytes]


def base_entries() -> Entries:
    """Return the parts of a small 16:9 template made with python-pptx, with one old slide."""
    from pptx import Presentation

    prs = Presentation()
    prs.slide_width, prs.slide_height = 12192000, 6858000
    prs.slides.add_slide(prs.slide_layouts[0]).shapes.title.text = "Old template slide"
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write(path: Path, entries: Entries) -> None:
    """Write `entries` as a zip at `path`."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)


def rels_name(part: str) -> str:
    """Return the name of a part's relationships part."""
    folder, name = part.rsplit("/", 1) if "/" in part else ("", part)
    return f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"


def relate(entries: Entries, part: str, rid: str, kind: str, target: str, external: bool = False) -> None:
    """Add a relationship `rid` of type `kind` (a short name or a full URI) from `part` to `target`."""
    name = rels_name(part)
    full = kind if kind.startswith("http") else DOC_REL + kind
    mode = ' TargetMode="External"' if external else ""
    rel = f'<Relationship Id="{rid}" Type="{full}" Target="{target}"{mode}/>'
    text = entries.get(name, b"").decode() or (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>'
    )
    entries[name] = text.replace("</Relationships>", rel + "</Relationships>").encode()


def add_shapes(entries: Entries, part: str, xml: str) -> None:
    """Add shapes (XML using the p:, a: and r: prefixes) at the end of a part's shape tree."""
    text = entries[part].decode()
    entries[part] = text.replace("</p:spTree>", xml + "</p:spTree>", 1).encode()


def _picture(shape_id: int, rid: str, attribute: str = "r:link") -> str:
    return (
        f'<p:pic><p:nvPicPr><p:cNvPr id="{shape_id}" name="Picture {shape_id}"/><p:cNvPicPr/><p:nvPr/>'
        f'</p:nvPicPr><p:blipFill><a:blip {attribute}="{rid}"/><a:stretch><a:fillRect/></a:stretch>'
        '</p:blipFill><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="914400"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:pic>'
    )


def _clickable(shape_id: int, click: str) -> str:
    return (
        f'<p:sp><p:nvSpPr><p:cNvPr id="{shape_id}" name="Button {shape_id}">{click}</p:cNvPr><p:cNvSpPr/>'
        '<p:nvPr/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="914400" cy="457200"/>'
        '</a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></p:spPr></p:sp>'
    )


def linked_everywhere(path: Path) -> None:
    """Write a template whose master, presentation and package link outside the file (issue 17)."""
    entries = base_entries()
    relate(entries, MASTER, "rIdT1", "image", TRACKER, external=True)
    relate(entries, MASTER, "rIdT2", "image", SHARE, external=True)
    relate(entries, MASTER, "rIdT3", "hyperlink", PROGRAM, external=True)
    add_shapes(
        entries,
        MASTER,
        _picture(901, "rIdT1")
        + _picture(902, "rIdT2")
        + _clickable(903, '<a:hlinkClick r:id="rIdT3" action="ppaction://program"/>')
        + _clickable(904, '<a:hlinkClick r:id="" action="ppaction://macro?name=Steal"/>'),
    )
    relate(entries, "ppt/presentation.xml", "rIdT4", "attachedTemplate", REMOTE_TEMPLATE, external=True)
    relate(entries, "", "rIdT5", "hyperlink", ROOT_LINK, external=True)
    write(path, entries)


def web_links(path: Path) -> None:
    """Write a template whose layout has a web link and a mail link the author meant."""
    entries = base_entries()
    relate(entries, LAYOUT, "rIdW1", "hyperlink", WEB_LINK, external=True)
    relate(entries, LAYOUT, "rIdW2", "hyperlink", MAIL_LINK, external=True)
    add_shapes(
        entries,
        LAYOUT,
        _clickable(905, '<a:hlinkClick r:id="rIdW1"/>') + _clickable(906, '<a:hlinkClick r:id="rIdW2"/>'),
    )
    write(path, entries)


def macro_enabled(path: Path) -> None:
    """Write a .pptx with the macro-enabled content type and a VBA project."""
    entries = base_entries()
    types = entries["[Content_Types].xml"].decode()
    types = types.replace(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation.main+xml",
        "application/vnd.ms-powerpoint.presentation.macroEnabled.main+xml",
    ).replace("</Types>", f'<Override PartName="/ppt/vbaProject.bin" ContentType="{VBA_TYPE}"/></Types>')
    entries["[Content_Types].xml"] = types.encode()
    entries["ppt/vbaProject.bin"] = b"\xd0\xcf\x11\xe0 not really a VBA project"
    relate(
        entries,
        "ppt/presentation.xml",
        "rIdM1",
        "http://schemas.microsoft.com/office/2006/relationships/vbaProject",
        "vbaProject.bin",
    )
    write(path, entries)


def changed(part: str, old: str, new: str) -> Callable[[Path], None]:
    """Return a maker writing the base template with `old` replaced by `new` (a regex) in `part`."""

    def make(path: Path) -> None:
        entries = base_entries()
        text = entries[part].decode()
        assert re.search(old, text), f"{old!r} not in {part}"
        entries[part] = re.sub(old, new, text, count=1).encode()
        write(path, entries)

    return make


# A DTD with an external entity in the theme (nothing may be fetched, and the part is refused).
dtd_in_theme = changed(
    THEME, r"^(<\?xml[^>]*\?>)", r'\1<!DOCTYPE a:theme [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
)
# An entity reference without any DTD in the master's text.
entity_in_master = changed(MASTER, r"Click to edit Master title style", "Click to edit &brand; title style")
# A theme colour that is not one.
bad_colour = changed(THEME, r'(<a:dk2><a:srgbClr val=")[0-9A-F]{6}', r"\1red;}b")
# A master that lists no layouts (its layouts are still in the zip, reached by nothing).
no_layouts = changed(MASTER, r"<p:sldLayoutIdLst>.*</p:sldLayoutIdLst>", "")


def huge_layouts(path: Path, count: int = 195, size: int = 1024 * 1024) -> None:
    """Write a template with `count` extra layouts of exactly `size` bytes each (about 3 KB zipped each).

    Exactly 1 MiB slips under the compression-ratio check, which looks at members over 1 MiB.
    """
    entries = base_entries()
    layout = entries[LAYOUT]
    padding_at = layout.index(b"<p:cSld")
    head, tail = layout[:padding_at], layout[padding_at:]
    big = head + b"<!--" + b"x" * (size - len(head) - len(tail) - len(b"<!---->")) + b"-->" + tail
    assert len(big) == size
    for i in range(count):
        name = f"ppt/slideLayouts/slideLayoutBig{i}.xml"
        entries[name] = big
        relate(entries, MASTER, f"rIdBig{i}", "slideLayout", f"../slideLayouts/slideLayoutBig{i}.xml")
        relate(entries, name, "rId1", "slideMaster", "../slideMasters/slideMaster1.xml")
        override = f'<Override PartName="/{name}" ContentType="{LAYOUT_TYPE}"/></Types>'
        entries["[Content_Types].xml"] = entries["[Content_Types].xml"].replace(
            b"</Types>", override.encode()
        )
    write(path, entries)
