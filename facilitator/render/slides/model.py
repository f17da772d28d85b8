"""The slide model: every slide of a deck as boxes, measured lines and notes, for any painter to draw.

A `Deck` is what the deck renderer decided, with nothing left to decide: the
page size, the template and its layouts, and per `Slide` the layout it uses,
its text frames (each a box in points with its insets, anchor and paragraphs
of styled spans, already wrapped into `Line`s with their positions), the
rectangles and pictures it adds, its background, its speaker notes, the
agenda segment it belongs to and whether the room keeps it.

The model holds no python-pptx or reportlab objects. Painters draw it: the
.pptx painter writes paragraphs into the template's placeholders (PowerPoint
and LibreOffice wrap them again, where our measurement predicted), the PDF
painter draws each measured line where the model put it. All lengths are in
points, measured from the slide's top-left corner, y growing downwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitator.workshop.template_geometry import Area


@dataclass(frozen=True)
class Box(Area):
    """A rectangle on the slide, in points from its top-left corner: an Area, and how boxes meet."""

    def overlaps(self, other: Box, slack: float = 0.5) -> bool:
        """Return whether the two boxes share more than `slack` points each way."""
        return (
            min(self.right, other.right) - max(self.left, other.left) > slack
            and min(self.bottom, other.bottom) - max(self.top, other.top) > slack
        )

    def contains(self, other: Box, slack: float = 0.5) -> bool:
        """Return whether `other` lies inside this box, give or take `slack` points."""
        return (
            other.left >= self.left - slack
            and other.top >= self.top - slack
            and other.right <= self.right + slack
            and other.bottom <= self.bottom + slack
        )


@dataclass(frozen=True)
class Span:
    """A stretch of text in one style and colour (`RRGGBB`, as DrawingML writes it)."""

    text: str
    colour: str
    bold: bool = False
    italic: bool = False
    href: str | None = None


@dataclass(frozen=True)
class Marker:
    """What hangs in a paragraph's indent on its first line: a bullet, a number or a prefix.

    A bullet and a number are paragraph formatting in the .pptx (PowerPoint
    draws them); a prefix (the agenda's clock time) is text before a tab.
    """

    kind: str  # bullet | number | prefix
    text: str  # "•", "3.", "10:05"
    colour: str
    bold: bool = False


@dataclass(frozen=True)
class Line:
    """One wrapped line: its spans, its visible width, and where it starts.

    `x` is measured from the frame's inner left edge (insets off), `top` from
    the top of the frame's text (after its anchor has placed it); the line's
    box is `pitch` high.
    """

    spans: tuple[Span, ...]
    width: float
    x: float
    top: float


@dataclass(frozen=True)
class Paragraph:
    """A paragraph: its spans as written, how it is set, and its lines as measured."""

    spans: tuple[Span, ...]
    size: float
    font: str  # the family name the deck names
    indent: float
    space_before: float
    line_pitch: float  # a multiple of `size`
    align: str  # l | ctr | r
    marker: Marker | None
    lines: tuple[Line, ...]
    continued: bool = False  # the later part of a paragraph split over slides

    @property
    def pitch(self) -> float:
        """Return the distance between two lines' tops, in points."""
        return self.size * self.line_pitch

    @property
    def text(self) -> str:
        """Return the paragraph's words as written (without its marker)."""
        return "".join(span.text for span in self.spans)


@dataclass(frozen=True)
class Placeholder:
    """Which placeholder of a layout a frame fills: its type (`title`, `body`…) and index."""

    type: str
    idx: int


@dataclass(frozen=True)
class TextFrame:
    """A box of text: a layout placeholder it fills, or a text box of its own (`placeholder` None)."""

    role: str  # title | body | subtitle | footer
    name: str
    box: Box
    insets: tuple[float, float, float, float]  # left, top, right, bottom
    anchor: str  # t | ctr | b
    paragraphs: tuple[Paragraph, ...]
    placeholder: Placeholder | None = None

    @property
    def inner(self) -> Box:
        """Return the box less its insets: where the text is set."""
        left, top, right, bottom = self.insets
        box = self.box
        return Box(box.left + left, box.top + top, box.width - left - right, box.height - top - bottom)

    @property
    def text_height(self) -> float:
        """Return the height of the frame's lines, from the first line's top to the last line's bottom."""
        if not self.paragraphs or not self.paragraphs[-1].lines:
            return 0.0
        last = self.paragraphs[-1]
        return last.lines[-1].top + last.pitch

    @property
    def text(self) -> str:
        """Return the frame's paragraphs' words, one paragraph a line."""
        return "\n".join(p.text for p in self.paragraphs)


@dataclass(frozen=True)
class Rect:
    """A flat rectangle of colour the slide adds (an accent rule); decorative for screen readers."""

    name: str
    box: Box
    colour: str


@dataclass(frozen=True)
class Picture:
    """A picture the slide adds, its box and its alternative text: a file (`path`), or a QR code (`qr`).

    `qr` is the address a QR code opens: each painter draws the code its own way
    (a crisp PNG on a .pptx slide; vector shapes on paper).
    """

    name: str
    path: Path | None
    box: Box
    alt: str
    qr: str | None = None


@dataclass(frozen=True)
class Slide:
    """One slide, ready to draw.

    `layout` indexes `Deck.layouts`; `background` is a colour the slide sets
    itself (None: the layout's own); `segment` is the index of the agenda
    segment it belongs to (None: the title slide, or front matter before a
    first segment that is not an opening); `for_room` is False on slides the
    slides handout leaves out (a debrief).
    """

    title: str
    kind: str  # title | content | break
    layout: int
    background: str | None
    frames: tuple[TextFrame, ...]
    rects: tuple[Rect, ...]
    pictures: tuple[Picture, ...]
    notes: tuple[str, ...]
    segment: int | None
    for_room: bool = True

    def frame(self, role: str) -> TextFrame | None:
        """Return the slide's first frame with this role, or None."""
        return next((f for f in self.frames if f.role == role), None)


@dataclass(frozen=True)
class Graphic:
    """A picture or shape the template draws on a layout or its master: what a painter on paper redraws.

    `fill` is its colour as near as one colour says it (None: none); `image`
    the picture's part inside the template; `shape` its preset geometry
    (`rect`, `ellipse`…, or `custom`).
    """

    name: str
    box: Box
    fill: str | None
    image: str | None
    shape: str
    kind: str  # shape | picture | group | line | frame


@dataclass(frozen=True)
class Layout:
    """A layout of the template that slides use: master number, name, position, background and graphics."""

    master: int
    name: str
    index: int  # its position among all the template's layouts, masters in order
    background: str | None  # its (or its master's) background colour, when one colour says it
    graphics: tuple[Graphic, ...] = ()


@dataclass(frozen=True)
class Deck:
    """A whole deck: page size, template, the layouts its slides use, and the slides."""

    width: float
    height: float
    template: Path  # the workshop's template, or the default theme's
    layouts: tuple[Layout, ...]
    slides: tuple[Slide, ...]
    colours: dict[str, str]  # the theme's colour roles, RRGGBB
    font: str  # the slide font's family name
    language: str
    master_background: str | None = None  # given to a master that has no background of its own
