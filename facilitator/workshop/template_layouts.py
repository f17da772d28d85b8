"""The layouts of a slide template as the deck uses them: placeholder boxes, text styles, graphics.

A template owns where a slide's text goes. `read_layouts(path)` reads, with
lxml and without python-pptx (so `validate` stays light), every layout of
every master: its placeholders with their boxes and text style (size, colour,
font, alignment, anchor and insets, each taken from the layout, else its
master's placeholder, else the master's text styles — LibreOffice writes them
as the sample text's formatting, PowerPoint as list styles), the graphics
drawn on it or on its master (pictures and shapes that are not placeholders),
and whether it or its master has a background of its own.

`choose_layout` picks the layout a kind of slide uses (`layouts:` in the
theme: a name, `"Master/Name"`, or `{master:, name:}`; a name alone that
several masters share picks the master that leaves the most room for text),
`text_room` says where text may go in a box once the graphics in its way are
left out, and `layout_diagnostics` turns all this into check-time warnings.

All lengths are in points (1 pt = 12,700 EMU). The template has been accepted
by `facilitator.workshop.template.template_problem` before anything here reads
it, which bounds its size.
"""

from __future__ import annotations

import posixpath
import zipfile
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from lxml import etree

from facilitator.errors import Diagnostic
from facilitator.workshop.template import FALLBACK_LAYOUT, survey_template
from facilitator.workshop.template_parts import PML, REL, A, R, Survey

EMU_PER_PT = 12700
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)
# Layout names a template may use for each kind of slide when `layouts:` does not name one:
# PowerPoint's, LibreOffice's and Google Slides' (the first is the one a warning names).
DEFAULT_NAMES = {
    "title": ("Title Slide", "Title slide"),
    "content": ("Title and Content", "Title, Content", "Title and body"),
}
# A graphic that covers at least this share of a text box is the box's backdrop (a title band
# the designer put the title on); one that covers less is in the way, and text keeps out of it.
BACKDROP_SHARE = 0.5
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


# ---------------------------------------------------------------------------
# Choosing layouts


@dataclass(frozen=True)
class LayoutWish:
    """Which layout a kind of slide asks for: a master (name or number, or None for any) and names.

    `names` holds one name when the workshop gives it, or the usual names of
    such a layout when it does not (`given` False).
    """

    master: str | None
    names: tuple[str, ...]
    given: bool


def layout_wish(role: str, value: object, geometry: TemplateGeometry | None = None) -> LayoutWish:
    """Return what `layouts.<role>` asks for: None, a name, `"Master/Name"` or `{master:, name:}`.

    `"Master/Name"` is read as master and name only when the part before the
    first `/` names one of the template's masters; otherwise it is all a name.
    """
    if value is None:
        return LayoutWish(None, DEFAULT_NAMES[role], False)
    master = getattr(value, "master", None)
    name = getattr(value, "name", None)
    if name is not None:
        return LayoutWish(str(master) if master is not None else None, (str(name),), True)
    text = str(value)
    head, slash, tail = text.partition("/")
    if slash and geometry is not None and _masters_named(geometry, head.strip()):
        return LayoutWish(head.strip(), (tail.strip(),), True)
    return LayoutWish(None, (text,), True)


def _masters_named(geometry: TemplateGeometry, master: str) -> list[int]:
    """Return the numbers of the masters `master` names: its number, or its name (any case)."""
    count = len(geometry.master_names())
    if master.isdigit():
        return [int(master)] if 1 <= int(master) <= count else []
    wanted = master.casefold()
    return [n for n, name in enumerate(geometry.master_names(), start=1) if name.strip().casefold() == wanted]


