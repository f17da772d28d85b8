"""Arabic, Hebrew and other right-to-left text in the PDFs: joined letters, words in reading order.

reportlab shapes text with HarfBuzz (`uharfbuzz`, its `shaping` extra): an
Arabic word comes out joined and laid right to left. It orders the words of a
line with `rlbidi`, a C binding that PyPI does not carry and that reportlab
5.1 skips for paragraphs with more than one style or with shaping on, so a
line of Arabic would print with its words in reverse. `BidiParagraph` keeps
reportlab's line breaking and shaping, and at drawing time puts each line's
words in visual order (`facilitator.text.bidi`), then turns back the digits and
Latin that the shaper reversed inside a right-to-left word. `draw_line` does the
same for one line drawn straight on the canvas (page footers, name tents).

A paragraph without a right-to-left letter is left exactly as reportlab draws
it. A paragraph's direction comes from its first letter (a line of Arabic in an
English handout reads from the right), and decides where the neutral marks and
the runs of other text go; the page itself keeps its left-to-right layout
(alignment, bullets, margins).
"""

from __future__ import annotations

import html
import re
from typing import Any

from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph
from reportlab.platypus import paragraph as reportlab_paragraph

from facilitator.text.bidi import has_rtl, is_neutral, ltr_runs, mirrored, starts_rtl, visual_levels

_TAG = re.compile(r"<[^>]*>")
_shaping_styles: dict[int, ParagraphStyle] = {}


def _shape_word(word: Any, *args: Any, **kwargs: Any) -> Any:
    """Shape a word as reportlab does, keeping its callbacks as (fragment, text) pairs.

    reportlab 5.1's `shapeFragWord` puts a word's callbacks (`<onDraw>`, which the
    contents use to draw their dots) back as bare lists, and its line breaker then
    fails on them; each becomes the pair the breaker expects.
    """
    shaped = _reportlab_shape_word(word, *args, **kwargs)
    if shaped is not word and any(isinstance(part, list) for part in shaped[1:]):
        parts = [shaped[0]]
        for part in shaped[1:]:
            parts += [(frag, "") for frag in part] if isinstance(part, list) else [part]
        shaped[:] = parts
    return shaped


_reportlab_shape_word = reportlab_paragraph.shapeFragWord
reportlab_paragraph.shapeFragWord = _shape_word


def shaping_style(style: ParagraphStyle) -> ParagraphStyle:
    """Return `style` with HarfBuzz shaping on (one copy per style, so paragraphs share it)."""
    key = id(style)
    copy = _shaping_styles.get(key)
    if copy is None or copy.parent is not style:
        copy = ParagraphStyle(f"{style.name}-shaped", parent=style, shaping=1)
        _shaping_styles[key] = copy
    return copy


def plain_of(markup: str) -> str:
    """Return paragraph markup as the text it shows (tags dropped, entities read)."""
    return html.unescape(_TAG.sub("", markup))


class BidiParagraph(Paragraph):
    """A Paragraph whose lines are drawn in visual order when it holds right-to-left text."""

    rtl: bool | None = None  # None: no right-to-left letter, drawn as reportlab draws it

    def __init__(self, text: Any, style: ParagraphStyle | None = None, *args: Any, **kwargs: Any):
        """Prepare `text` as a Paragraph; with a right-to-left letter, shaped and reordered."""
        if isinstance(text, str) and style is not None and has_rtl(text):
            style = shaping_style(style)
            self.rtl = starts_rtl(plain_of(text))
        super().__init__(text, style, *args, **kwargs)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:
        """Wrap as a Paragraph does, breaking the lines again only for another width.

        A paragraph is wrapped two or three times at the same width before it is drawn
        (to see whether a heading's next flowable fits, inside KeepTogether and tables,
        then by the frame), and reportlab's Paragraph breaks its lines anew each time,
        although its lines depend on the width alone. The lines of the last wrap are
        kept while `blPara` is still the one it made (`split` may drop it).
        """
        last = self.__dict__.get("_wrapped")
        if last is not None and last[0] == availWidth and self.__dict__.get("blPara") is last[1]:
            self.width, self.height = last[2], last[3]
            return last[2], last[3]
        width, height = super().wrap(availWidth, availHeight)
        self._wrapped = (availWidth, self.__dict__.get("blPara"), width, height)
        return width, height

    def split(self, availWidth: float, availHeight: float) -> list[Any]:
        """Split as a Paragraph does; each piece keeps the paragraph's direction."""
        pieces = super().split(availWidth, availHeight)
        for piece in pieces:
            if isinstance(piece, BidiParagraph):
                piece.rtl = self.rtl
        return pieces

    def drawPara(self, debug: int = 0) -> Any:
        """Draw the paragraph, each line's words in the order the eye meets them."""
        lines = getattr(self.blPara, "lines", None)
        if self.rtl is None or getattr(self.blPara, "kind", 0) != 1 or not lines:
            return super().drawPara(debug)
        logical = lines
        self.blPara.lines = [_visual_line(line, self.rtl) for line in logical]
        try:
            return super().drawPara(debug)
        finally:
            self.blPara.lines = logical


