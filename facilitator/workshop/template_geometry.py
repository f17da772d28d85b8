"""The layouts of a slide template, read as geometry: placeholder boxes, their text styles, graphics.

A template owns where a slide's text goes. `read_layouts(path)` reads, with
lxml and without python-pptx (so `validate` stays light), every layout of
every master: its placeholders with their boxes and text style (size, colour,
font, alignment, anchor and insets, each taken from the layout, else its
master's placeholder, else the master's text styles — LibreOffice writes them
as the sample text's formatting, PowerPoint as list styles), the graphics
drawn on it or on its master (pictures and shapes that are not placeholders),
and whether it or its master has a background of its own.

Choosing among them is `facilitator.workshop.template_layouts`.

All lengths are in points (1 pt = 12,700 EMU). The template has been accepted
by `facilitator.workshop.template.template_problem` before anything here reads
it, which bounds its size.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lxml import etree

from facilitator.workshop.template import survey_template
from facilitator.workshop.template_parts import PML, REL, A, R, Survey

EMU_PER_PT = 12700
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
DEFAULT_INSETS = (7.2, 3.6, 7.2, 3.6)  # PowerPoint's, when a template gives none
TITLE_TYPES = ("title", "ctrTitle")
BODY_TYPES = ("body", "obj", "subTitle")
_MASTER_OF = {"ctrTitle": "title", "subTitle": "body", "obj": "body"}  # where a layout inherits from
_CLR_MAP = {"bg1": "lt1", "tx1": "dk1", "bg2": "lt2", "tx2": "dk2"}
_GRAPHICS = {"sp": "shape", "pic": "picture", "grpSp": "group", "cxnSp": "line", "graphicFrame": "frame"}


@dataclass(frozen=True)
class Area:
    """A rectangle on the page, in points from its top-left corner."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """Return the x of the right edge."""
        return self.left + self.width

    @property
    def bottom(self) -> float:
        """Return the y of the bottom edge."""
        return self.top + self.height

    @property
    def size(self) -> float:
        """Return the area, in square points."""
        return max(0.0, self.width) * max(0.0, self.height)

    def shared(self, other: Area) -> float:
        """Return the area the two rectangles share."""
        width = min(self.right, other.right) - max(self.left, other.left)
        height = min(self.bottom, other.bottom) - max(self.top, other.top)
        return width * height if width > 0 and height > 0 else 0.0

    def describe(self) -> str:
        """Return the rectangle as a person reads it: `at 0, 298 pt, 794 × 149 pt`."""
        return f"at {self.left:.0f}, {self.top:.0f} pt, {self.width:.0f} × {self.height:.0f} pt"


@dataclass(frozen=True)
class TextStyle:
    """How a placeholder sets its text, as far as the template says (None: it does not say)."""

    size: float | None = None
    colour: str | None = None  # #RRGGBB
    font: str | None = None
    bold: bool | None = None
    align: str | None = None  # l | ctr | r | just
    anchor: str | None = None  # t | ctr | b
    insets: tuple[float, float, float, float] | None = None


@dataclass(frozen=True)
class PlaceholderShape:
    """A placeholder of a layout: its type (`title`, `body`, `subTitle`, `ftr`…), index, box and style."""

    type: str
    idx: int
    name: str
    area: Area
    style: TextStyle


@dataclass(frozen=True)
class Graphic:
    """A picture or shape drawn on a layout or its master (not a placeholder).

    `fill` is its colour as near as one colour says it (`#RRGGBB`, None when
    it has none); `image` the picture's part in the template; `shape` the
    preset geometry (`rect`, `ellipse`…) or `custom`.
    """

    name: str
    area: Area
    on: str  # master | layout
    kind: str  # shape | picture | group | line | frame
    fill: str | None = None
    image: str | None = None
    shape: str = "rect"

    def describe(self) -> str:
        """Return how a warning names the graphic: its name, or what it is and where."""
        what = f"'{self.name}'" if self.name.strip() else f"an unnamed {self.kind}"
        return f"{what} on the {self.on} ({self.area.describe()})"


@dataclass(frozen=True)
class TemplateLayout:
    """One layout: its master (number and name), its own name, placeholders, graphics and background."""

    master: int  # 1 for the first master
    master_name: str
    name: str
    index: int  # its position among every layout of the template, masters in order
    part: str
    placeholders: tuple[PlaceholderShape, ...]
    graphics: tuple[Graphic, ...]
    background: str | None  # its (or its master's) background colour, as near as one colour says it
    own_background: bool  # the layout or its master sets a background

    @property
    def label(self) -> str:
        """Return how messages name the layout: `'Title, Content' (master 2)`."""
        return f"'{self.name}' (master {self.master})"

    def placeholder(self, types: Sequence[str]) -> PlaceholderShape | None:
        """Return the first placeholder of one of `types`, in the order the types are given."""
        for kind in types:
            for shape in self.placeholders:
                if shape.type == kind:
                    return shape
        return None


@dataclass(frozen=True)
class TemplateGeometry:
    """A template's page size (points), every layout, its colour scheme and its theme fonts."""

    width: float
    height: float
    layouts: tuple[TemplateLayout, ...]
    colours: dict[str, str]
    fonts: tuple[str | None, str | None]  # major (headings), minor (body)

    def master_names(self) -> list[str]:
        """Return each master's name, in order."""
        names: dict[int, str] = {}
        for layout in self.layouts:
            names.setdefault(layout.master, layout.master_name)
        return [names[n] for n in sorted(names)]


