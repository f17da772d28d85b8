"""Where a deck's text goes: the template's layouts, read as boxes the slide model fills.

The template owns the layout (the default theme's too: assets/templates/default.pptx).
`Frames(plan)` reads the template the deck is built on, picks the layout of
the title slide and of every other slide (`theme: layouts:`, see
`facilitator.workshop.template_layouts.choose_layout`), and gives, for each,
the box of its title, of its body (or subtitle) and of the footer, as the
template places and styles them: size, colour, font weight, alignment,
anchor and insets where the template says, the theme's where it does not.
A box loses the part a master or layout graphic covers (a band across the
foot of the body), and the body keeps clear of the footer and, on the title
slide, of the logo. It also says what a painter needs to draw a layout on
paper: its background and its graphics.
"""

from __future__ import annotations

from dataclasses import dataclass

from facilitator.planning.plan import Plan
from facilitator.render.slides.model import Box, Graphic, Layout, Placeholder
from facilitator.workshop.colours import WCAG_AA, contrast_ratio
from facilitator.workshop.template_layouts import (
    TITLE_TYPES,
    Area,
    PlaceholderShape,
    TemplateGeometry,
    TemplateLayout,
    backdrops,
    choose_layout,
    read_layouts,
    room_for_text,
    text_room,
    usable_placeholder,
)

FOOTER_GAP = 6.0  # between the body and the footer, in points
BODY_GAP = 22.0  # between a title and a body the template does not place
DEFAULT_INSETS = (7.2, 3.6, 7.2, 3.6)
LARGE_TEXT = 3.0  # WCAG AA's contrast for large text (titles)
BULLET_ROOM = 7.2  # the least top inset of a body: room for LibreOffice's raised bullets


@dataclass(frozen=True)
class FrameSpec:
    """Where one kind of text goes on a layout, and how the template sets it (None: it does not say)."""

    role: str  # title | body | subtitle | footer
    name: str  # the shape's name
    box: Box
    insets: tuple[float, float, float, float]
    anchor: str
    align: str
    size: float | None
    colour: str | None  # RRGGBB
    bold: bool | None
    placeholder: Placeholder | None  # None: a text box of its own


@dataclass(frozen=True)
class LayoutFrames:
    """A layout as one kind of slide uses it: its title, its body and (with a footer) the footer."""

    layout: int  # index into Frames.layouts
    title: FrameSpec
    body: FrameSpec
    footer: FrameSpec | None
    own_background: bool  # the layout or its master has a background of its own


