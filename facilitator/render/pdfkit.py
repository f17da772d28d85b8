"""Shared reportlab setup for the printed documents: fonts, styles, pages, outline, metadata, markup.

The handout, the printables and the guide's PDF all build on this module, so
they share one look: the theme's print font family (registered so `<b>` and
`<i>` really change face), calm paragraph styles with a large-print variant,
a footer "Page N of M" beside the workshop title, PDF bookmarks from headings,
document metadata, and byte-identical output from one build to the next. Every
word they add comes from the workshop's language (`Styles.words`).

Paper size: the workshop's `paper` wins. Otherwise the language tag's region
decides: regions that use US Letter (US, CA, MX, PH and several Central and
South American countries) get letter, any other region gets A4; a tag with no
region gets letter for `en` (the schema's default, and the ready workshops are
Canadian) and A4 for every other language.
"""

from __future__ import annotations

import calendar
import io
import os
import time
from ast import literal_eval
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A4, LETTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import inch
from reportlab.lib.utils import TimeStamp
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    BaseDocTemplate,
    CondPageBreak,
    Flowable,
    Frame,
    KeepTogether,
    ListFlowable,
    ListItem,
    PageBreak,
    PageTemplate,
    Spacer,
    TableStyle,
    tableofcontents,
)
from reportlab.platypus import Table as ReportlabTable
from reportlab.platypus.doctemplate import ActionFlowable
from reportlab.platypus.tableofcontents import TableOfContents, drawPageNumbers

from facilitator.planning.plan import Plan
from facilitator.render.pdf_bidi import BidiParagraph, draw_line
from facilitator.text.bidi import has_rtl
from facilitator.text.fonts import register_ttf
from facilitator.text.glyphs import drawable, font_cmap
from facilitator.text.i18n import N_, Words
from facilitator.text.markup import parse_inline
from facilitator.text.typography import pdf_spaces

PAPER_SIZES = {"a4": A4, "letter": LETTER}
LETTER_REGIONS = frozenset(
    {"US", "CA", "MX", "PH", "CL", "CO", "VE", "CR", "GT", "PA", "SV", "DO", "PR", "NI"}
)
LARGE_PRINT_BODY = 18.0
# Paragraph styles that never end a page: the next flowable (its first lines at least) comes with them.
KEEP_WITH_NEXT_STYLES = frozenset({"title", "h1", "h2", "h3", "eyebrow"})
PRODUCER = "facilitator"
PAPER_NAMES = {"a4": N_("A4"), "letter": N_("letter")}


def paper_name(plan: Plan, override: str | None = None) -> str:
    """Return `a4` or `letter`: the override, the workshop's `paper`, or the language's region."""
    if override:
        if override not in PAPER_SIZES:
            raise ValueError(f"paper must be one of {', '.join(PAPER_SIZES)}, not '{override}'")
        return override
    if plan.workshop.paper:
        return plan.workshop.paper
    parts = plan.workshop.language.split("-")
    regions = [p.upper() for p in parts[1:] if len(p) == 2 or (len(p) == 3 and p.isdigit())]
    if regions:
        return "letter" if regions[0] in LETTER_REGIONS else "a4"
    return "letter" if parts[0] == "en" else "a4"


# ---------------------------------------------------------------------------
# Fonts


@dataclass(frozen=True)
class Fonts:
    """The registered print font family: reportlab names of its four faces, and its character map."""

    family: str
    regular: str
    bold: str
    italic: str
    bold_italic: str
    cmap: frozenset[int]
    italic_cmap: frozenset[int] = frozenset()  # what the italic faces draw (DejaVu's has no Arabic)

    def upright_only(self, text: str) -> bool:
        """Return True when the italic face lacks a letter of `text` that the upright face has."""
        return any(ord(c) in self.cmap and ord(c) not in self.italic_cmap for c in text if not c.isspace())

    def clean(self, text: str) -> str:
        """Return `text` without characters the font cannot draw (they are warned about beforehand)."""
        return drawable(pdf_spaces(text), self.cmap)


_registered: dict[tuple[str, ...], Fonts] = {}