# ---------------------------------------------------------------------------
# Reading


def read_layouts(path: Path) -> TemplateGeometry:
    """Return every layout of the template at `path` (cached while the file is unchanged).

    Raises ValueError when the template cannot be used (see `template_problem`).
    """
    stat = path.stat()
    return _read(path.resolve(), stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=8)
def _read(path: Path, _mtime: int, _size: int) -> TemplateGeometry:
    survey = survey_template(path)
    with zipfile.ZipFile(path) as archive:
        return _Reader(archive, survey).geometry()


def _emu(value: str | None) -> float:
    try:
        return int(value or 0) / EMU_PER_PT
    except ValueError:
        return 0.0


class _Reader:
    """Reads the masters and layouts a survey kept."""

    def __init__(self, archive: zipfile.ZipFile, survey: Survey) -> None:
        self.archive = archive
        self.survey = survey
        self.trees: dict[str, etree._Element] = {}

    def xml(self, part: str) -> etree._Element:
        if part not in self.trees:
            self.trees[part] = etree.fromstring(self.archive.read(part), _PARSER)
        return self.trees[part]

    def related(self, part: str, short: str) -> list[tuple[str, str]]:
        """Return (rId, target) of a kept part's relationships of one type."""
        links = self.survey.parts.get(part, ("", ()))[1]
        return [(link.rid, link.target) for link in links if link.type == REL[short] and not link.external]

    def geometry(self) -> TemplateGeometry:
        survey = self.survey
        width, height = (v / EMU_PER_PT for v in survey.slide_size)
        layouts: list[TemplateLayout] = []
        colours: dict[str, str] = {}
        fonts: tuple[str | None, str | None] = (None, None)
        for number, (master_part, _names) in enumerate(survey.masters, start=1):
            master = self.xml(master_part)
            theme = self.related(master_part, "theme")
            scheme, theme_fonts, theme_name = self.theme(theme[0][1]) if theme else ({}, (None, None), "")
            clr_map = master.find(f"{{{PML}}}clrMap")
            mapping = dict(clr_map.attrib) if clr_map is not None else {}
            palette = {**scheme, **{k: scheme[v] for k, v in mapping.items() if v in scheme}}
            palette.update({k: scheme[v] for k, v in _CLR_MAP.items() if k not in palette and v in scheme})
            if number == 1:
                colours, fonts = scheme, theme_fonts
            c_sld = master.find(f"{{{PML}}}cSld")
            master_name = (c_sld.get("name", "") if c_sld is not None else "") or theme_name
            context = _Context(palette, theme_fonts, master)
            master_shapes = _shapes(master, "master", self.images(master_part), palette)
            master_bg = _background(c_sld, palette)
            by_rid = dict(self.related(master_part, "slideLayout"))
            for entry in master.iterfind(f"{{{PML}}}sldLayoutIdLst/{{{PML}}}sldLayoutId"):
                part = by_rid.get(entry.get(f"{{{R}}}id", ""))
                if part is None:
                    continue
                layout = self.xml(part)
                l_sld = layout.find(f"{{{PML}}}cSld")
                name = l_sld.get("name", "") if l_sld is not None else ""
                shapes = _shapes(layout, "layout", self.images(part), palette)
                graphics = list(shapes.graphics)
                if layout.get("showMasterSp", "1") not in ("0", "false"):
                    graphics = list(master_shapes.graphics) + graphics
                placeholders = tuple(context.resolve(shapes.placeholders, master_shapes.placeholders))
                own = _background(l_sld, palette)
                layouts.append(
                    TemplateLayout(
                        master=number,
                        master_name=master_name,
                        name=name,
                        index=len(layouts),
                        part=part,
                        placeholders=placeholders,
                        graphics=tuple(graphics),
                        background=(own or master_bg)[0] if (own or master_bg) else None,
                        own_background=bool(own or master_bg),
                    )
                )
        return TemplateGeometry(width, height, tuple(layouts), colours, fonts)

    def theme(self, part: str) -> tuple[dict[str, str], tuple[str | None, str | None], str]:
        root = self.xml(part)
        scheme: dict[str, str] = {}
        clr = root.find(f".//{{{A}}}clrScheme")
        for slot in clr if clr is not None else ():
            if not isinstance(slot.tag, str):
                continue
            srgb = slot.find(f"{{{A}}}srgbClr")
            system = slot.find(f"{{{A}}}sysClr")
            value = (
                srgb.get("val") if srgb is not None else system.get("lastClr") if system is not None else None
            )
            if value and len(value) == 6:
                scheme[etree.QName(slot).localname] = "#" + value.upper()
        major = root.find(f".//{{{A}}}majorFont/{{{A}}}latin")
        minor = root.find(f".//{{{A}}}minorFont/{{{A}}}latin")
        fonts = (
            major.get("typeface") or None if major is not None else None,
            minor.get("typeface") or None if minor is not None else None,
        )
        return scheme, fonts, root.get("name", "")

    def images(self, part: str) -> dict[str, str]:
        return dict(self.related(part, "image"))


