"""The PDF painter: draws a slide of the model on a reportlab canvas, as vector graphics at any scale.

`SlidePainter(deck, plan).draw(canvas, slide, x, top, width)` draws one slide
with its top-left corner at (`x`, `top`) in page points (reportlab's y grows
upwards) and `width` points wide: the layout's background and its pictures
and shapes (rectangles, rounded rectangles, flowchart boxes and ellipses by
their fill colour, pictures from the template; other shapes are left out), the slide's own
background, rules and pictures, then every line of text where the model
measured it, in the slide font's own faces (the same TrueType files the deck
was measured with), colours and sizes, with bullets, numbers and the agenda's
clock times in the indent. A character the slide font lacks is drawn from the
print font when it has it. Everything is clipped to the slide's frame, and a
thin frame is drawn round it, so a slide on paper looks like the slide on screen.
"""

from __future__ import annotations

import io
import zipfile
from functools import lru_cache
from pathlib import Path

from reportlab.lib import colors
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase.pdfmetrics import getFont, stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable

from facilitator.planning.plan import Plan
from facilitator.render.pdf_bidi import draw_line
from facilitator.render.pdfkit import register_fonts
from facilitator.render.slides.model import Box, Deck, Graphic, Line, Paragraph, Slide, Span, TextFrame
from facilitator.render.slides.specs import slide_fonts
from facilitator.text.bidi import has_rtl, starts_rtl
from facilitator.workshop.assets import clean_image
from facilitator.workshop.template import paper_picture_problem

FRAME_COLOUR = "#9AA5B1"  # the hairline round a slide on paper
RECTANGLES = {
    "rect",
    "roundRect",
    "snip1Rect",
    "snip2SameRect",
    "round1Rect",
    "round2SameRect",
    "flowChartProcess",
}