def choose_layout(
    geometry: TemplateGeometry, role: str, value: object, *, minimum: float = 18.0
) -> tuple[TemplateLayout, str | None]:
    """Return the layout a kind of slide (`title` or `content`) uses, and a warning when not the one asked.

    Among the layouts that match, the one whose text boxes the template's
    graphics leave the most room wins (its master first, then the earliest).
    Without a match: "Title Only", else the first layout with a title, else the first.
    """
    wish = layout_wish(role, value, geometry)
    masters = _masters_named(geometry, wish.master) if wish.master is not None else None
    for name in wish.names:
        wanted = name.strip().casefold()
        found = [
            layout
            for layout in geometry.layouts
            if layout.name.strip().casefold() == wanted and (masters is None or layout.master in masters)
        ]
        if found:
            return max(found, key=lambda lay: (_room_score(geometry, lay, role, minimum), -lay.index)), None
    fallback = [lay for lay in geometry.layouts if lay.name.strip().casefold() == FALLBACK_LAYOUT.casefold()]
    fallback = (
        fallback
        or [lay for lay in geometry.layouts if lay.placeholder(TITLE_TYPES)]
        or list(geometry.layouts)
    )
    chosen = max(fallback, key=lambda lay: (_room_score(geometry, lay, role, minimum), -lay.index))
    asked = wish.names[0] if wish.master is None else f"{wish.master}/{wish.names[0]}"
    where = "" if masters is None or masters else f" (it has no master '{wish.master}')"
    return chosen, f"the template has no layout '{asked}'{where}; using '{chosen.name}' instead"


def _room_score(geometry: TemplateGeometry, layout: TemplateLayout, role: str, minimum: float) -> float:
    """Return the room a layout leaves for text: its text boxes' free area, less what lies on graphics."""
    score = 0.0
    boxes = [layout.placeholder(TITLE_TYPES)]
    boxes.append(layout.placeholder(("subTitle", "body", "obj") if role == "title" else ("body", "obj")))
    for shape in boxes:
        if shape is None:
            continue
        free = text_room(shape.area, layout.graphics)
        score += free.size
        score -= sum(g.area.shared(free) for g in layout.graphics)
    return score


def in_the_way(box: Area, graphics: Iterable[Graphic]) -> list[Graphic]:
    """Return the graphics that cover part of `box` but are not its backdrop."""
    return [
        g for g in graphics if g.area.shared(box) > 0.25 and g.area.shared(box) < BACKDROP_SHARE * box.size
    ]


def backdrops(box: Area, graphics: Iterable[Graphic]) -> list[Graphic]:
    """Return the graphics that cover at least half of `box`: the designer put the box on them."""
    return [g for g in graphics if box.size > 0 and g.area.shared(box) >= BACKDROP_SHARE * box.size]


def text_room(box: Area, graphics: Iterable[Graphic | Area]) -> Area:
    """Return the largest part of `box` that the graphics in its way leave free (the box when none is).

    A graphic that covers half the box or more is its backdrop and stays
    under the text; pass Areas to keep text out of them whatever their size.
    """
    obstacles = [
        g if isinstance(g, Area) else g.area
        for g in graphics
        if isinstance(g, Area) or g in in_the_way(box, [g])
    ]
    candidates = [box]
    for obstacle in obstacles:
        pieces: list[Area] = []
        for c in candidates:
            if c.shared(obstacle) <= 0.25:
                pieces.append(c)
                continue
            pieces += [
                Area(c.left, c.top, c.width, obstacle.top - c.top),  # above it
                Area(c.left, obstacle.bottom, c.width, c.bottom - obstacle.bottom),  # below it
                Area(c.left, c.top, obstacle.left - c.left, c.height),  # left of it
                Area(obstacle.right, c.top, c.right - obstacle.right, c.height),  # right of it
            ]
        candidates = sorted((p for p in pieces if p.width > 1 and p.height > 1), key=lambda a: -a.size)[:16]
        if not candidates:
            return replace(box, height=0.0)
    return max(candidates, key=lambda a: (a.size, -a.top))