def register_fonts(plan: Plan) -> Fonts:
    """Register the theme's print font family with reportlab (once) and return its names."""
    family = plan.theme.fonts.print
    paths = (family.regular, family.bold, family.italic, family.bold_italic)
    key = tuple(str(p) for p in paths)
    if key not in _registered:
        taken = set(pdfmetrics.getRegisteredFontNames())
        names = []
        for path in paths:
            name = Path(path).stem.replace(" ", "")
            n = 1
            while name in taken:
                n += 1
                name = f"{Path(path).stem.replace(' ', '')}-{n}"
            register_ttf(name, path)  # read when a document first uses the face
            taken.add(name)
            names.append(name)
        alias = f"{names[0]}-family"
        pdfmetrics.registerFontFamily(
            alias, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
        )
        # Paragraph markup resolves <b>/<i> from the face actually in use, so map each face too.
        for name in names:
            pdfmetrics.registerFontFamily(
                name, normal=names[0], bold=names[1], italic=names[2], boldItalic=names[3]
            )
        cmap = font_cmap(Path(family.regular))
        italic = font_cmap(Path(family.italic)) & font_cmap(Path(family.bold_italic))
        _registered[key] = Fonts(family.name, *names, cmap=cmap, italic_cmap=italic)
    return _registered[key]


# ---------------------------------------------------------------------------
# Colours and styles


def hex_colour(value: str) -> colors.Color:
    """Return a reportlab colour for `#RRGGBB`."""
    return colors.HexColor(value)


def tint(value: str, amount: float) -> colors.Color:
    """Return `value` mixed with white: `amount` 0 is white, 1 the colour itself."""
    c = colors.HexColor(value)
    return colors.Color(1 - (1 - c.red) * amount, 1 - (1 - c.green) * amount, 1 - (1 - c.blue) * amount)


@dataclass(frozen=True)
class Styles:
    """Paragraph styles and spacing for one document, normal or large print."""

    large: bool
    body_size: float
    small_size: float
    gap: float  # vertical unit between blocks
    line_gap: float  # distance between ruled writing lines
    title: ParagraphStyle
    subtitle: ParagraphStyle
    h1: ParagraphStyle
    h2: ParagraphStyle
    h3: ParagraphStyle
    eyebrow: ParagraphStyle
    body: ParagraphStyle
    lead: ParagraphStyle
    bullet: ParagraphStyle
    numbered: ParagraphStyle
    small: ParagraphStyle
    muted: ParagraphStyle
    cell: ParagraphStyle
    cell_bold: ParagraphStyle
    toc: ParagraphStyle
    centred: ParagraphStyle
    colours: Any
    fonts: Fonts
    words: Words