def _pieces(text: str) -> list[tuple[int, int]]:
    """Return the spans of `text` that are words or runs of spaces, in order."""
    spans = []
    start = 0
    for i in range(1, len(text) + 1):
        if i == len(text) or (text[i] == " ") != (text[start] == " "):
            spans.append((start, i))
            start = i
    return spans


def _visual_line(line: Any, rtl: bool) -> Any:
    """Return a line (reportlab's FragLine) with its words, as fragments, in visual order."""
    tokens: list[tuple[Any, Any, bool]] = []  # (fragment, text or None for an image or anchor, edge)
    for frag in line.words:
        text = getattr(frag, "text", None)
        if hasattr(frag, "cbDefn") or not isinstance(text, str) or not text:
            tokens.append((frag, None, False))
            continue
        for a, b in _pieces(text):
            piece = text[a:b]
            if not piece.isspace() and has_rtl(str(piece)):
                tokens += [(frag, part, edge) for part, edge in _split_edges(piece) if part]
            else:
                tokens.append((frag, piece, False))
    pieces = ["\ufffc" if t is None else str(t) for _f, t, _e in tokens]
    words = []
    for index, level in visual_levels(pieces, rtl):
        frag, text, edge = tokens[index]
        if text is None:
            words.append(frag)
            continue
        if edge and level % 2:
            text = mirrored(text)  # punctuation that belongs to the right-to-left run around it
        elif not edge and not text.isspace() and has_rtl(str(text)):
            text = _unreverse_ltr(text)
        words.append(frag.clone(text=text))
    return line.clone(words=words)


def _split_edges(word: Any) -> list[tuple[Any, bool]]:
    """Return a shaped right-to-left word as its leading punctuation, its letters and trailing punctuation.

    HarfBuzz lays the whole word out right to left, so `(سارة).` comes out as
    `.(ةراس)`: its logical end is on the left. Punctuation at either end takes the
    direction of what is around the word (UAX #9, rules N1 and N2), so it is given
    back in reading order, as a piece of its own, for the line's ordering to place.
    """
    text = str(word)
    left = 0
    while left < len(text) and is_neutral(text[left]):
        left += 1
    right = len(text)
    while right > left and is_neutral(text[right - 1]):
        right -= 1
    if left == right:  # nothing but punctuation
        return [(word, False)]
    leading = mirrored(text[right:])  # drawn at the right end: the word's logical start
    trailing = mirrored(text[:left])  # drawn at the left end: the word's logical end
    return [(leading, True), (word[left:right], False), (trailing, True)]


def _unreverse_ltr(word: Any) -> Any:
    """Return a shaped right-to-left word with the numbers and Latin inside it turned back.

    HarfBuzz lays a right-to-left word out as one run, digits included, so `10`
    in `كلمة10` would read `01`; each such run is reversed again, glyph by glyph
    (a shaped word's slices keep their shaping data).
    """
    runs = ltr_runs(str(word))
    if not runs:
        return word
    out = word[: runs[0][0]]
    for n, (start, end) in enumerate(runs):
        for i in range(end - 1, start - 1, -1):
            out = out + word[i : i + 1]
        following = runs[n + 1][0] if n + 1 < len(runs) else len(word)
        out = out + word[end:following]
    return out


def draw_line(
    canvas: Canvas, x: float, y: float, text: str, font: str, size: float, *, align: str = "left"
) -> float:
    """Draw one line of plain `text` at baseline `y` (x is its left, right or centre); return its width.

    Text without a right-to-left letter is drawn with the canvas's own string
    methods, exactly as before; other text goes through a BidiParagraph.
    """
    if not has_rtl(text):
        draw = {
            "left": canvas.drawString,
            "right": canvas.drawRightString,
            "centre": canvas.drawCentredString,
        }
        draw[align](x, y, text)
        return pdfmetrics.stringWidth(text, font, size)
    style = ParagraphStyle(
        "line",
        fontName=font,
        fontSize=size,
        leading=size * 1.2,
        alignment={"left": TA_LEFT, "right": TA_RIGHT, "centre": TA_CENTER}[align],
        textColor=canvas._fillColorObj,
    )
    paragraph = BidiParagraph(html.escape(text, quote=False), style)
    width = pdfmetrics.stringWidth(text, font, size) + size  # room to spare: shaping only narrows Arabic
    _, height = paragraph.wrap(width, size * 10)
    left = {"left": x, "right": x - width, "centre": x - width / 2}[align]
    # reportlab sets a paragraph's first baseline one font size below its top.
    paragraph.drawOn(canvas, left, y - (height - size))
    return width
