"""Write assets/templates/default.pptx, the slide template of the default theme, from the theme itself.

The default theme is a template like any other: its layouts own where slide
text goes. This script makes it from python-pptx's own default template and
`assets/themes/default.yaml` (colours, slide font, text sizes), so that the
two cannot drift: run it after changing either, and commit both files.

    .venv/bin/python assets/templates/build_default.py

The result is byte-identical from run to run (tests/test_default_template.py
checks that the committed file is what this script writes). What it sets:

- a 13.33 × 7.5 in (16:9) page; every layout of python-pptx's template
  widened from 4:3 to it;
- the colour scheme from the theme (dk1 text, lt1 background, dk2 heading,
  accent1 and hlink accent), the slide font as the theme's heading and body
  font, and the theme's sizes as the master's text styles (no text colour:
  the deck colours its own text from the theme);
- no background on the master or any layout, so the deck gives the title
  slide the theme's title background and every other slide its background;
- "Title and Content": a title box for two lines of heading, anchored at its
  foot, a short accent rule under it, the body below, a footer at the foot;
- "Title Slide": the title (anchored at its foot) above the subtitle, clear of
  the logo's corner, and an accent rule beside them.
"""

from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

import yaml
from lxml import etree
from pptx import Presentation
from pptx.oxml.ns import qn

HERE = Path(__file__).resolve().parent
PROJECT = HERE.parent.parent
sys.path.insert(0, str(PROJECT))

from facilitator.render.slides.pptx_file import _zip  # noqa: E402  (after the path is set)

THEME = PROJECT / "assets" / "themes" / "default.yaml"
OUT = HERE / "default.pptx"
EMU = 12700  # per point
WIDTH, HEIGHT = 960.0, 540.0
OLD_WIDTH = 720.0
DECORATIVE = "http://schemas.microsoft.com/office/drawing/2017/decorative"
A = "http://schemas.openxmlformats.org/drawingml/2006/main"
P = "http://schemas.openxmlformats.org/presentationml/2006/main"

# Where text goes on the two layouts the deck uses (points: left, top, width, height).
CONTENT = {
    "title": (54.0, 24.0, 852.0, 84.0),  # two lines of 32 pt heading
    "rule": (61.2, 115.0, 64.0, 4.0),
    "body": (54.0, 130.0, 852.0, 376.0),
    "ftr": (54.0, 477.2, 852.0, 28.8),  # one line of the 18 pt minimum
}
TITLE = {
    "ctrTitle": (78.0, 100.0, 788.0, 161.0),  # below the logo's corner (30–90 pt)
    "subTitle": (78.0, 279.0, 788.0, 221.0),
    "rule": (54.0, 180.0, 6.0, 180.0),
}


def emu(points: float) -> str:
    """Return points as a whole number of EMU, as XML wants it."""
    return str(round(points * EMU))


def place(sp: etree._Element, box: tuple[float, float, float, float]) -> None:
    """Give a shape its position and size."""
    sp_pr = sp.find(qn("p:spPr"))
    xfrm = sp_pr.find(qn("a:xfrm"))
    if xfrm is None:
        xfrm = etree.SubElement(sp_pr, qn("a:xfrm"))
        sp_pr.insert(0, xfrm)
    for child in list(xfrm):
        xfrm.remove(child)
    left, top, width, height = box
    etree.SubElement(xfrm, qn("a:off"), x=emu(left), y=emu(top))
    etree.SubElement(xfrm, qn("a:ext"), cx=emu(width), cy=emu(height))


def widen(root: etree._Element) -> None:
    """Stretch every shape's x and width from the 4:3 page to the 16:9 one."""
    factor = WIDTH / OLD_WIDTH
    for xfrm in root.iter(qn("a:xfrm")):
        off, ext = xfrm.find(qn("a:off")), xfrm.find(qn("a:ext"))
        if off is not None and ext is not None and int(ext.get("cx", "0")):
            off.set("x", str(round(int(off.get("x")) * factor)))
            ext.set("cx", str(round(int(ext.get("cx")) * factor)))


