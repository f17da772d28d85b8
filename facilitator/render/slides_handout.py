"""The slides on paper for participants, `slides-handout.pdf`: three a page with lines to write beside each.

The slides come from the same slide model as `deck.pptx`, drawn by the PDF
painter, with what the room does not keep left out: the facilitator's slides
(a role-play's debrief, as the rich handout leaves it out) and every clock
time (the agenda lists what happens and for how long, the title slide gives
the day, a break says how long it is): the plan may change on the day.
Three slides a page with ruled lines beside each; `slides_per_page=6` puts
six a page without lines; --large-print one a page, lines under it and the
page's own words at 18 pt or more. "Page N of M" on every page, a bookmark
per segment.
"""

from __future__ import annotations

from reportlab.platypus import Flowable, PageBreak

from facilitator.planning.plan import Plan
from facilitator.render import Output
from facilitator.render.pdfkit import (
    Bookmark,
    Document,
    Styles,
    make_styles,
    new_buffer,
    page_geometry,
    page_summary,
    paper_name,
    register_fonts,
    tint,
)
from facilitator.render.slides.layout import build_deck
from facilitator.render.slides.model import Slide
from facilitator.render.slides.pdf_painter import SlidePainter
from facilitator.render.slides.words import Labels

LAYOUTS = (3, 6)  # slides a page (large print: one)


def render(
    plan: Plan, *, paper: str | None = None, large_print: bool = False, slides_per_page: int = 3
) -> list[Output]:
    """Return the slides handout as `slides-handout.pdf` (or `slides-handout-large-print.pdf`)."""
    if slides_per_page not in LAYOUTS:
        raise ValueError(
            f"slides a page must be one of {', '.join(map(str, LAYOUTS))}, not {slides_per_page}"
        )
    labels = Labels(plan.words)
    deck = build_deck(plan, clock=False)
    slides = [slide for slide in deck.slides if slide.for_room]
    per_page = 1 if large_print else slides_per_page
    fonts = register_fonts(plan)
    styles = make_styles(plan, fonts, large_print=large_print)
    size = paper_name(plan, paper)
    page = page_geometry(size, styles)
    doc = Document(
        new_buffer(),
        plan,
        styles,
        page,
        title=labels.SLIDES_HANDOUT_TITLE.format(title=plan.workshop.title),
        subject=labels.SLIDES_HANDOUT_SUBJECT,
        label=labels.SLIDES_HANDOUT_LABEL,
    )
    painter = SlidePainter(deck, plan)
    story: list[Flowable] = []
    segment: int | None = -1
    for start in range(0, len(slides), per_page):
        sheet = slides[start : start + per_page]
        for slide in sheet:
            if slide.segment != segment:
                segment = slide.segment
                title = plan.segments[segment].title if segment is not None else plan.workshop.title
                story.append(Bookmark(title, level=0))
        story.append(Sheet(painter, sheet, per_page, styles, lines=per_page != 6))
        story.append(PageBreak())
    story.pop()
    data = doc.render(story)
    name = "slides-handout-large-print.pdf" if large_print else "slides-handout.pdf"
    return [Output(name, data, page_summary(plan, doc.page, size, large_print))]


class Sheet(Flowable):
    """One page of slides: each with ruled lines beside it (three a page), below it (one), or none (six)."""

    GUTTER = 18.0

    def __init__(
        self, painter: SlidePainter, slides: list[Slide], per_page: int, styles: Styles, *, lines: bool
    ):
        super().__init__()
        self.painter, self.slides, self.per_page, self.styles, self.lines = (
            painter,
            slides,
            per_page,
            styles,
            lines,
        )

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take the whole frame."""
        self.width, self.height = avail_width, avail_height
        return avail_width, avail_height - 1

    def draw(self) -> None:
        """Draw the slides in their grid, and the lines to write on."""
        canvas = self.canv
        ratio = self.painter.deck.height / self.painter.deck.width
        gutter = self.GUTTER
        if self.per_page == 1:
            cells = [(0.0, self.height, self.width, self.height)]
            slide_width = self.width
        elif self.per_page == 3:
            row = (self.height - 2 * gutter) / 3
            slide_width = min(self.width * 0.62, row / ratio)
            cells = [(0.0, self.height - i * (row + gutter), self.width, row) for i in range(3)]
        else:
            row = (self.height - 2 * gutter) / 3
            slide_width = min((self.width - gutter) / 2, row / ratio)
            cells = [
                (c * (slide_width + gutter), self.height - r * (row + gutter), slide_width, row)
                for r in range(3)
                for c in range(2)
            ]
        colour = tint(self.styles.colours.muted, 0.45)
        for slide, (x, top, width, _height) in zip(self.slides, cells, strict=False):
            drawn = self.painter.draw(canvas, slide, x, top, slide_width)
            if not self.lines:
                continue
            canvas.saveState()
            canvas.setStrokeColor(colour)
            canvas.setLineWidth(0.6)
            gap = self.styles.line_gap
            if self.per_page == 1:  # under the slide, to the foot of the page
                y = top - drawn - gap
                while y > 0:
                    canvas.line(0, y, width, y)
                    y -= gap
            else:  # beside the slide, as tall as it is
                left = x + slide_width + gutter
                y = top - gap * 0.8
                while y >= top - drawn:
                    canvas.line(left, y, x + width, y)
                    y -= gap
            canvas.restoreState()