class SlidePainter:
    """Draws slides of one deck: its fonts registered, its template's pictures read once."""

    def __init__(self, deck: Deck, plan: Plan) -> None:
        """Keep the deck, its slide font's faces and the print font to fall back on."""
        self.deck = deck
        self.fonts = slide_fonts(plan)
        self.fallback = register_fonts(plan)
        for bold in (False, True):  # the faces are read when first measured: read them now
            for italic in (False, True):
                self.fonts.width("x", 1, bold, italic)
        self.glyphs = {
            style: getFont(self.fonts.font_name(*style)).face.charToGlyph
            for style in ((False, False), (True, False), (False, True), (True, True))
        }
        self.ascent = _ascent(self.fonts.font_name())

    def draw(self, canvas: Canvas, slide: Slide, x: float, top: float, width: float) -> float:
        """Draw `slide` with its top-left corner at (`x`, `top`), `width` points wide; return its height."""
        scale = width / self.deck.width
        height = self.deck.height * scale
        canvas.saveState()
        clip = canvas.beginPath()
        clip.rect(x, top - height, width, height)
        canvas.clipPath(clip, stroke=0, fill=0)
        page = _Page(canvas, x, top, scale)
        layout = self.deck.layouts[slide.layout]
        # A slide's own background replaces its layout's, under the template's pictures and shapes
        # (as in every presentation program): Vintage's parchment stays on its title slide.
        page.fill(
            Box(0, 0, self.deck.width, self.deck.height),
            slide.background or layout.background or self.deck.master_background or "FFFFFF",
        )
        for graphic in layout.graphics:
            self._graphic(page, graphic)
        for rect in slide.rects:
            page.fill(rect.box, rect.colour)
        for picture in slide.pictures:
            if picture.qr:
                page.qr(picture.qr, picture.box)
            elif picture.path is not None:
                page.image(_logo(picture.path), picture.box)
        for frame in slide.frames:
            self._frame(page, frame)
        canvas.restoreState()
        canvas.saveState()
        canvas.setStrokeColor(colors.HexColor(FRAME_COLOUR))
        canvas.setLineWidth(0.5)
        canvas.rect(x, top - height, width, height, stroke=1, fill=0)
        canvas.restoreState()
        return height

    def _graphic(self, page: _Page, graphic: Graphic) -> None:
        if graphic.image:
            image = _template_image(self.deck.template, graphic.image)
            if image is not None:
                page.image(image, graphic.box)
            return
        if graphic.fill is None:
            return
        if graphic.shape in RECTANGLES or graphic.shape.startswith("flowChart"):  # boxes, near enough
            page.fill(graphic.box, graphic.fill)
        elif graphic.shape == "ellipse":
            page.fill(graphic.box, graphic.fill, ellipse=True)

    def _frame(self, page: _Page, frame: TextFrame) -> None:
        inner = frame.inner
        room = inner.height - frame.text_height
        offset = {"ctr": room / 2, "b": room}.get(frame.anchor, 0.0)
        for paragraph in frame.paragraphs:
            # A paragraph that reads from the right (PowerPoint's rtl="1") hangs its marker on the right.
            rtl = starts_rtl(paragraph.text) and (
                paragraph.marker is None or paragraph.marker.kind != "prefix"
            )
            for n, line in enumerate(paragraph.lines):
                baseline = inner.top + offset + line.top + paragraph.size * self.ascent
                if n == 0 and paragraph.marker is not None:
                    marker = paragraph.marker
                    span = Span(marker.text, marker.colour, bold=marker.bold)
                    width = stringWidth(marker.text, self.fonts.font_name(marker.bold), paragraph.size)
                    self._spans(
                        page, (span,), paragraph, inner.right - width if rtl else inner.left, baseline
                    )
                if any(has_rtl(span.text) for span in line.spans):
                    self._rtl_line(page, line, paragraph, inner, baseline, rtl)
                else:
                    self._spans(page, line.spans, paragraph, inner.left + line.x, baseline)

    def _spans(
        self, page: _Page, spans: tuple[Span, ...], paragraph: Paragraph, x: float, baseline: float
    ) -> None:
        size = paragraph.size
        for span in spans:
            for text, font in self._pieces(span):
                advance = stringWidth(text, font, size)
                page.text(text, font, size, span.colour, x, baseline)
                if span.href:
                    page.underline(x, baseline + size * 0.12, advance, size * 0.06, span.colour)
                    page.link(span.href, Box(x, baseline - size * self.ascent, advance, size * 1.2))
                x += advance

    def _rtl_line(
        self, page: _Page, line: Line, paragraph: Paragraph, inner: Box, baseline: float, rtl: bool
    ) -> None:
        """Draw a line holding right-to-left text in reading order, shaped, in the print font, one colour.

        The slide font rarely has Arabic or Hebrew letters; the print font does, and
        `draw_line` orders and joins them as the PDFs' own paragraphs do.
        """
        text = "".join(span.text for span in line.spans)
        first = line.spans[0]
        font = self.fallback.bold if first.bold else self.fallback.regular
        x = inner.right - paragraph.indent if rtl else inner.left + line.x
        page.line(text, font, paragraph.size, first.colour, x, baseline, "right" if rtl else "left")

    def _pieces(self, span: Span) -> list[tuple[str, str]]:
        """Return a span cut into pieces, each with the face that draws it (the print font for the rest)."""
        glyphs = self.glyphs[(span.bold, span.italic)]
        main = self.fonts.font_name(span.bold, span.italic)
        spare = {
            (False, False): self.fallback.regular,
            (True, False): self.fallback.bold,
            (False, True): self.fallback.italic,
            (True, True): self.fallback.bold_italic,
        }[(span.bold, span.italic)]
        pieces: list[tuple[str, str]] = []
        for char in span.text:
            if ord(char) in glyphs or char.isspace():
                font = main
            elif ord(char) in self.fallback.cmap:
                font = spare
            else:
                continue  # neither font draws it (warned about when the workshop was checked)
            if pieces and pieces[-1][1] == font:
                pieces[-1] = (pieces[-1][0] + char, font)
            else:
                pieces.append((char, font))
        return pieces


