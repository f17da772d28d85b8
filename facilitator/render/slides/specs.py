"""What the content builder hands the layout: a logical slide (`SlideSpec`), how its paragraphs look, sizes.

`SlideSizes` are the sizes slides start from (the template's where it gives
them); `Look` says how a body paragraph is drawn (colour role, bullet, number,
the agenda's clock time); a `SlideSpec` is one logical slide before it is
fitted, and `slide_fonts` the font every slide is measured with.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from facilitator.planning.plan import Plan
from facilitator.text.layout import Block, FontSet, font_set


@dataclass(frozen=True)
class SlideSizes:
    """The text sizes slides start from (points): the template's where it gives them, else the theme's."""

    title: float  # the title slide's title
    subtitle: float  # the title slide's subtitle
    heading: float  # every other slide's title
    body: float
    minimum: float  # nothing is ever set smaller
    shrink_to: float  # a body may shrink this far to stay on one slide


@dataclass(frozen=True)
class Look:
    """How a body paragraph is drawn: colour role, bullet or number, an agenda time prefix."""

    colour: str = "text"
    bullet: bool = False
    number: int | None = None
    prefix: str | None = None  # drawn before a tab in the indent (the agenda's clock time)
    muted_from: int | None = None  # runs from this index on are drawn in the muted colour
    align: str = "l"


@dataclass
class SlideSpec:
    """One logical slide: it becomes one or more slides once its body is paginated.

    `segment` is the index of the agenda segment it belongs to (None for the
    title slide); `for_room` is False for what only the facilitator should keep.
    """

    title: str
    notes: list[str]
    body: list[Block] = field(default_factory=list)
    header: list[Block] = field(default_factory=list)
    kind: str = "content"  # content | title | break | codes
    shrink: bool = True  # may use a smaller body size (down to the minimum) to fit one slide
    segment: int | None = None
    for_room: bool = True
    codes: tuple[tuple[str, str], ...] = ()  # a `codes` slide's QR codes: (what it opens, address)


def slide_fonts(plan: Plan) -> FontSet:
    """Return the slide font's four faces, which every slide is measured with."""
    f = plan.theme.fonts.slides
    return font_set(f.regular, f.bold, f.italic, f.bold_italic)
