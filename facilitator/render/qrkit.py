"""QR codes for web addresses, made with segno: as vector shapes in the PDFs, as a crisp PNG for slides.

A code is segno's module matrix, drawn with the four-module quiet zone the
standard asks for: in a PDF as filled rectangles (one per run of dark modules
in a row), so it stays sharp at any zoom and on any printer; on a slide as a
PNG with whole pixels per module, which presentation programs scale without
blurring the edges. The address is always printed under the code by the
caller, for people without a phone or a reader.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import lru_cache

from reportlab.lib.colors import Color, black, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from facilitator.render.pdfkit import Paragraph, Styles, link
from facilitator.workshop.schema import MAX_QR_URL

QUIET_ZONE = 4  # modules of white around a code, as ISO/IEC 18004 asks
MIN_MODULE_POINTS = 1.5  # about 0.53 mm: below this, phone cameras start to miss printed codes


@lru_cache(maxsize=128)
def matrix(url: str) -> tuple[tuple[bool, ...], ...] | None:
    """Return the QR code of `url` as rows of modules (True for dark), without the quiet zone.

    None for an address longer than `MAX_QR_URL` characters: its code would be too
    dense to scan from paper, so the address is printed alone. Error correction M
    (15 % of the code may be smudged or folded); segno picks the smallest version
    and, as the standard says, the mask, so the same address always gives the same code.
    """
    if len(url) > MAX_QR_URL:
        return None
    import segno  # only when a document has a code to draw

    code = segno.make_qr(url, error="m", boost_error=False)
    return tuple(tuple(bool(module) for module in row) for row in code.matrix)


def dark_runs(rows: tuple[tuple[bool, ...], ...]) -> Iterator[tuple[int, int, int]]:
    """Yield (row, first column, length) for each run of dark modules, row by row."""
    for y, row in enumerate(rows):
        x = 0
        while x < len(row):
            if row[x]:
                start = x
                while x < len(row) and row[x]:
                    x += 1
                yield y, start, x - start
            else:
                x += 1


class QRCode(Flowable):
    """A QR code as vector rectangles, `size` points square including its quiet zone."""

    hAlign = "CENTER"

    def __init__(self, url: str, size: float, colour: Color = black) -> None:
        super().__init__()
        rows = matrix(url)
        if rows is None:
            raise ValueError(f"no QR code for an address over {MAX_QR_URL} characters")
        self.url = url
        self.rows = rows
        self.size = size
        self.colour = colour
        self.width = self.height = size

    @property
    def module(self) -> float:
        """Return the side of one module, in points."""
        return self.size / (len(self.rows) + 2 * QUIET_ZONE)

    def wrap(self, available_width: float, available_height: float) -> tuple[float, float]:
        """Return the code's size: it never shrinks, so that it always scans."""
        return self.size, self.size

    def draw(self) -> None:
        """Draw the white quiet zone and every dark run, top row first (PDF y grows upward)."""
        canvas, unit, count = self.canv, self.module, len(self.rows)
        canvas.saveState()
        canvas.setFillColor(white)
        canvas.rect(0, 0, self.size, self.size, stroke=0, fill=1)
        canvas.setFillColor(self.colour)
        path = canvas.beginPath()
        for y, x, length in dark_runs(self.rows):
            top = (QUIET_ZONE + count - y) * unit
            path.rect((QUIET_ZONE + x) * unit, top - unit, length * unit, unit)
        canvas.drawPath(path, stroke=0, fill=1)
        canvas.restoreState()


CODE_POINTS = 72  # an inch: the printed side of a code, quiet zone included (larger in large print)


def code_size(url: str, styles: Styles) -> float:
    """Return the printed side of `url`'s code: an inch (1.5 in large print), more for a dense code."""
    return max(CODE_POINTS * (1.5 if styles.large else 1), smallest_size(url))


def with_code(text: list[Flowable], url: str, styles: Styles, width: float) -> Flowable:
    """Return `text` beside the QR code of `url`, the address printed (as a link) under the code.

    An address too long for a code (see `matrix`) is printed under the text alone.
    """
    address = Paragraph(link(url, styles), ParagraphStyle("qr-address", styles.small, alignment=TA_CENTER))
    if matrix(url) is None:
        return Table([[[*text, address]]], colWidths=[width], style=_CELLS)
    size = code_size(url, styles)
    column = max(size * 1.7, 2 * CODE_POINTS)  # room for most addresses on one line under the code
    table = Table([[text, [QRCode(url, size), address]]], colWidths=[width - column, column], style=_CELLS)
    return table


_CELLS = TableStyle(
    [
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
        ("RIGHTPADDING", (0, 0), (-1, -1), 0),
        ("TOPPADDING", (0, 0), (-1, -1), 0),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ("LEFTPADDING", (1, 0), (1, 0), 8),
    ]
)


def png(url: str, module_pixels: int = 12) -> bytes:
    """Return the QR code of `url` as a black-on-white PNG, `module_pixels` pixels per module.

    The picture is made without metadata or dates, so it is the same bytes every time.
    """
    from PIL import Image

    rows = matrix(url)
    if rows is None:
        raise ValueError(f"no QR code for an address over {MAX_QR_URL} characters")
    side = len(rows) + 2 * QUIET_ZONE
    image = Image.new("1", (side, side), 1)
    for y, x, length in dark_runs(rows):
        for column in range(x, x + length):
            image.putpixel((QUIET_ZONE + column, QUIET_ZONE + y), 0)
    image = image.resize((side * module_pixels, side * module_pixels), Image.NEAREST)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


def smallest_size(url: str) -> float:
    """Return the side (points, quiet zone included) below which `url`'s printed code gets hard to scan."""
    rows = matrix(url)
    return (len(rows) + 2 * QUIET_ZONE) * MIN_MODULE_POINTS if rows else 0.0
