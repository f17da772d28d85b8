"""The .pptx painter: writes a slide model into an editable PowerPoint file (python-pptx).

`paint_pptx(deck, plan)` opens the deck's template (its slides removed), puts
every slide of the model on its layout, fills the layout's placeholders with
the model's paragraphs (real runs with their size, font and colour, bullets
and numbers as paragraph formatting, never autofit), adds the model's rules,
text boxes and pictures (with alternative text), writes the speaker notes,
mends the package (`facilitator.render.pptx_package`) and returns the bytes:
byte-identical from one build to the next (zip entries dated and ordered,
core properties pinned).

The text XML is written with lxml directly: building it through python-pptx's
objects cost about half of a deck's time.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from copy import deepcopy
from functools import lru_cache

from lxml import etree
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.util import Emu

from facilitator.planning.plan import Plan
from facilitator.render import qrkit
from facilitator.render.pptx_package import fix_package
from facilitator.render.pptx_speed import speed_up
from facilitator.render.slides.model import Box, Deck, Layout, Paragraph, Slide, Span, TextFrame
from facilitator.render.slides.pptx_file import build_time, core_properties, save
from facilitator.text.bidi import has_rtl, run_language, starts_rtl
from facilitator.text.i18n import is_rtl
from facilitator.workshop.assets import clean_image

Element = etree._Element  # an lxml element of the slide XML
EMU_PER_PT = 12700
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"


def paint_pptx(deck: Deck, plan: Plan) -> bytes:
    """Return the .pptx bytes of a slide model, on its template, with speaker notes on every slide."""
    writer = Writer(deck, plan)
    for slide in deck.slides:
        writer.add(slide)
    core_properties(writer.prs, plan)
    fix_package(writer.prs)  # notes master listed, true page type, no default-template leftovers
    return save(writer.prs, build_time(plan))


def _emu(points: float) -> Emu:
    return Emu(round(points * EMU_PER_PT))


class Writer:
    """Write model Slides into a python-pptx Presentation, building the XML of text directly for speed."""

    def __init__(self, deck: Deck, plan: Plan) -> None:
        """Open the template (slides removed) at the model's page size, its colours the theme's."""
        from facilitator.render.pptx_template import open_template

        self.deck = deck
        self.colours = deck.colours
        self.font = deck.font
        self.lang = deck.language
        self.rtl_language = is_rtl(deck.language)  # Arabic script in a Persian deck is Persian, not Arabic
        self.prs = open_template(deck.template)
        self.prs.slide_width = _emu(deck.width)
        self.prs.slide_height = _emu(deck.height)
        everything = [layout for master in self.prs.slide_masters for layout in master.slide_layouts]
        self.layouts = [_find_layout(everything, layout) for layout in deck.layouts]
        masters = {id(layout.slide_master): layout.slide_master for layout in self.layouts}
        for master in masters.values():
            self._master_parts(master)
        self._sld_id_lst = self.prs.part._element.get_or_add_sldIdLst()
        self._next_slide_id = max([256] + [int(e.get("id")) + 1 for e in self._sld_id_lst])
        self._notes_master_part = None
        self._prototypes: dict[int, tuple] = {}
        speed_up(self.prs)  # name new parts in O(1) instead of walking the package each time

    def _master_parts(self, master) -> None:  # type: ignore[no-untyped-def]
        """Put the theme's colours in a master's colour scheme, and its background where it has none.

        The colours came from that scheme unless the workshop overrides them, so
        this only carries an override to what the template draws in them (rules, bands).
        """
        from pptx.opc.constants import RELATIONSHIP_TYPE as RT

        c = self.colours
        theme = master.part.part_related_by(RT.THEME)
        xml = theme.blob.decode("utf-8")
        for slot, colour in (
            ("dk1", c["text"]),
            ("lt1", c["background"]),
            ("dk2", c["heading"]),
            ("accent1", c["accent"]),
        ):
            xml = re.sub(
                rf"<a:{slot}>.*?</a:{slot}>",
                f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>',
                xml,
                count=1,
                flags=re.DOTALL,
            )
        theme._blob = xml.encode("utf-8")
        c_sld = master.element.find(qn("p:cSld"))
        if self.deck.master_background and c_sld.find(qn("p:bg")) is None:
            _set_background(c_sld, self.deck.master_background)

    # Text ----------------------------------------------------------------

    def _body_pr(self, tx_body: Element, frame: TextFrame) -> None:
        body_pr = tx_body.find(qn("a:bodyPr"))
        for child in list(body_pr):
            body_pr.remove(child)
        body_pr.attrib.clear()
        left, top, right, bottom = frame.insets
        body_pr.set("wrap", "square")
        body_pr.set("lIns", str(round(left * EMU_PER_PT)))
        body_pr.set("rIns", str(round(right * EMU_PER_PT)))
        body_pr.set("tIns", str(round(top * EMU_PER_PT)))
        body_pr.set("bIns", str(round(bottom * EMU_PER_PT)))
        body_pr.set("anchor", frame.anchor)
        body_pr.set("rtlCol", "0")
        body_pr.append(_el("a:noAutofit"))
        for p in tx_body.findall(qn("a:p")):
            tx_body.remove(p)

    def _run(self, parent: Element, span: Span, size: float, part: SlidePart) -> None:
        r = _sub(parent, "a:r")
        lang = run_language(span.text, self.lang, self.rtl_language)
        rpr = _sub(r, "a:rPr", lang=lang, sz=str(round(size * 100)), dirty="0")
        if span.bold:
            rpr.set("b", "1")
        if span.italic:
            rpr.set("i", "1")
        if span.href:
            rpr.set("u", "sng")
        fill = _sub(rpr, "a:solidFill")
        _sub(fill, "a:srgbClr", val=span.colour)
        _sub(rpr, "a:latin", typeface=self.font)
        if span.href:
            rid = part.relate_to(span.href, RT.HYPERLINK, is_external=True)
            _sub(rpr, "a:hlinkClick", **{qn("r:id"): rid})
        _sub(r, "a:t").text = span.text

    def _paragraph(self, tx_body: Element, paragraph: Paragraph, first: bool, part: SlidePart) -> None:
        marker = paragraph.marker
        indent = round(paragraph.indent * EMU_PER_PT)
        p = _sub(tx_body, "a:p")
        ppr = _sub(p, "a:pPr", marL=str(indent), algn=paragraph.align)
        text = "".join(span.text for span in paragraph.spans)
        # A paragraph that reads from the right; not a row of the agenda, laid out by its clock-time tab.
        if has_rtl(text) and starts_rtl(text) and not (marker is not None and marker.kind == "prefix"):
            ppr.set("rtl", "1")
        ppr.set("indent", str(-indent) if marker else "0")
        lnspc = _sub(ppr, "a:lnSpc")
        _sub(lnspc, "a:spcPct", val=str(round(paragraph.line_pitch / 1.2 * 100000)))
        space = 0 if first else round(paragraph.space_before * 100)
        _sub(_sub(ppr, "a:spcBef"), "a:spcPts", val=str(space))
        _sub(_sub(ppr, "a:spcAft"), "a:spcPts", val="0")
        if marker is not None and marker.kind in ("bullet", "number"):
            _sub(ppr, "a:buClr").append(_el("a:srgbClr", val=marker.colour))
            _sub(ppr, "a:buSzPct", val="100000")
            if marker.kind == "bullet":
                _sub(ppr, "a:buFont", typeface=self.font)  # the text's own font: its bullet sits in its line
                _sub(ppr, "a:buChar", char=marker.text)
            else:
                _sub(ppr, "a:buFont", typeface=self.font)
                _sub(ppr, "a:buAutoNum", type="arabicPeriod", startAt=marker.text.rstrip("."))
        else:
            _sub(ppr, "a:buNone")
        if marker is not None and marker.kind == "prefix":
            tabs = _sub(ppr, "a:tabLst")
            _sub(tabs, "a:tab", pos=str(indent), algn="l")
            self._run(p, Span(marker.text, marker.colour, bold=marker.bold), paragraph.size, part)
            tab_colour = paragraph.spans[0].colour if paragraph.spans else marker.colour
            self._run(p, Span("\t", tab_colour), paragraph.size, part)
        for span in paragraph.spans:
            self._run(p, span, paragraph.size, part)
        _sub(p, "a:endParaRPr", lang=self.lang, sz=str(round(paragraph.size * 100)), dirty="0")

    def _fill(self, sp: Element, frame: TextFrame, part: SlidePart) -> None:
        """Replace the text of a shape element (`p:sp`) with a frame's paragraphs."""
        tx_body = sp.find(qn("p:txBody"))
        self._body_pr(tx_body, frame)
        for i, paragraph in enumerate(frame.paragraphs):
            self._paragraph(tx_body, paragraph, i == 0, part)

    @staticmethod
    def _place(sp: Element, box: Box) -> None:
        """Give a shape element its position and size."""
        sp_pr = sp.find(qn("p:spPr"))
        old = sp_pr.find(qn("a:xfrm"))
        if old is not None:
            sp_pr.remove(old)
        sp_pr.insert(0, _xfrm(box))

    # Slides ----------------------------------------------------------------

    def _new_slide(self, layout_index: int) -> tuple[SlidePart, Element, dict, Element]:
        """Return (slide part, slide element, placeholders by idx, notes element) for a new slide.

        The first slide on each layout is made through python-pptx's API; its
        untouched XML (and its notes slide's) is then copied for the next ones,
        which skips re-cloning placeholders from the layout and notes master.
        """
        proto = self._prototypes.get(layout_index)
        if proto is None:
            slide = self.prs.slides.add_slide(self.layouts[layout_index])
            notes = slide.notes_slide
            self._next_slide_id = max(self._next_slide_id, slide.slide_id + 1)
            self._notes_master_part = self.prs.part.notes_master_part
            self._prototypes[layout_index] = (deepcopy(slide.element), deepcopy(notes.element))
            part, element, notes_element = slide.part, slide.element, notes.element
        else:
            sld_xml, notes_xml = proto
            package = self.prs.part.package
            layout_part = self.layouts[layout_index].part
            part = SlidePart(
                package.next_partname("/ppt/slides/slide%d.xml"), CT.PML_SLIDE, package, deepcopy(sld_xml)
            )
            part.relate_to(layout_part, RT.SLIDE_LAYOUT)
            # The presentation part relates to every slide; a new slide cannot already be
            # related, so skip python-pptx's search for an existing relationship (O(slides)).
            rid = self.prs.part._rels._add_relationship(RT.SLIDE, part)
            _sub(self._sld_id_lst, "p:sldId", id=str(self._next_slide_id), **{qn("r:id"): rid})
            self._next_slide_id += 1
            notes_part = NotesSlidePart(
                package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                CT.PML_NOTES_SLIDE,
                package,
                deepcopy(notes_xml),
            )
            notes_part.relate_to(self._notes_master_part, RT.NOTES_MASTER)
            notes_part.relate_to(part, RT.SLIDE)
            part.relate_to(notes_part, RT.NOTES_SLIDE)
            element, notes_element = part._element, notes_part._element
        return part, element, _placeholders(element, by="both"), notes_element

    def add(self, slide: Slide) -> None:
        """Add one slide of the model, with its speaker notes; placeholders it does not fill go."""
        part, element, shapes, notes = self._new_slide(slide.layout)
        if slide.background:
            _set_background(element.find(qn("p:cSld")), slide.background)
        used = set()
        for frame in slide.frames:
            if frame.placeholder is None:
                continue
            ph = frame.placeholder
            sp = shapes.get((ph.type, ph.idx))
            if sp is None:
                sp = shapes.get(ph.type)
            if sp is None:  # a footer, date or number: python-pptx does not copy them from the layout
                sp = _add_textbox(element, frame.name, frame.box, placeholder=(ph.type, ph.idx))
            used.add(id(sp))
            self._place(sp, frame.box)
            self._fill(sp, frame, part)
        for sp in set(shapes.values()):
            if id(sp) not in used and sp.getparent() is not None:
                sp.getparent().remove(sp)  # left empty it would say "Click to add text"
        for rect in slide.rects:
            _add_rule(element, rect.name, rect.box, rect.colour)
        for frame in slide.frames:
            if frame.placeholder is None:
                self._fill(_add_textbox(element, frame.name, frame.box), frame, part)
        for picture in slide.pictures:
            box = picture.box
            # A file's pixels only, no EXIF, GPS or comments (issue 17); a QR code, drawn here.
            if picture.qr is not None:
                pixels_only = io.BytesIO(qrkit.png(picture.qr))
            else:
                pixels_only = io.BytesIO(clean_image(picture.path))
            pic = part.slide.shapes.add_picture(
                pixels_only, _emu(box.left), _emu(box.top), _emu(box.width), _emu(box.height)
            )
            pic.name = picture.name
            _alt_text(pic._element, picture.alt)
        self._notes(notes, slide.notes)

    def _notes(self, notes_element: Element, lines: Sequence[str]) -> None:
        """Write speaker notes, one paragraph per line, into a notes slide's body placeholder."""
        body = _placeholders(notes_element, by="type").get("body")
        tx_body = body.find(qn("p:txBody"))
        for p in tx_body.findall(qn("a:p")):
            tx_body.remove(p)
        for line in lines:
            p = _sub(tx_body, "a:p")
            r = _sub(p, "a:r")
            _sub(r, "a:rPr", lang=run_language(line, self.lang, self.rtl_language), dirty="0")
            _sub(r, "a:t").text = line
            if has_rtl(line) and starts_rtl(line):
                p.insert(0, _el("a:pPr", rtl="1"))


