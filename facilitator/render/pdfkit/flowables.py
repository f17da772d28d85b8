"""The building blocks of the printed pages: ruled lines, lists, tables, callouts, the contents.

Each keeps the page rules of `facilitator.render.pdfkit.document`: a list or a table never
leaves one line (or its total) alone on a page, a callout stays with what comes before it.
"""

from __future__ import annotations

from ast import literal_eval
from collections.abc import Iterable
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    CondPageBreak,
    Flowable,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    Spacer,
    TableStyle,
    tableofcontents,
)
from reportlab.platypus import Table as ReportlabTable
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers

from facilitator.render.pdfkit.inline import Paragraph, para
from facilitator.render.pdfkit.styles import Styles, hex_colour, tint
from facilitator.text.bidi import has_rtl


class WritingLines(Flowable):
    """Ruled lines to write on; splits across pages like text does, never leaving a lone line.

    With `fill`, draws as many lines as the rest of the frame holds, but at least `count`.
    """

    MIN_PIECE = 3

    def __init__(self, count: int, gap: float, colour: Any, *, fill: bool = False):
        super().__init__()
        self.count = count
        self.gap = gap
        self.colour = colour
        self.fill = fill
        self.drawn = count

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the space the lines need."""
        self.width = avail_width
        self.drawn = max(self.count, int(avail_height // self.gap)) if self.fill else self.count
        return avail_width, self.drawn * self.gap

    def split(self, avail_width: float, avail_height: float) -> list[Flowable]:
        """Return the lines split into what fits here and the rest (each part at least three lines)."""
        if self.fill:
            return []
        fits = int(avail_height // self.gap)
        if fits < self.MIN_PIECE or self.count - fits < self.MIN_PIECE:
            return []
        return [
            WritingLines(fits, self.gap, self.colour),
            WritingLines(self.count - fits, self.gap, self.colour),
        ]

    def draw(self) -> None:
        """Draw the lines."""
        canvas = self.canv
        canvas.setStrokeColor(self.colour)
        canvas.setLineWidth(0.6)
        for i in range(self.drawn):
            y = (self.drawn - i - 1) * self.gap + 1
            canvas.line(0, y, self.width, y)


class Rule(Flowable):
    """A thin horizontal rule."""

    def __init__(self, colour: Any, width: float = 0.8, space: float = 6, length: float | None = None):
        super().__init__()
        self.colour = colour
        self.line_width = width
        self.space = space
        self.length = length

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the rule's size."""
        self.width = self.length or avail_width
        return self.width, self.space * 2

    def draw(self) -> None:
        """Draw the rule."""
        self.canv.setStrokeColor(self.colour)
        self.canv.setLineWidth(self.line_width)
        self.canv.line(0, self.space, self.width, self.space)