def placeholder(root: etree._Element, kind: str) -> etree._Element:
    """Return a slide part's placeholder of one type (`obj` for one without a type)."""
    for sp in root.iter(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is not None and ph.get("type", "obj") == kind:
            return sp
    raise LookupError(kind)


def text_style(sp: etree._Element, *, size: float, bold: bool, anchor: str | None = None) -> None:
    """Give a placeholder its own level-1 style: left-aligned, unbulleted, `size` points, no colour."""
    tx_body = sp.find(qn("p:txBody"))
    body_pr = tx_body.find(qn("a:bodyPr"))
    if anchor:
        body_pr.set("anchor", anchor)
    lst = tx_body.find(qn("a:lstStyle"))
    for child in list(lst):
        lst.remove(child)
    level = etree.SubElement(lst, qn("a:lvl1pPr"), marL="0", indent="0", algn="l")
    etree.SubElement(level, qn("a:buNone"))
    etree.SubElement(level, qn("a:defRPr"), sz=str(round(size * 100)), b="1" if bold else "0")


def rule(root: etree._Element, box: tuple[float, float, float, float], shape_id: int) -> None:
    """Add a flat accent-coloured rectangle, marked decorative for screen readers."""
    tree = root.find(f"{qn('p:cSld')}/{qn('p:spTree')}")
    xml = (
        f'<p:sp xmlns:p="{P}" xmlns:a="{A}"><p:nvSpPr>'
        f'<p:cNvPr id="{shape_id}" name="Accent rule" descr=""><a:extLst>'
        '<a:ext uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}">'
        f'<adec:decorative xmlns:adec="{DECORATIVE}" val="1"/></a:ext></a:extLst></p:cNvPr>'
        '<p:cNvSpPr/><p:nvPr userDrawn="1"/></p:nvSpPr><p:spPr><a:xfrm><a:off x="0" y="0"/>'
        '<a:ext cx="0" cy="0"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom>'
        '<a:solidFill><a:schemeClr val="accent1"/></a:solidFill><a:ln><a:noFill/></a:ln></p:spPr></p:sp>'
    )
    sp = etree.fromstring(xml)
    place(sp, box)
    tree.append(sp)


def theme_xml(blob: bytes, colours: dict[str, str], font: str) -> bytes:
    """Return the theme part with the theme's colours in its scheme and its font as both theme fonts."""
    root = etree.fromstring(blob)
    scheme = root.find(f".//{qn('a:clrScheme')}")
    scheme.set("name", "Facilitator")
    slots = {
        "dk1": colours["text"],
        "lt1": colours["background"],
        "dk2": colours["heading"],
        "accent1": colours["accent"],
        "hlink": colours["accent"],
    }
    for slot, colour in slots.items():
        element = scheme.find(qn(f"a:{slot}"))
        for child in list(element):
            element.remove(child)
        etree.SubElement(element, qn("a:srgbClr"), val=colour.lstrip("#").upper())
    for kind in ("a:majorFont", "a:minorFont"):
        root.find(f".//{qn(kind)}/{qn('a:latin')}").set("typeface", font)
    root.find(f".//{qn('a:fontScheme')}").set("name", "Facilitator")
    root.set("name", "Facilitator")
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)


def build() -> bytes:
    """Return the default template's bytes."""
    theme = yaml.safe_load(THEME.read_text(encoding="utf-8"))
    sizes, colours = theme["sizes"], theme["colours"]
    font = theme["fonts"]["slides"]["name"]
    prs = Presentation()
    prs.slide_width, prs.slide_height = round(WIDTH * EMU), round(HEIGHT * EMU)
    master = prs.slide_master
    m_root = master.element
    widen(m_root)
    c_sld = m_root.find(qn("p:cSld"))
    c_sld.remove(c_sld.find(qn("p:bg")))  # no background: the deck gives the theme's
    place(placeholder(m_root, "title"), CONTENT["title"])
    place(placeholder(m_root, "body"), CONTENT["body"])
    styles = m_root.find(qn("p:txStyles"))
    for fill in list(m_root.iter(qn("a:solidFill"))):  # no text colour: the deck colours its text
        if fill.getparent().tag == qn("a:defRPr"):
            fill.getparent().remove(fill)
    title_run = styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}/{qn('a:defRPr')}")
    title_run.set("sz", str(round(sizes["heading"] * 100)))
    title_run.set("b", "1")
    styles.find(f"{qn('p:titleStyle')}/{qn('a:lvl1pPr')}").set("algn", "l")
    for level, step in zip(range(1, 10), (0, 4, 6, 8, 8, 8, 8, 8, 8), strict=True):
        run = styles.find(f"{qn('p:bodyStyle')}/{qn(f'a:lvl{level}pPr')}/{qn('a:defRPr')}")
        run.set("sz", str(round(max(sizes["minimum"], sizes["body"] - step) * 100)))
    for layout in master.slide_layouts:
        root = layout.element
        widen(root)
        for fill in list(root.iter(qn("a:solidFill"))):
            if fill.getparent().tag == qn("a:defRPr"):
                fill.getparent().remove(fill)
    content, title = master.slide_layouts[1], master.slide_layouts[0]
    root = content.element
    sp = placeholder(root, "title")
    place(sp, CONTENT["title"])
    text_style(sp, size=sizes["heading"], bold=True, anchor="b")
    place(placeholder(root, "obj"), CONTENT["body"])
    place(placeholder(root, "ftr"), CONTENT["ftr"])
    rule(root, CONTENT["rule"], 10)
    root = title.element
    sp = placeholder(root, "ctrTitle")
    place(sp, TITLE["ctrTitle"])
    text_style(sp, size=sizes["title"], bold=True, anchor="b")
    sp = placeholder(root, "subTitle")
    place(sp, TITLE["subTitle"])
    text_style(sp, size=sizes["body"] + 4, bold=False, anchor="t")
    rule(root, TITLE["rule"], 10)
    for part in prs.part.package.iter_parts():
        if str(part.partname) == "/ppt/theme/theme1.xml":
            part._blob = theme_xml(part.blob, colours, font)
    when = dt.datetime(2027, 1, 1)
    props = prs.core_properties
    props.title = "Facilitator default"
    props.author = props.last_modified_by = "facilitator"
    props.subject = "The slide template of facilitator's default theme"
    props.keywords, props.comments, props.category = "template", "", ""
    props.revision = 1
    props.created = props.modified = props.last_printed = when
    from facilitator.render.pptx_package import fix_package

    fix_package(prs)
    buffer = io.BytesIO()
    prs.save(buffer)
    with zipfile.ZipFile(io.BytesIO(buffer.getvalue())) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    return _zip(entries, when)


def main() -> None:
    """Write the template and say so."""
    data = build()
    OUT.write_bytes(data)
    print(f"wrote {OUT.relative_to(PROJECT)} ({len(data):,} bytes)")


if __name__ == "__main__":
    main()