@dataclass
class _Shapes:
    placeholders: list[tuple[str, int, str, Area | None, etree._Element]]
    graphics: list[Graphic]


def _shapes(root: etree._Element, on: str, images: dict[str, str], palette: dict[str, str]) -> _Shapes:
    """Return a master's or layout's placeholders (type, idx, name, box, element) and graphics."""
    found = _Shapes([], [])
    tree = root.find(f"{{{PML}}}cSld/{{{PML}}}spTree")
    for element in tree if tree is not None else ():
        if not isinstance(element.tag, str):
            continue
        local = etree.QName(element).localname
        if local not in _GRAPHICS:
            continue
        c_nv_pr = element.find(f".//{{{PML}}}cNvPr")
        name = c_nv_pr.get("name", "") if c_nv_pr is not None else ""
        if c_nv_pr is not None and c_nv_pr.get("hidden") in ("1", "true"):
            continue
        area = _area(element)
        ph = element.find(f"./*/{{{PML}}}nvPr/{{{PML}}}ph")
        if ph is not None:
            idx = ph.get("idx", "0")
            found.placeholders.append(
                (ph.get("type", "obj"), int(idx) if idx.isdigit() else 0, name, area, element)
            )
            continue
        if area is None:
            continue
        blip = element.find(f".//{{{A}}}blip")
        if blip is not None and blip.get(f"{{{R}}}embed") not in images:
            continue  # a picture of a part the deck leaves out (a linked one): the deck has no such shape
        fill, image, shape = _look(element, images, palette)
        found.graphics.append(Graphic(name, area, on, _GRAPHICS[local], fill, image, shape))
    return found


