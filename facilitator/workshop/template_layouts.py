"""Which of a template's layouts the deck uses, where text may go on them, and what validate says.

`choose_layout` picks the layout a kind of slide uses (`layouts:` in the
theme: a name, `"Master/Name"`, or `{master:, name:}`; a name alone that
several masters share picks the master that leaves the most room for text),
`text_room` says where text may go in a box once the graphics in its way are
left out (a graphic under half a box or more is its backdrop and stays under
the text), and `layout_diagnostics` turns all this into check-time warnings.
Reading the layouts is `facilitator.workshop.template_geometry`.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from facilitator.errors import Diagnostic, did_you_mean
from facilitator.workshop.template import FALLBACK_LAYOUT, PAPER_PICTURES, paper_picture_problem
from facilitator.workshop.template_geometry import (
    TITLE_TYPES,
    Area,
    Graphic,
    PlaceholderShape,
    TemplateGeometry,
    TemplateLayout,
    read_layouts,
)

__all__ = [
    "TITLE_TYPES",
    "Area",
    "PlaceholderShape",
    "TemplateGeometry",
    "TemplateLayout",
    "backdrops",
    "choose_layout",
    "layout_diagnostics",
    "read_layouts",
    "room_for_text",
    "text_room",
    "too_small",
    "usable_placeholder",
]

# A graphic that covers at least this share of a text box is the box's backdrop (a title band
# the designer put the title on); one that covers less is in the way, and text keeps out of it.
BACKDROP_SHARE = 0.5
# The least of the page a title or body placeholder must cover to hold text (width, height).
MIN_BOX_SHARE = (0.2, 0.06)
# Layout names a template may use for each kind of slide when `layouts:` does not name one:
# PowerPoint's, LibreOffice's and Google Slides' (the first is the one a warning names).
DEFAULT_NAMES = {
    "title": ("Title Slide", "Title slide"),
    "content": ("Title and Content", "Title, Content", "Title and body"),
}


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
    Without a match, a layout the workshop names falls back to the one the deck takes when none
    is named (a slip in a name changes nothing else); failing that, "Title Only", else the first
    layout with a title, else the first.
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
    asked = wish.names[0] if wish.master is None else f"{wish.master}/{wish.names[0]}"
    where = "" if masters is None or masters else f" (it has no master '{wish.master}')"
    if wish.given:  # a slip in the name or master: the layout the deck takes when none is named
        usual, _problem = choose_layout(geometry, role, None, minimum=minimum)
        if _problem is None:
            names = [lay.name for lay in geometry.layouts]
            known = wish.names[0].strip().casefold() in {name.strip().casefold() for name in names}
            guess = "" if known else did_you_mean(wish.names[0], names)
            return usual, f"the template has no layout '{asked}'{where}{guess}; using '{usual.name}' instead"
    fallback = [lay for lay in geometry.layouts if lay.name.strip().casefold() == FALLBACK_LAYOUT.casefold()]
    fallback = (
        fallback
        or [lay for lay in geometry.layouts if lay.placeholder(TITLE_TYPES)]
        or list(geometry.layouts)
    )
    chosen = max(fallback, key=lambda lay: (_room_score(geometry, lay, role, minimum), -lay.index))
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


def usable_placeholder(
    shape: PlaceholderShape | None, geometry: TemplateGeometry
) -> tuple[PlaceholderShape | None, str | None]:
    """Return a text placeholder cut to the page, or None and why when too little of it is left for text.

    A box off the page would hide its text, and one a few points high would put a line on each
    slide, over the title: the deck then places that text itself, as for a layout without the box.
    """
    if shape is None:
        return None, None
    box = shape.area
    left, top = max(0.0, box.left), max(0.0, box.top)
    inside = Area(left, top, min(box.right, geometry.width) - left, min(box.bottom, geometry.height) - top)
    if too_small(inside, geometry):
        where = "lies outside the page" if inside.size <= 0 else "leaves too little room on the page for text"
        return None, f"its {_role_name(shape.type)} placeholder ({box.describe()}) {where}"
    return (shape if inside == box else replace(shape, area=inside)), None


def too_small(area: Area, geometry: TemplateGeometry) -> bool:
    """Return whether `area` is too small a part of the page to set text in (see MIN_BOX_SHARE)."""
    return area.width < geometry.width * MIN_BOX_SHARE[0] or area.height < geometry.height * MIN_BOX_SHARE[1]


def room_for_text(
    area: Area, graphics: Iterable[Graphic], avoid: list[Area], geometry: TemplateGeometry
) -> Area:
    """Return where text goes in `area`: clear of the graphics and of `avoid` (logo, footer).

    When the graphics leave too little (a grid of stripes over the body), the text goes over
    them rather than one line to a slide: only `avoid` is kept clear.
    """
    room = text_room(area, [*graphics, *avoid])
    return text_room(area, avoid) if too_small(room, geometry) else room


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

    pictures_seen: set[str] = set()
    for role in ("title", "content"):
        value = getattr(layouts, role, None)
        layout, problem = choose_layout(geometry, role, value)
        if problem:
            on = f"theme.layouts.{role}" if value is not None else key  # the line to change
            warn(
                f"{problem}; its layouts are listed below",
                "template.layout",
                on,
                choices=_layout_list(geometry),
            )
        for graphic in layout.graphics:
            if graphic.image and graphic.image not in pictures_seen:
                pictures_seen.add(graphic.image)
                why = paper_picture_problem(path, graphic.image)
                if why:
                    warn(
                        f"layout {layout.label}: {graphic.describe()} shows {graphic.image}, which {why}; "
                        f"notes.pdf and slides-handout.pdf leave it out (they draw {PAPER_PICTURES}), "
                        "the deck keeps it",
                        "template.picture",
                    )
        shapes = [layout.placeholder(TITLE_TYPES)]
        shapes.append(layout.placeholder(("subTitle", "body", "obj") if role == "title" else ("body", "obj")))
        for found in shapes:
            shape, why = usable_placeholder(found, geometry)
            if why:
                warn(
                    f"layout {layout.label}: {why}; the deck puts that text in a box of its own",
                    "template.placeholder",
                    "theme.layouts",
                )
            if shape is None:
                continue
            if too_small(text_room(shape.area, layout.graphics), geometry):
                warn(
                    f"layout {layout.label}: its pictures and shapes leave too little of its "
                    f"{_role_name(shape.type)} placeholder ({shape.area.describe()}) for text; slide text "
                    "goes over them",
                    "template.overlap",
                    "theme.layouts",
                )
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