class Frames:
    """The template's page and the frames of the title slide and of every other slide."""

    def __init__(self, plan: Plan) -> None:
        """Read the template and place the title slide's and the content slides' frames."""
        theme = plan.theme
        self.colours = {k: v.lstrip("#").upper() for k, v in theme.colours.model_dump().items()}
        self.template = theme.slide_template
        self.geometry: TemplateGeometry = read_layouts(self.template)
        self.width, self.height = self.geometry.width, self.geometry.height
        self.minimum = theme.sizes.minimum
        title_layout, _ = choose_layout(self.geometry, "title", theme.layouts.title, minimum=self.minimum)
        content_layout, _ = choose_layout(
            self.geometry, "content", theme.layouts.content, minimum=self.minimum
        )
        chosen = [title_layout] + ([content_layout] if content_layout is not title_layout else [])
        self.layouts = tuple(self._layout(lay) for lay in chosen)
        self.footer_text = theme.footer
        self.logo = theme.logo
        self.logo_box = self._logo_box() if theme.logo else None
        self.title = self._frames(title_layout, 0, "title")
        self.content = self._frames(content_layout, len(chosen) - 1, "content")

    # Reading the template -------------------------------------------------

    def _layout(self, layout: TemplateLayout) -> Layout:
        graphics = tuple(
            Graphic(g.name, _box(g.area), _hex(g.fill), g.image, g.shape, g.kind) for g in layout.graphics
        )
        return Layout(layout.master, layout.name, layout.index, _hex(layout.background), graphics)

    def _frames(self, layout: TemplateLayout, index: int, role: str) -> LayoutFrames:
        """Return the frames of one layout: title, body (or subtitle) and footer."""
        page = Area(0, 0, self.width, self.height)
        margin_x, margin_y = self.width * 0.05, self.height * 0.06
        title_shape, _why = usable_placeholder(layout.placeholder(TITLE_TYPES), self.geometry)
        body_types = ("subTitle", "body", "obj") if role == "title" else ("body", "obj")
        body_shape, _why = usable_placeholder(layout.placeholder(body_types), self.geometry)
        footer_shape = layout.placeholder(("ftr",))
        avoid: list[Area] = []
        if role == "title" and self.logo_box is not None:
            logo = self.logo_box
            avoid.append(Area(logo.left - 6, logo.top - 6, logo.width + 12, logo.height + 12))
        if title_shape is not None:
            title_area = room_for_text(title_shape.area, layout.graphics, avoid, self.geometry)
        else:  # a layout without a title: a band at the top
            title_area = text_room(
                Area(margin_x, margin_y, page.width - 2 * margin_x, self.height * 0.16),
                [*layout.graphics, *avoid],
            )
        footer = None
        if self.footer_text and role != "title":
            footer = self._footer(layout, footer_shape, body_shape, title_area, page)
            if footer is not None:
                box = footer.box
                avoid.append(Area(box.left, box.top - FOOTER_GAP, box.width, box.height + FOOTER_GAP))
        if body_shape is not None:
            body_area = room_for_text(body_shape.area, layout.graphics, avoid, self.geometry)
        else:  # a layout without a body: what lies under the title
            top = title_area.bottom + BODY_GAP
            body_area = text_room(
                Area(title_area.left, top, title_area.width, page.height - margin_y - top),
                [*layout.graphics, *avoid],
            )
        title = self._spec("title", "Title", title_area, title_shape, role, layout)
        body_role = "subtitle" if role == "title" else "body"
        body = self._spec(body_role, body_role.capitalize(), body_area, body_shape, role, layout)
        return LayoutFrames(index, title, body, footer, layout.own_background)

    def _footer(
        self,
        layout: TemplateLayout,
        shape: PlaceholderShape | None,
        body: PlaceholderShape | None,
        title: Area,
        page: Area,
    ) -> FrameSpec | None:
        """Return the footer's frame: the template's footer placeholder, or a strip under the body."""
        height = self.minimum * 1.2 + DEFAULT_INSETS[1] + DEFAULT_INSETS[3]
        if shape is not None:
            area = text_room(shape.area, layout.graphics)
            insets = shape.style.insets or DEFAULT_INSETS
            if area.height >= self.minimum * 1.2 + insets[1] + insets[3] and area.width >= page.width * 0.4:
                return self._spec("footer", "Footer", area, shape, "content", layout)
        source = body.area if body is not None else title
        bottom = source.bottom if body is not None else page.height - page.height * 0.06
        area = Area(source.left, bottom - height, source.width, height)
        return FrameSpec("footer", "Footer", _box(area), DEFAULT_INSETS, "t", "l", None, None, None, None)

    def _spec(
        self,
        role: str,
        name: str,
        area: Area,
        shape: PlaceholderShape | None,
        slide: str,
        layout: TemplateLayout,
    ) -> FrameSpec:
        """Return a frame with the template's style where it has one."""
        if shape is None:
            anchor = "b" if role == "title" and slide == "content" else "t"
            return FrameSpec(role, name, _box(area), DEFAULT_INSETS, anchor, "l", None, None, None, None)
        style = shape.style
        colour = self._readable(_hex(style.colour), area, layout, LARGE_TEXT if role == "title" else WCAG_AA)
        insets = style.insets or DEFAULT_INSETS
        if role in ("body", "subtitle") and insets[1] < BULLET_ROOM:
            # LibreOffice draws a bullet about a sixth of the text size above the line's top:
            # with no inset (LibreOffice's own templates have none) it would leave the box.
            insets = (insets[0], BULLET_ROOM, insets[2], insets[3])
        anchor = style.anchor if style.anchor in ("t", "ctr", "b") else "t"
        align = style.align if style.align in ("l", "ctr", "r") else "l"
        if role in ("body", "subtitle") and slide == "content":
            align = "l"  # bullets and numbers hang from the left
        return FrameSpec(
            role,
            name,
            _box(area),
            insets,
            anchor,
            align,
            style.size,
            colour,
            style.bold,
            Placeholder(shape.type, shape.idx),
        )

    def _readable(self, colour: str | None, area: Area, layout: TemplateLayout, least: float) -> str | None:
        """Return the template's text colour for a box, or None when it is hard to read there.

        What lies under the box is its backdrop graphic's colour, else the
        layout's background, else the theme's. A colour below `least` on it
        (WCAG AA: 3:1 for titles, which are large, 4.5:1 for other text; a
        LibreOffice layout's white title on a white page) is left to the
        theme's colour for the role, as if the template said nothing.
        """
        if colour is None:
            return None
        under = next((g.fill for g in backdrops(area, layout.graphics) if g.fill), None)
        under = _hex(under) or _hex(layout.background) or self.colours["background"]
        return colour if contrast_ratio(f"#{colour}", f"#{under}") >= least else None

    def _logo_box(self) -> Box:
        """Return where the logo goes: the top-right corner, 60 pt high on a 7.5 in page (scaled)."""
        from facilitator.render.slides.pictures import logo_box

        assert self.logo is not None
        return logo_box(self.logo, self.width, self.height)


def _box(area: Area) -> Box:
    return Box(area.left, area.top, area.width, area.height)


def _hex(colour: str | None) -> str | None:
    return colour.lstrip("#").upper() if colour else None