def _placeholders(element: Element, by: str = "idx") -> dict:
    """Return a slide element's placeholder shapes keyed by `idx` (as int), by `type`, or (`both`) by each.

    With `both`, each placeholder is there under (type, idx) and, first of its type, under its type.
    """
    found: dict = {}
    for sp in element.iter(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is None:
            continue
        kind, idx = ph.get("type", "obj"), ph.get("idx", "0")
        index = int(idx) if idx.isdigit() else 0
        if by == "idx":
            found.setdefault(index, sp)
        elif by == "type":
            found.setdefault(kind, sp)
        else:
            found.setdefault((kind, index), sp)
            found.setdefault(kind, sp)
    return found


def _find_layout(layouts: list, wanted: Layout):  # type: ignore[no-untyped-def]
    """Return the python-pptx layout the model names: by its position, checked against its name."""
    if wanted.index < len(layouts) and layouts[wanted.index].name == wanted.name:
        return layouts[wanted.index]
    named = [layout for layout in layouts if layout.name == wanted.name]
    return named[0] if named else layouts[min(wanted.index, len(layouts) - 1)]


def _xfrm(box: Box) -> Element:
    xfrm = _el("a:xfrm")
    _sub(xfrm, "a:off", x=str(round(box.left * EMU_PER_PT)), y=str(round(box.top * EMU_PER_PT)))
    _sub(xfrm, "a:ext", cx=str(round(box.width * EMU_PER_PT)), cy=str(round(box.height * EMU_PER_PT)))
    return xfrm


def _next_shape_id(element: Element) -> int:
    ids = [int(e.get("id")) for e in element.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
    return max(ids, default=1) + 1


def _add_rule(element: Element, name: str, box: Box, colour: str) -> None:
    """Add a flat rectangle of colour, marked decorative so screen readers skip it."""
    sp = _sub(element.find(qn("p:cSld")).find(qn("p:spTree")), "p:sp")
    nv = _sub(sp, "p:nvSpPr")
    c_nv_pr = _sub(nv, "p:cNvPr", id=str(_next_shape_id(element)), name=name, descr="")
    ext = _sub(_sub(c_nv_pr, "a:extLst"), "a:ext", uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    decorative = _ns_element("adec:decorative", DECORATIVE_NS)
    decorative.set("val", "1")
    ext.append(decorative)
    _sub(nv, "p:cNvSpPr")
    _sub(nv, "p:nvPr")
    sp_pr = _sub(sp, "p:spPr")
    sp_pr.append(_xfrm(box))
    _sub(_sub(sp_pr, "a:prstGeom", prst="rect"), "a:avLst")
    _sub(_sub(sp_pr, "a:solidFill"), "a:srgbClr", val=colour)
    _sub(_sub(sp_pr, "a:ln"), "a:noFill")


def _add_textbox(
    element: Element, name: str, box: Box, placeholder: tuple[str, int] | None = None
) -> Element:
    """Add an empty text box (or, given its type and index, a layout's placeholder) and return it."""
    sp = _sub(element.find(qn("p:cSld")).find(qn("p:spTree")), "p:sp")
    nv = _sub(sp, "p:nvSpPr")
    _sub(nv, "p:cNvPr", id=str(_next_shape_id(element)), name=name)
    if placeholder is None:
        _sub(nv, "p:cNvSpPr", txBox="1")
        _sub(nv, "p:nvPr")
    else:
        _sub(_sub(nv, "p:cNvSpPr"), "a:spLocks", noGrp="1")
        kind, idx = placeholder
        _sub(_sub(nv, "p:nvPr"), "p:ph", type=kind, idx=str(idx))
    sp_pr = _sub(sp, "p:spPr")
    sp_pr.append(_xfrm(box))
    _sub(_sub(sp_pr, "a:prstGeom", prst="rect"), "a:avLst")
    _sub(sp_pr, "a:noFill")
    tx_body = _sub(sp, "p:txBody")
    _sub(tx_body, "a:bodyPr")
    _sub(tx_body, "a:lstStyle")
    return sp


@lru_cache(maxsize=256)
def _tag(tag: str) -> str:
    """Return the Clark name (`{uri}local`) of a prefixed tag such as `a:p`, cached."""
    return qn(tag)


def _el(tag: str, **attrs: str) -> Element:
    """Return a new element, its attributes given as keywords."""
    element = etree.Element(_tag(tag))
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _sub(parent: Element, tag: str, **attrs: str) -> Element:
    """Return a new child element appended to `parent`."""
    element = etree.SubElement(parent, _tag(tag))
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _set_background(c_sld: Element, colour: str) -> None:
    """Give a slide or master (its `p:cSld`) a solid background colour."""
    existing = c_sld.find(qn("p:bg"))
    if existing is not None:
        c_sld.remove(existing)
    bg = _el("p:bg")
    bg_pr = _sub(bg, "p:bgPr")
    _sub(_sub(bg_pr, "a:solidFill"), "a:srgbClr", val=colour)
    _sub(bg_pr, "a:effectLst")
    c_sld.insert(0, bg)


def _ns_element(tag: str, namespace: str) -> Element:
    """Return an element in a namespace python-pptx does not know."""
    prefix, local = tag.split(":")
    return etree.Element(f"{{{namespace}}}{local}", nsmap={prefix: namespace})


def _alt_text(element: Element, text: str) -> None:
    """Set a shape element's alternative text (`descr`) and title on its `cNvPr`."""
    c_nv_pr = element.find(".//" + qn("p:cNvPr"))
    c_nv_pr.set("descr", text)
    if text:
        c_nv_pr.set("title", text)