class BulletList(ListFlowable):
    """A bulleted or numbered list that breaks between items, never leaving one item alone.

    A list of four items or more splits with at least two on each side of the page break;
    a shorter one moves to the next page whole. Only an item that cannot fit on a page of
    its own is split inside, as reportlab would.
    """

    ORPHANS = WIDOWS = 2
    MAX_ITEMS_MEASURED = 40  # longer lists split as reportlab splits them

    def __init__(
        self, texts: list[str], style: ParagraphStyle, styles: Styles, *, first: int = 1, **look: Any
    ):
        self.texts, self._style, self._styles, self._first, self._look = texts, style, styles, first, look
        items = [ListItem(para(text, style, styles)) for text in texts]
        start = first if look["bulletType"] == "1" else look["bullet"]
        super().__init__(items, start=start, **{k: v for k, v in look.items() if k != "bullet"})

    def part(self, first: int, last: int) -> BulletList:
        """Return items `first` to `last` (0-based, `last` excluded) as a list that numbers on."""
        texts = self.texts[first:last]
        return BulletList(texts, self._style, self._styles, first=self._first + first, **self._look)

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split between items (two at least on each side); otherwise move to the next page."""
        count = len(self.texts)
        if getattr(self, "_postponed", False) or count > self.MAX_ITEMS_MEASURED:
            return super().split(availWidth, availHeight)  # at the top of a page already: as reportlab does
        fits = 0
        for k in range(1, count):
            _w, height = self.part(0, k).wrapOn(self.canv, availWidth, availHeight)
            if height > availHeight:
                break
            fits = k
        if count < self.ORPHANS + self.WIDOWS or fits < self.ORPHANS:
            return []
        fits = min(fits, count - self.WIDOWS)
        return [self.part(0, fits), self.part(fits, count)]


def bullets(
    texts: Iterable[str],
    styles: Styles,
    *,
    bullet: str = "•",
    indent: int = 0,
    style: ParagraphStyle | None = None,
) -> BulletList:
    """Return a bulleted list of inline Markdown `texts` (with `indent`, nested one level deeper)."""
    return BulletList(
        list(texts),
        style or styles.body,
        styles,
        bulletType="bullet",
        bullet=bullet,
        bulletFontName=styles.fonts.regular,
        bulletFontSize=styles.body_size,
        bulletColor=hex_colour(styles.colours.accent),
        leftIndent=styles.body_size * 1.5 * (indent + 1),
        bulletDedent=styles.body_size * 1.2,
    )


def numbered(texts: Iterable[str], styles: Styles) -> BulletList:
    """Return a numbered list of inline Markdown `texts`."""
    return BulletList(
        list(texts),
        styles.body,
        styles,
        bulletType="1",
        bulletFontName=styles.fonts.bold,
        bulletFontSize=styles.body_size,
        bulletColor=hex_colour(styles.colours.accent),
        leftIndent=styles.body_size * 1.8,
        bulletDedent=styles.body_size * 1.6,
    )


def in_pairs(heading: Flowable, items: list[Flowable]) -> list[Flowable]:
    """Return a heading and its items so that a page breaks only between items, two at least each side.

    Three items or fewer stay together with their heading; a longer run may break after
    the second item and before the last two (a cast of roles, say, is never left half on a page
    with one role alone).
    """
    if len(items) <= 3:
        return [KeepTogether([heading, *items])]
    return [KeepTogether([heading, *items[:2]]), *items[2:-2], KeepTogether(items[-2:])]


def keep_with_last(story: list[Flowable], block: list[Flowable]) -> None:
    """Append `block` to `story` so that it never starts a page alone (a callout, a total, a cue).

    It is kept together with the last item of the list before it, or with the paragraph
    before it; the rest of that list may still break across pages.
    """
    last = story.pop() if story else None
    if isinstance(last, BulletList) and len(last.texts) > 1:
        count = len(last.texts)
        story += [last.part(0, count - 1), KeepTogether([last.part(count - 1, count), *block])]
    elif last is not None and not isinstance(last, (Spacer, PageBreak, CondPageBreak)):
        story.append(KeepTogether([last, *block]))
    else:
        story += [last, *block] if last is not None else block


class Table(ReportlabTable):
    """A table that never leaves a page holding only its header, a row or two, or its total.

    A split keeps at least `orphans` body rows at the foot of the page and at least `widows`
    at the top of the next, besides the `footer` rows (a total) that close the table; where
    that is impossible the whole table moves to the next page. Header rows are `repeatRows`.
    """

    def __init__(
        self, data: Any, *args: Any, widows: int = 2, orphans: int = 2, footer: int = 0, **kwargs: Any
    ):
        super().__init__(data, *args, **kwargs)
        header = self.repeatRows if isinstance(self.repeatRows, int) else len(self.repeatRows)
        body = len(data) - header - footer
        if body > 0:
            keep = [("NOSPLIT", (0, 0), (-1, header + min(orphans, body) - 1))]
            keep.append(("NOSPLIT", (0, len(data) - footer - min(widows, body)), (-1, -1)))
            self.setStyle(TableStyle(keep))


def callout(flowables: list[Flowable], styles: Styles, *, colour: str | None = None) -> Table:
    """Return content in a softly tinted box with an accent bar on the left."""
    accent = colour or styles.colours.accent
    pad = styles.body_size * 0.9
    box = Table([[flowables]], colWidths=["100%"], splitInRow=1)  # a long note continues over pages
    box.setStyle(
        TableStyle(
            [
                ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
                ("BACKGROUND", (0, 0), (-1, -1), tint(accent, 0.08)),
                ("LINEBEFORE", (0, 0), (0, -1), 3, hex_colour(accent)),
                ("LEFTPADDING", (0, 0), (-1, -1), pad),
                ("RIGHTPADDING", (0, 0), (-1, -1), pad),
                ("TOPPADDING", (0, 0), (-1, -1), pad * 0.7),
                ("BOTTOMPADDING", (0, 0), (-1, -1), pad * 0.5),
            ]
        )
    )
    return box


class _ContentsEntry(Paragraph):
    """A contents entry, laid out left to right like the page: its dots and page number follow its title."""

    def __init__(self, text: Any, style: ParagraphStyle | None = None, *args: Any, **kwargs: Any):
        super().__init__(text, style, *args, **kwargs)
        if self.rtl is not None:
            self.rtl = False


class Contents(TableOfContents):
    """A table of contents laid out in a single pass, its page numbers drawn once every page is.

    reportlab's TableOfContents needs two or three full layouts of the document
    (`multiBuild`): one to learn the entries and their pages, more until the
    pages stop moving. Here the entries (every `Heading` with `toc`) are read
    from the story before layout, so the contents take their final size at once;
    each entry's dot leader and page number are drawn after the last page is
    known, into the place in the page that reportlab would have drawn them
    (`FooterCanvas.reserve`), so the page reads and looks as before.
    """

    def __init__(self, style: ParagraphStyle, table_style: TableStyle):
        # Never a lone entry at the foot of a page or the top of the next: two at least, or none.
        kept = TableStyle(
            [*table_style.getCommands(), ("NOSPLIT", (0, 0), (-1, 1)), ("NOSPLIT", (0, -2), (-1, -1))]
        )
        super().__init__(dotsMinLevel=0, tableStyle=kept)
        self.levelStyles = [style]
        self.pages: dict[str, int] = {}  # entry key -> page number, filled by the Document
        self._avail = (0.0, 0.0)

    def isIndexing(self) -> int:
        """Take no part in `multiBuild`: one pass is enough."""
        return 0

    def set_entries(self, texts: list[str]) -> list[str]:
        """Use the (plain) `texts` as the entries, in order; return the key each will link to."""
        keys = [f"c{i}" for i in range(1, len(texts) + 1)]
        # A space keeps a right-to-left title apart from the marker that ends it (where the dots start):
        # reportlab cannot shape a word that holds one.
        self._lastEntries = [
            (0, escape(text) + (" " if has_rtl(text) else ""), 0, key)
            for text, key in zip(texts, keys, strict=True)
        ]
        return keys

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Lay out the entries as reportlab does, with the page numbers left for later."""
        self._avail = (availWidth, availHeight)
        if not self._lastEntries:  # no heading kept a letter the print font can draw: nothing to list
            return (0.0, 0.0)  # (reportlab would draw a "Placeholder for table of contents")
        # reportlab's contents make their own Paragraphs; right-to-left titles need ours (shaped, in order).
        saved, tableofcontents.Paragraph = tableofcontents.Paragraph, _ContentsEntry
        try:
            size = super().wrap(availWidth, availHeight)
        finally:
            tableofcontents.Paragraph = saved
        self.canv.setNamedCB("drawTOCEntryEnd", self._entry_end)
        return size

    def drawOn(self, canvas: Canvas, x: float, y: float, _sW: float = 0) -> None:
        """Draw the entries (nothing when there are none)."""
        if self._lastEntries:
            super().drawOn(canvas, x, y, _sW)

    def _entry_end(self, canvas: Canvas, kind: str, label: str) -> None:
        """Where an entry's text ends: defer its dots and page number until the pages are known."""
        _page, level, key = label.split(",", 2)
        key = literal_eval(key)
        style = self.getLevelStyle(int(level))
        info = canvas._curr_tx_info
        x, y = info["cur_x"], info["cur_y"]
        width, height = self._avail

        def draw(page: Canvas) -> None:
            page._curr_tx_info = {"cur_x": x, "cur_y": y}
            drawPageNumbers(page, style, [(self.pages[key], key)], width, height, " . ")
            del page._curr_tx_info

        canvas.reserve(draw)


def toc_headings(flowables: Iterable[Flowable]) -> Iterable[Flowable]:
    """Yield, in drawing order, the flowables of a story that are contents entries."""
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            yield from toc_headings(flowable._content)
        elif getattr(flowable, "toc", False) and getattr(flowable, "outline_text", None):
            yield flowable
