"""QR codes in the PDFs: vector rectangles beside a block of text, the address printed under the code."""

from __future__ import annotations

from reportlab.lib.colors import Color, black, white
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Table, TableStyle

from facilitator.render.pdfkit import Paragraph, Styles, link
from facilitator.render.qrkit import QUIET_ZONE, dark_runs, matrix, smallest_size
from facilitator.workshop.schema import MAX_QR_URL


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