def make_styles(plan: Plan, fonts: Fonts, *, large_print: bool = False) -> Styles:
    """Return the paragraph styles for `plan`'s theme; large print sets every text to 18 pt or more."""
    c = plan.theme.colours
    body = max(LARGE_PRINT_BODY, plan.theme.sizes.print_body) if large_print else plan.theme.sizes.print_body
    small = body if large_print else max(8.0, round(body * 0.86, 1))
    lead_factor = 1.5 if large_print else 1.45
    text, heading, muted = hex_colour(c.text), hex_colour(c.heading), hex_colour(c.muted)

    def style(name: str, size: float, *, font: str = fonts.regular, colour: Any = text, **kw: Any):
        kw.setdefault("leading", round(size * lead_factor, 1))
        kw.setdefault("allowWidows", 0)  # a paragraph never leaves its last line alone on a page
        kw.setdefault("bulletFontName", fonts.bold)
        kw.setdefault("bulletFontSize", size)
        return ParagraphStyle(name, fontName=font, fontSize=size, textColor=colour, **kw)

    gap = body * (0.9 if large_print else 0.8)
    return Styles(
        large=large_print,
        body_size=body,
        small_size=small,
        gap=gap,
        line_gap=body * (2.3 if large_print else 2.6),
        title=style("title", body * 2.6, font=fonts.bold, colour=heading, leading=body * 3.1, spaceAfter=gap),
        subtitle=style("subtitle", body * 1.5, colour=muted, leading=body * 2.0, spaceAfter=gap * 1.5),
        h1=style(
            "h1",
            body * 1.9,
            font=fonts.bold,
            colour=heading,
            leading=body * 2.35,
            spaceBefore=gap * 0.5,
            spaceAfter=gap * 0.9,
        ),
        h2=style(
            "h2",
            body * 1.35,
            font=fonts.bold,
            colour=heading,
            leading=body * 1.8,
            spaceBefore=gap * 1.4,
            spaceAfter=gap * 0.5,
        ),
        h3=style("h3", body * 1.08, font=fonts.bold, colour=heading, spaceBefore=gap, spaceAfter=gap * 0.3),
        eyebrow=style("eyebrow", small, font=fonts.bold, colour=hex_colour(c.accent), spaceAfter=2),
        body=style("body", body, spaceAfter=gap * 0.6),
        lead=style("lead", body * 1.12, colour=text, spaceAfter=gap),
        bullet=style("bullet", body, leftIndent=body * 1.5, bulletIndent=body * 0.3, spaceAfter=gap * 0.45),
        numbered=style("numbered", body, leftIndent=body * 1.8, bulletIndent=0, spaceAfter=gap * 0.45),
        small=style("small", small, spaceAfter=gap * 0.3),
        muted=style("muted", small, colour=muted, spaceAfter=gap * 0.3),
        cell=style("cell", small, leading=round(small * 1.3, 1)),
        cell_bold=style("cell_bold", small, font=fonts.bold, leading=round(small * 1.3, 1)),
        toc=style("toc", body, leading=body * 1.9),
        centred=style("centred", body, alignment=TA_CENTER),
        colours=c,
        fonts=fonts,
        words=plan.words,
    )


# ---------------------------------------------------------------------------
# Inline markup


def _attr(value: str) -> str:
    return escape(value, {'"': "&quot;"})


def markup(text: str, styles: Styles, *, show_urls: bool = True) -> str:
    """Return inline Markdown `text` as escaped reportlab paragraph markup.

    Bold and italic become `<b>`/`<i>`; only http, https and mailto links
    become links (underlined, in the accent colour). On paper a link is useless
    without its address, so with `show_urls` the address follows the link text.
    """
    fonts = styles.fonts
    accent = styles.colours.accent
    out = []
    for run in parse_inline(text):
        piece = escape(fonts.clean(run.text))
        if not piece:
            continue
        if run.italic and not fonts.upright_only(run.text):  # Arabic has no italic: keep it upright
            piece = f"<i>{piece}</i>"
        if run.bold:
            piece = f"<b>{piece}</b>"
        if run.href:
            piece = f'<a href="{_attr(run.href)}" color="{accent}"><u>{piece}</u></a>'
            shown = run.href.removeprefix("mailto:")
            if show_urls and shown.rstrip("/") not in run.text:
                piece += f" ({escape(fonts.clean(shown))})"
        out.append(piece)
    return "".join(out)


def plain(text: str, styles: Styles) -> str:
    """Return `text` as escaped paragraph markup with no inline Markdown (for literal text)."""
    return escape(styles.fonts.clean(text))


def strong(text: str, styles: Styles) -> str:
    """Return literal `text` as bold paragraph markup (a label from the catalogue, say)."""
    return f"<b>{plain(text, styles)}</b>"


def link(url: str, styles: Styles, label: str | None = None) -> str:
    """Return markup for a working link to an http, https or mailto `url`, showing `label` or the url."""
    shown = escape(styles.fonts.clean(label or url.removeprefix("mailto:")))
    return f'<a href="{_attr(url)}" color="{styles.colours.accent}"><u>{shown}</u></a>'


class Paragraph(BidiParagraph):
    """The PDFs' paragraph: right-to-left text shaped and in order (`BidiParagraph`), no-break spaces whole.

    reportlab breaks lines at U+202F, so narrow no-break spaces are drawn as U+00A0.

    A paragraph in a heading or eyebrow style keeps with what follows it (see `Document`).
    """

    def __init__(self, text: Any, style: ParagraphStyle | None = None, *args: Any, **kwargs: Any):
        super().__init__(pdf_spaces(text) if isinstance(text, str) else text, style, *args, **kwargs)

    @property
    def keep_with_next(self) -> bool:
        """Whether the paragraph must not end a page: a heading or an eyebrow above one."""
        return getattr(self.style, "name", "") in KEEP_WITH_NEXT_STYLES