def template_text_font(path: Path, layouts: object = None) -> str | None:
    """Return the font the template sets its slides' body text in (None when it cannot be read)."""
    from facilitator.workshop.template import template_problem

    if template_problem(path):
        return None
    try:
        geometry = read_layouts(path)
    except (ValueError, OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return None
    layout, _problem = choose_layout(geometry, "content", getattr(layouts, "content", None))
    body = layout.placeholder(("body", "obj")) or layout.placeholder(TITLE_TYPES)
    return (body.style.font if body else None) or geometry.fonts[1]


# ---------------------------------------------------------------------------
# Warnings at check time


def layout_diagnostics(
    path: Path, where: str, layouts: object, slide_font: str | None = None
) -> list[Diagnostic]:
    """Return warnings about the layouts the deck will use on the template at `path`.

    A layout it asks for and lacks (with every layout the template has, once
    each, one per line), graphics of a chosen layout in the way of its text,
    a text font other than `slide_font` (the one the slides will name and be
    measured with), and a page that is not 16:9 (the deck keeps the template's page).
    """
    key = "theme.template"
    try:
        geometry = read_layouts(path)
    except (ValueError, OSError, KeyError, zipfile.BadZipFile, etree.XMLSyntaxError):
        return []  # template_diagnostics says why the template cannot be read
    warnings = []

    def warn(message: str, code: str, on: str = key, choices: tuple[str, ...] = ()) -> None:
        warnings.append(Diagnostic(where, 0, 0, on, message, code, "warning", choices=choices))

    for role in ("title", "content"):
        value = getattr(layouts, role, None)
        layout, problem = choose_layout(geometry, role, value)
        if problem:
            warn(
                f"{problem}; its layouts are listed below", "template.layout", choices=_layout_list(geometry)
            )
        shapes = [layout.placeholder(TITLE_TYPES)]
        shapes.append(layout.placeholder(("subTitle", "body", "obj") if role == "title" else ("body", "obj")))
        for shape in shapes:
            if shape is None:
                continue
            for graphic in in_the_way(shape.area, layout.graphics):
                free = text_room(shape.area, [graphic])
                warn(
                    f"layout {layout.label}: {graphic.describe()} covers part of its "
                    f"{_role_name(shape.type)} placeholder ({shape.area.describe()}); slide text keeps "
                    f"out of it ({free.width:.0f} × {free.height:.0f} pt are left)",
                    "template.overlap",
                    "theme.layouts",  # where to pick another layout
                )
    font = template_text_font(path, layouts)
    if font and slide_font and font.strip().casefold() != slide_font.strip().casefold():
        warn(
            f"the template sets its text in '{font}', which facilitator cannot measure; the slides "
            f"use {slide_font} instead (to keep '{font}', give its TrueType files under theme: "
            "fonts: slides:)",
            "template.font",
            "theme.fonts.slides",
        )
    width, height = geometry.width, geometry.height
    if width and height and abs(width / height - 16 / 9) > 0.01:
        warn(
            f"the template's slides are {width / height:.2f}:1, not 16:9; the deck keeps its "
            f"{width:.0f} × {height:.0f} pt page, so a widescreen projector shows it with bars at the sides",
            "template.size",
        )
    return warnings


def _role_name(kind: str) -> str:
    return {"ctrTitle": "title", "subTitle": "subtitle", "obj": "body"}.get(kind, kind)


def _layout_list(geometry: TemplateGeometry) -> tuple[str, ...]:
    """Return the template's layout names, once each, with the masters that have them."""
    masters: dict[str, list[int]] = {}
    for layout in geometry.layouts:
        masters.setdefault(layout.name, [])
        if layout.master not in masters[layout.name]:
            masters[layout.name].append(layout.master)
    count = len(geometry.master_names())
    lines = []
    for name, numbers in masters.items():
        shown = repr(name) if "," in name or name != name.strip() else name
        if count > 1:
            shown += f" (master{'s' if len(numbers) > 1 else ''} {', '.join(map(str, numbers))})"
        lines.append(shown)
    return tuple(lines)


def template_part_names(geometry: TemplateGeometry) -> list[str]:
    """Return the part name of every layout, in the template's order (for painters that open it)."""
    return [posixpath.normpath(layout.part) for layout in geometry.layouts]