class _Page:
    """Slide points to page points: x to the right from `x`, y down from `top`, times `scale`."""

    def __init__(self, canvas: Canvas, x: float, top: float, scale: float) -> None:
        self.canvas, self.x, self.top, self.scale = canvas, x, top, scale

    def box(self, box: Box) -> tuple[float, float, float, float]:
        """Return a slide box as reportlab's (x, y of its foot, width, height)."""
        s = self.scale
        return self.x + box.left * s, self.top - box.bottom * s, box.width * s, box.height * s

    def fill(self, box: Box, colour: str, *, ellipse: bool = False) -> None:
        """Fill a box (or the ellipse in it) with one colour."""
        x, y, w, h = self.box(box)
        self.canvas.setFillColor(colors.HexColor("#" + colour.lstrip("#")))
        if ellipse:
            self.canvas.ellipse(x, y, x + w, y + h, stroke=0, fill=1)
        else:
            self.canvas.rect(x, y, w, h, stroke=0, fill=1)

    def image(self, image: ImageReader, box: Box) -> None:
        """Draw a picture stretched to its box, as the slide shows it."""
        x, y, w, h = self.box(box)
        self.canvas.drawImage(image, x, y, w, h, mask="auto")

    def qr(self, url: str, box: Box) -> None:
        """Draw a QR code as vector rectangles filling a square box (quiet zone included)."""
        from facilitator.render.pdfqr import QRCode

        x, y, w, h = self.box(box)
        QRCode(url, min(w, h)).drawOn(self.canvas, x, y)

    def text(self, text: str, font: str, size: float, colour: str, x: float, baseline: float) -> None:
        """Draw text at a slide position, its size scaled."""
        s = self.scale
        self.canvas.setFillColor(colors.HexColor("#" + colour.lstrip("#")))
        self.canvas.setFont(font, size * s)
        self.canvas.drawString(self.x + x * s, self.top - baseline * s, text)

    def line(
        self, text: str, font: str, size: float, colour: str, x: float, baseline: float, align: str
    ) -> None:
        """Draw one line of text that may read from the right (see `pdf_bidi.draw_line`)."""
        s = self.scale
        self.canvas.setFillColor(colors.HexColor("#" + colour.lstrip("#")))
        self.canvas.setFont(font, size * s)
        draw_line(self.canvas, self.x + x * s, self.top - baseline * s, text, font, size * s, align=align)

    def underline(self, x: float, y: float, width: float, thickness: float, colour: str) -> None:
        """Draw a link's underline, `y` points below the slide's top."""
        self.fill(Box(x, y, width, thickness), colour)

    def link(self, url: str, box: Box) -> None:
        """Make a slide box a link to `url`."""
        x, y, w, h = self.box(box)
        self.canvas.linkURL(url, (x, y, x + w, y + h), relative=0)


def _ascent(font_name: str) -> float:
    """Return where a line's baseline sits below its top, as a share of the size (line pitch 1.2)."""
    face = getFont(font_name).face
    ascent, descent = face.ascent / 1000, -face.descent / 1000
    return 1.2 * ascent / (ascent + descent) if ascent + descent > 0 else 0.95


def _logo(path: Path) -> ImageReader:
    """Return the logo's pixels, without its metadata (EXIF, GPS, comments), as the deck has them."""
    from PIL import Image

    return ImageReader(Image.open(io.BytesIO(clean_image(path))))


@lru_cache(maxsize=32)
def _template_image(template: Path, part: str) -> ImageReader | None:
    """Return a picture's pixels from the template (no metadata), or None when it cannot be drawn."""
    from PIL import Image

    if paper_picture_problem(template, part):  # `validate` warns about it
        return None
    try:
        with zipfile.ZipFile(template) as archive:
            data = archive.read(part)
        with Image.open(io.BytesIO(data)) as image:
            pixels = image.convert(
                "RGBA" if "A" in image.getbands() or "transparency" in image.info else "RGB"
            )
        return ImageReader(pixels)  # pixels only: reportlab writes them anew, nothing of the file's own
    except (KeyError, OSError, ValueError, zipfile.BadZipFile, Image.DecompressionBombError):
        return None


class SlideFlowable(Flowable):
    """A slide drawn in a platypus story, `width` points wide (the frame's width when narrower)."""

    def __init__(self, painter: SlidePainter, slide: Slide, width: float) -> None:
        super().__init__()
        self.painter, self.slide, self.target = painter, slide, width

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        """Return the slide's size on the page."""
        deck = self.painter.deck
        self.width = min(self.target, avail_width)
        self.height = self.width * deck.height / deck.width
        return self.width, self.height

    def draw(self) -> None:
        """Draw the slide with its top-left corner at the flowable's."""
        self.painter.draw(self.canv, self.slide, 0, self.height, self.width)