def para(text: str, style: ParagraphStyle, styles: Styles, **kw: Any) -> Paragraph:
    """Return a Paragraph of inline Markdown `text`."""
    return Paragraph(markup(text, styles), style, **kw)


class Heading(Paragraph):
    """A heading paragraph that becomes a PDF bookmark (and, with `toc`, a contents entry)."""

    def __init__(
        self,
        text: str | None,
        style: ParagraphStyle,
        styles: Styles | None = None,
        level: int = 0,
        toc: bool = False,
        **kwargs: Any,
    ):
        if styles is None:  # a piece of a heading too tall for the page (see `split`)
            super().__init__(text, style, **kwargs)
            self.outline_text, self.outline_level, self.toc = None, level, False
            return
        super().__init__(markup(text or "", styles, show_urls=False), style)
        self.outline_text = styles.fonts.clean("".join(r.text for r in parse_inline(text or ""))).strip()
        self.outline_level = level
        self.toc = toc

    def split(self, availWidth: float, availHeight: float) -> list[Flowable]:
        """Split as a Paragraph does; the first piece keeps the bookmark and contents entry."""
        pieces = super().split(availWidth, availHeight)
        if pieces:
            pieces[0].outline_text = self.outline_text
            pieces[0].outline_level = self.outline_level
            pieces[0].toc = self.toc
        return pieces


class Bookmark(Flowable):
    """An invisible mark that adds a PDF bookmark where it stands (for pages without a heading)."""

    def __init__(self, text: str, level: int = 0, toc: bool = False):
        super().__init__()
        self.outline_text = text
        self.outline_level = level
        self.toc = toc

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Take no space."""
        return 0, 0

    def draw(self) -> None:
        """Draw nothing."""


# ---------------------------------------------------------------------------
# Flowables


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
    box = Table([[flowables]], colWidths=["100%"])
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


def _toc_headings(flowables: Iterable[Flowable]) -> Iterable[Flowable]:
    """Yield, in drawing order, the flowables of a story that are contents entries."""
    for flowable in flowables:
        if isinstance(flowable, KeepTogether):
            yield from _toc_headings(flowable._content)
        elif getattr(flowable, "toc", False) and getattr(flowable, "outline_text", None):
            yield flowable


# ---------------------------------------------------------------------------
# Pages, footer, outline, metadata


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
            texts = [heading.outline_text for heading in _toc_headings(story)]
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


def table_style(styles: Styles, *, header: bool = True, zebra: bool = True) -> TableStyle:
    """Return a light, readable table style: header rule, soft row bands, generous padding."""
    c = styles.colours
    pad = styles.small_size * 0.55
    commands: list[tuple] = [
        ("FONTNAME", (0, 0), (-1, -1), styles.fonts.regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), pad),
        ("RIGHTPADDING", (0, 0), (-1, -1), pad),
        ("TOPPADDING", (0, 0), (-1, -1), pad),
        ("BOTTOMPADDING", (0, 0), (-1, -1), pad),
        ("LINEBELOW", (0, -1), (-1, -1), 0.6, tint(c.muted, 0.4)),
    ]
    if header:
        commands += [
            ("LINEBELOW", (0, 0), (-1, 0), 1.2, hex_colour(c.heading)),
            ("FONTNAME", (0, 0), (-1, 0), styles.fonts.bold),
        ]
    if zebra:
        commands.append(("ROWBACKGROUNDS", (0, 1 if header else 0), (-1, -1), [None, tint(c.accent, 0.05)]))
    return TableStyle(commands)


def date_text(plan: Plan) -> str:
    """Return the workshop's date and times as people read it: `Thursday, March 11, 2027, 10:00–11:00`."""
    words = plan.words
    return words._("{date}, {times}").format(date=words.date(plan.workshop.date), times=plan.times)


def paper_label(paper: str, words: Words) -> str:
    """Return a paper size's name in the workshop's language (`letter`, `lettre`)."""
    return words._(PAPER_NAMES[paper])
