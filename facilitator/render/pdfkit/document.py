"""A printed document: page geometry, the footer "Page N of M", bookmarks, metadata and the page rules.

`Document` lays out a story with the rules every printed page keeps (no blank page, no heading
alone at the foot of a page, no space carried to the top of the next), and `FooterCanvas`
holds the pages back until the last is known, to number them and draw the contents' page numbers.
"""

from __future__ import annotations

import calendar
import io
import os
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.units import inch
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    PageBreak,
    PageTemplate,
    Spacer,
)
from reportlab.platypus.doctemplate import ActionFlowable

from facilitator.planning.plan import Plan
from facilitator.render.pdf_bidi import draw_line
from facilitator.render.pdfkit.flowables import Contents, toc_headings
from facilitator.render.pdfkit.styles import PAPER_SIZES, PRODUCER, Styles, hex_colour, tint
from facilitator.text.typography import pdf_spaces


class FooterCanvas(Canvas):
    """A canvas that holds its pages back until the end, then writes "Page N of M" on each.

    Anything else that needs the final page numbers (the contents' page numbers)
    is handed to `defer` while its page is drawn, and drawn on that page at the end.
    """

    def __init__(self, *args: Any, footer: Callable[[Canvas, int, int], None], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self._footer = footer
        self._pages: list[dict | None] = []
        self._deferred: dict[int, list[Callable[[Canvas], None]]] = {}
        self._reserved = 0
        self.show_footer = True

    def defer(self, draw: Callable[[Canvas], None]) -> None:
        """Call `draw(canvas)` on the current page in `save`, once every page is laid out."""
        self._deferred.setdefault(len(self._pages), []).append(draw)

    def reserve(self, draw: Callable[[Canvas], None]) -> None:
        """Like `defer`, but put what `draw` draws here in the page, in the graphics state of now.

        A placeholder marks the spot in the page's content; `save` replaces it
        with the drawing, so the page's content is in the same order as if it
        had been drawn at once.
        """
        self._reserved += 1
        token = f"\0reserved {self._reserved}\0"
        self._code.append(token)
        state = {name: getattr(self, name) for name in self.STATE_ATTRIBUTES}

        def fill(canvas: Canvas) -> None:
            code, now = self._code, {name: getattr(self, name) for name in self.STATE_ATTRIBUTES}
            self._code = []
            self.__dict__.update(state)
            try:
                draw(self)
                drawn = self._code
            finally:
                self._code = code
                self.__dict__.update(now)
            at = code.index(token)
            code[at : at + 1] = drawn

        self.defer(fill)

    def bookmarkPage(self, key: str, **kwargs: Any) -> None:
        """Make `key` a destination on the current page (set in `save`, when the page really exists).

        reportlab points a bookmark at the page the document is writing, and
        no page is written until `save`: set at once, every bookmark, outline
        entry and contents link would lead to page 1.
        """
        self.defer(lambda canvas: Canvas.bookmarkPage(canvas, key, **kwargs))

    def showPage(self) -> None:
        """Keep the finished page's state; it is drawn in `save`."""
        self._pages.append(dict(self.__dict__))
        self._startPage()
        self.show_footer = True

    def save(self) -> None:
        """Draw each page's deferred parts and footer, now that the page count is known; write the file."""
        total = len(self._pages)
        for index in range(total):
            state, self._pages[index] = self._pages[index], None  # each page's state is let go once drawn
            count = self._annotationCount  # a document-wide counter: never wound back
            self.__dict__.update(state)
            self._annotationCount = count
            for draw in self._deferred.pop(index, ()):
                draw(self)
            if self.show_footer:
                self._footer(self, index + 1, total)
            Canvas.showPage(self)
        Canvas.save(self)


@dataclass(frozen=True)
class Page:
    """Page geometry: size and margins in points."""

    width: float
    height: float
    left: float
    right: float
    top: float
    bottom: float

    @property
    def frame_width(self) -> float:
        """Return the width between the margins."""
        return self.width - self.left - self.right

    @property
    def frame_height(self) -> float:
        """Return the height between the margins."""
        return self.height - self.top - self.bottom


def page_geometry(paper: str, styles: Styles) -> Page:
    """Return the page size and generous margins for `paper` (a little narrower in large print)."""
    width, height = PAPER_SIZES[paper]
    side = 0.75 * inch if styles.large else 0.95 * inch
    footer_room = styles.small_size * 3.2
    return Page(width, height, side, side, 0.85 * inch, 0.55 * inch + footer_room)


class Document(BaseDocTemplate):
    """A platypus document with the shared footer, bookmarks from headings and metadata."""

    def __init__(
        self,
        buffer: io.BytesIO,
        plan: Plan,
        styles: Styles,
        page: Page,
        *,
        title: str,
        subject: str,
        label: str,
        extra_templates: Iterable[PageTemplate] = (),
    ):
        workshop = plan.workshop
        author = ", ".join(workshop.facilitators) or workshop.organisation or ""
        super().__init__(
            buffer,
            pagesize=(page.width, page.height),
            leftMargin=page.left,
            rightMargin=page.right,
            topMargin=page.top,
            bottomMargin=page.bottom,
            title=styles.fonts.clean(title),
            author=styles.fonts.clean(author),
            subject=styles.fonts.clean(subject),
            creator=PRODUCER,
            producer=PRODUCER,
            keywords=[workshop.id, label],
            invariant=1,
            lang=workshop.language,
            displayDocTitle=1,
            initialFontName=styles.fonts.regular,
            initialFontSize=styles.body_size,
        )
        self.styles = styles
        self.geometry = page
        self.time_stamp = time_stamp(plan)
        self.footer_left = styles.fonts.clean(
            workshop.title + (f" · {plan.theme.footer}" if plan.theme.footer else "")
        )
        self.label = label
        frame = Frame(
            page.left,
            page.bottom,
            page.frame_width,
            page.frame_height,
            id="body",
            leftPadding=0,
            rightPadding=0,
        )
        self.addPageTemplates([PageTemplate(id="body", frames=[frame]), *extra_templates])
        self._outline_level = -1
        self._bookmarks = 0
        self._contents: list[Contents] = []
        self._toc_keys: list[str] = []  # keys of the contents entries, in order
        self._toc_placed = 0

    def handle_flowable(self, flowables: list[Flowable]) -> None:
        """Lay out the next flowable, with the rules every printed page here keeps.

        - Space that does not fit at the foot of a page is dropped, not carried to the top
          of the next (where, before a page break, it made a blank page).
        - A page break on a page that holds nothing yet is dropped: no blank pages.
        - A heading (or an eyebrow above one) never ends a page: when what follows it
          cannot start on this page, the heading moves to the next page with it.
        """
        first = flowables[0] if flowables else None
        frame = getattr(self, "frame", None)
        if first is not None and frame is not None:
            room = frame._y - frame._y1p
            if type(first) is Spacer and not frame._atTop and first.height > room:
                del flowables[0]
                return
            pending = hasattr(self, "_nextPageTemplateIndex") or getattr(self, "_nextPageTemplateCycle", None)
            if type(first) is PageBreak and self._curPageFlowableCount == 0 and self.page and not pending:
                del flowables[0]
                return
            if (
                getattr(first, "keep_with_next", False)
                and not frame._atTop
                and self._ends_page(flowables, room)
            ):
                self.handle_frameEnd()
                return  # the page ends here; the heading starts the next
        super().handle_flowable(flowables)

    def _ends_page(self, flowables: list[Flowable], room: float) -> bool:
        """Whether the flowables that keep with the next one, at the front, would end this page alone."""
        width = self.frame._getAvailableWidth()
        kept = next((i for i, f in enumerate(flowables) if not getattr(f, "keep_with_next", False)), None)
        if kept is None:
            return False  # nothing follows
        used = 0.0
        for flowable in flowables[:kept]:
            _w, height = flowable.wrapOn(self.canv, width, self.frame._aH)
            used += height + flowable.getSpaceBefore() + flowable.getSpaceAfter()
        following = flowables[kept]
        if isinstance(following, (ActionFlowable, PageBreak, CondPageBreak)):
            return False
        left = room - used - following.getSpaceBefore()
        if left <= 0:
            return True
        _w, height = following.wrapOn(self.canv, width, left)
        if height <= left:
            return False
        pieces = following.splitOn(self.canv, width, left)
        return not pieces or isinstance(pieces[0], (ActionFlowable, PageBreak, CondPageBreak, Spacer))

    def beforeDocument(self) -> None:
        """Reset the bookmark counter at the start of each pass."""
        self._outline_level = -1
        self._bookmarks = 0
        self._toc_placed = 0

    def afterFlowable(self, flowable: Flowable) -> None:
        """Turn each Heading into a bookmark (levels never skip) and a contents entry."""
        if not getattr(flowable, "outline_text", None):
            return
        level = min(flowable.outline_level, self._outline_level + 1)
        self._outline_level = level
        self._bookmarks += 1
        key = f"h{self._bookmarks}"
        if flowable.toc and self._contents:  # the key the Contents entry already links to
            key = self._toc_keys[self._toc_placed]
            self._toc_placed += 1
            for contents in self._contents:
                contents.pages[key] = self.page
        self.canv.bookmarkPage(key)
        self.canv.addOutlineEntry(flowable.outline_text, key, level=level, closed=level > 0)
        if flowable.toc:
            self.notify("TOCEntry", (0, escape(flowable.outline_text), self.page, key))

    def draw_footer(self, canvas: Canvas, number: int, total: int) -> None:
        """Draw the workshop title on the left and "Page N of M" on the right."""
        styles, page = self.styles, self.geometry
        words = styles.words
        size = styles.small_size
        y = 0.55 * inch
        canvas.saveState()
        canvas.setStrokeColor(tint(styles.colours.muted, 0.35))
        canvas.setLineWidth(0.5)
        canvas.line(page.left, y + size * 1.5, page.width - page.right, y + size * 1.5)
        canvas.setFillColor(hex_colour(styles.colours.muted))
        canvas.setFont(styles.fonts.regular, size)
        right = pdf_spaces(words._("Page {number} of {total}").format(number=number, total=total))
        room = page.frame_width - pdfmetrics.stringWidth(right, styles.fonts.regular, size) - size * 2
        left = f"{self.footer_left} · {self.label}"
        if pdfmetrics.stringWidth(left, styles.fonts.regular, size) > room:
            left = self.footer_left
            while left and pdfmetrics.stringWidth(left + "…", styles.fonts.regular, size) > room:
                left = left[:-1]
            if left != self.footer_left:
                left = left.rstrip() + "…"
        draw_line(canvas, page.left, y, left, styles.fonts.regular, size)
        draw_line(canvas, page.width - page.right, y, right, styles.fonts.regular, size, align="right")
        canvas.restoreState()

    def render(self, story: list[Flowable], *, passes: bool = False) -> bytes:
        """Lay out `story` and return the PDF bytes.

        `Contents` in the story list every `Heading` with `toc`, in one pass.
        With `passes`, reportlab's own TableOfContents works too, laying the
        story out again until its page numbers settle.
        """

        def maker(*args: Any, **kwargs: Any) -> FooterCanvas:
            canvas = FooterCanvas(*args, footer=self.draw_footer, **kwargs)
            canvas._doc._timeStamp = self.time_stamp  # the dates in the document's information
            return canvas

        self._contents = [f for f in story if isinstance(f, Contents)]
        if self._contents:
            texts = [heading.outline_text for heading in toc_headings(story)]
            for contents in self._contents:
                self._toc_keys = contents.set_entries(texts)
        if passes:
            self.multiBuild(story, canvasmaker=maker)
        else:
            self.build(story, canvasmaker=maker)
        if self._contents and self._toc_placed != len(self._toc_keys):
            raise RuntimeError("a contents entry was never placed: keep Headings with toc out of tables")
        return self.filename.getvalue()


def time_stamp(plan: Plan) -> TimeStamp:
    """Return the time a PDF records as made: `SOURCE_DATE_EPOCH` if set, else the workshop's date.

    The workshop's date is taken at midnight UTC, as the deck does, so that
    every build of the same file records the same time.
    """
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        seconds = int(epoch)
    else:
        day = plan.workshop.date
        seconds = calendar.timegm((day.year, day.month, day.day, 0, 0, 0))
    stamp = TimeStamp(invariant=1)  # UTC, no offset; its time is set below
    stamp.t = seconds
    stamp.lt = time.gmtime(seconds)
    stamp.YMDhms = tuple(stamp.lt)[:6]
    return stamp


def hide_footer(canvas: Canvas, doc: BaseDocTemplate) -> None:
    """Page callback: leave this page without a footer (e.g. a name tent)."""
    canvas.show_footer = False


def new_buffer() -> io.BytesIO:
    """Return an empty buffer for a Document to write into."""
    return io.BytesIO()
