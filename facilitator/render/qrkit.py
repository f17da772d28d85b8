"""QR codes for web addresses, made with segno: the module matrix, and a crisp PNG for slides.

A code is segno's module matrix, drawn with the four-module quiet zone the
standard asks for: in a PDF as filled rectangles (`facilitator.render.pdfqr`),
so it stays sharp at any zoom and on any printer; on a slide as a PNG with
whole pixels per module, which presentation programs scale without blurring
the edges. The address is always printed under the code by the caller, for
people without a phone or a reader.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from functools import lru_cache

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