def _area(element: etree._Element) -> Area | None:
    xfrm = element.find(f"./{{{PML}}}spPr/{{{A}}}xfrm")
    if xfrm is None:
        xfrm = element.find(f"./{{{PML}}}grpSpPr/{{{A}}}xfrm")
    if xfrm is None:
        xfrm = element.find(f"./{{{PML}}}xfrm")  # a graphic frame
    if xfrm is None:
        return None
    off, ext = xfrm.find(f"{{{A}}}off"), xfrm.find(f"{{{A}}}ext")
    if off is None or ext is None:
        return None
    return Area(_emu(off.get("x")), _emu(off.get("y")), _emu(ext.get("cx")), _emu(ext.get("cy")))


def _look(
    element: etree._Element, images: dict[str, str], palette: dict[str, str]
) -> tuple[str | None, str | None, str]:
    """Return a graphic's fill colour (as one colour), picture part and preset geometry."""
    sp_pr = element.find(f"./{{{PML}}}spPr")
    shape = "rect"
    if sp_pr is not None:
        geometry = sp_pr.find(f"{{{A}}}prstGeom")
        shape = geometry.get("prst", "rect") if geometry is not None else "custom"
    blip = element.find(f".//{{{A}}}blip")
    image = images.get(blip.get(f"{{{R}}}embed", "")) if blip is not None else None
    fill = None
    if sp_pr is not None and sp_pr.find(f"{{{A}}}noFill") is None:
        for kind in ("solidFill", "gradFill", "pattFill"):
            found = sp_pr.find(f"{{{A}}}{kind}")
            if found is None:
                continue
            # A pattern reads as its background colour; a gradient as its first stop.
            source = found.find(f"{{{A}}}bgClr") if kind == "pattFill" else found
            for colour in (
                source.iter(f"{{{A}}}srgbClr", f"{{{A}}}schemeClr", f"{{{A}}}sysClr")
                if source is not None
                else ()
            ):
                fill = _colour(colour, palette)
                break
            break
    return fill, image, shape


def _background(c_sld: etree._Element | None, palette: dict[str, str]) -> tuple[str | None] | None:
    """Return (its colour or None) when a master or layout sets a background, else None."""
    bg = c_sld.find(f"{{{PML}}}bg") if c_sld is not None else None
    if bg is None:
        return None
    for colour in bg.iter(f"{{{A}}}srgbClr", f"{{{A}}}schemeClr", f"{{{A}}}sysClr"):
        return (_colour(colour, palette),)
    return (None,)


def _colour(element: etree._Element, palette: dict[str, str]) -> str | None:
    local = etree.QName(element).localname
    if local == "srgbClr":
        value = element.get("val", "")
    elif local == "sysClr":
        value = element.get("lastClr", "")
    else:
        return palette.get(element.get("val", ""))
    return "#" + value.upper() if len(value) == 6 else None


class _Context:
    """Resolves a layout's placeholders against its master: boxes and text styles."""

    def __init__(self, palette: dict[str, str], fonts: tuple[str | None, str | None], master: etree._Element):
        self.palette = palette
        self.fonts = fonts
        styles = master.find(f"{{{PML}}}txStyles")
        self.title_style = styles.find(f"{{{PML}}}titleStyle") if styles is not None else None
        self.body_style = styles.find(f"{{{PML}}}bodyStyle") if styles is not None else None
        self.other_style = styles.find(f"{{{PML}}}otherStyle") if styles is not None else None

    def resolve(
        self, layout: Iterable[tuple[str, int, str, Area | None, etree._Element]], master: Iterable[tuple]
    ) -> list[PlaceholderShape]:
        masters = {}
        for kind, _idx, _name, area, element in master:
            masters.setdefault(kind, (area, element))
        out = []
        for kind, idx, name, area, element in layout:
            inherited = masters.get(kind) or masters.get(_MASTER_OF.get(kind, kind)) or (None, None)
            box = area or inherited[0]
            if box is None or box.width <= 0 or box.height <= 0:
                continue
            chain = [e for e in (element, inherited[1]) if e is not None]
            out.append(PlaceholderShape(kind, idx, name, box, self.style(kind, chain)))
        return out

    def style(self, kind: str, chain: list[etree._Element]) -> TextStyle:
        """Return the text style of a placeholder: the first value each of its sources gives."""
        family = self.title_style if kind in TITLE_TYPES else self.body_style if kind in BODY_TYPES else None
        family = family if family is not None else self.other_style
        # OOXML inherits text styles through list styles (the layout's, then its master's
        # placeholder's) and the master's text styles. LibreOffice writes a master's styles as
        # its sample text's formatting instead, so that comes last, and only from the master:
        # the sample text LibreOffice leaves on layouts is not what it draws.
        runs: list[etree._Element] = []  # defRPr / rPr elements, most specific first
        paras: list[etree._Element] = []
        bodies: list[etree._Element] = []
        samples: list[etree._Element] = []
        for n, element in enumerate(chain):
            tx = element.find(f"{{{PML}}}txBody")
            if tx is None:
                continue
            body_pr = tx.find(f"{{{A}}}bodyPr")
            if body_pr is not None:
                bodies.append(body_pr)
            level = tx.find(f"{{{A}}}lstStyle/{{{A}}}lvl1pPr")
            if level is not None:
                paras.append(level)
                runs += level.findall(f"{{{A}}}defRPr")
            first = tx.find(f"{{{A}}}p")
            if first is not None and n == len(chain) - 1 and len(chain) > 1:
                samples.append(first)
        if family is not None:
            level = family.find(f"{{{A}}}lvl1pPr")
            if level is not None:
                paras.append(level)
                runs += level.findall(f"{{{A}}}defRPr")
        for first in samples:
            p_pr = first.find(f"{{{A}}}pPr")
            if p_pr is not None:
                paras.append(p_pr)
            runs += first.findall(f"{{{A}}}r/{{{A}}}rPr") + first.findall(f"{{{A}}}endParaRPr")
        size = _first(r.get("sz") for r in runs)
        bold = _first(r.get("b") for r in runs)
        typeface = _first(_latin(r) for r in runs)
        major, minor = self.fonts
        default_font = major if kind in TITLE_TYPES else minor
        font = {"+mj-lt": major, "+mn-lt": minor}.get(typeface or "", typeface) or default_font
        colour = _first(self._fill(r) for r in runs)
        insets = None
        values = [_first(b.get(key) for b in bodies) for key in ("lIns", "tIns", "rIns", "bIns")]
        if any(v is not None for v in values):
            insets = tuple(
                _emu(v) if v is not None else d for v, d in zip(values, DEFAULT_INSETS, strict=True)
            )
        return TextStyle(
            size=int(size) / 100 if size and size.isdigit() else None,
            colour=colour,
            font=font,
            bold=None if bold is None else bold in ("1", "true"),
            align=_first(p.get("algn") for p in paras),
            anchor=_first(b.get("anchor") for b in bodies),
            insets=insets,  # type: ignore[arg-type]
        )

    def _fill(self, run: etree._Element) -> str | None:
        fill = run.find(f"{{{A}}}solidFill")
        if fill is None:
            return None
        for colour in fill:
            if isinstance(colour.tag, str):
                return _colour(colour, self.palette)
        return None


def _latin(run: etree._Element) -> str | None:
    latin = run.find(f"{{{A}}}latin")
    return latin.get("typeface") if latin is not None else None


def _first(values: Iterable[str | None]) -> str | None:
    return next((v for v in values if v is not None), None)
