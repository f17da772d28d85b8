"""Check the images and fonts a workshop names before anything is built (templates: `template`).

Workshop files travel between organisations, so a named file may be missing,
mislabelled, enormous or hostile. Each check reads only headers: an image's
size comes from `PIL.Image.open` (which decodes no pixels), a template's
sizes from the zip's central directory (which inflates nothing). The
renderers may then trust every asset they are given.
"""

from __future__ import annotations

import warnings
from pathlib import Path

from facilitator.errors import display_path

# Formats both python-pptx (slides) and reportlab (PDFs) can place.
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
FORMATS_WORDING = "PNG, JPEG or GIF"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 4096 * 4096  # plenty for a logo or a slide picture; ~64 MB decoded as RGBA

MAX_FONT_BYTES = 40 * 1024 * 1024
FONT_TABLES = {b"cmap", b"head", b"hmtx", b"glyf"}  # what measuring and embedding read


def file_size_problem(path: Path, limit: int, what: str) -> str | None:
    """Return why the file at `path` cannot be read (missing, a folder, over `limit` bytes), or None."""
    try:
        if not path.exists():
            return f"{what} {display_path(path)} does not exist"
        if not path.is_file():
            return f"{what} {display_path(path)} is a folder, not a file"
        size = path.stat().st_size
    except OSError as exc:
        return f"cannot read {what} {display_path(path)}: {exc.strerror}"
    if size > limit:
        return (
            f"{what} {display_path(path)} is {size / 1_048_576:.1f} MB; "
            f"it may be at most {limit // 1_048_576} MB"
        )
    return None


def image_problem(path: Path, what: str = "image") -> str | None:
    """Return why the image at `path` cannot be used (missing, not an image, wrong format, huge), or None.

    Only the header is read: `Image.open` is lazy, and the pixel count is
    checked before any decoding.
    """
    problem = file_size_problem(path, MAX_IMAGE_BYTES, what)
    if problem:
        return problem
    if path.suffix.lower() in (".svg", ".svgz"):
        return (
            f"{what} {display_path(path)} is an SVG drawing; slides and PDFs take {FORMATS_WORDING} "
            "images — export it as a PNG"
        )
    from PIL import Image  # imported here so that `validate` of a workshop without images stays light

    # Pillow's own bomb guard would refuse a 20,000 × 20,000 header without saying its size; lift it
    # just for `open`, which reads only the header, and apply our smaller cap before anything decodes.
    guard, Image.MAX_IMAGE_PIXELS = Image.MAX_IMAGE_PIXELS, None
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                kind, (width, height) = image.format, image.size
                if width * height > MAX_IMAGE_PIXELS:
                    return _too_many_pixels(path, what, width, height)
                image.verify()  # checks the structure (chunk CRCs) without decoding the pixels
    except (OSError, SyntaxError, ValueError, Image.UnidentifiedImageError, EOFError):
        return f"{what} {display_path(path)} is not an image that can be read; use a {FORMATS_WORDING} file"
    finally:
        Image.MAX_IMAGE_PIXELS = guard
    if kind not in IMAGE_FORMATS:
        return f"{what} {display_path(path)} is a {kind} image; use a {FORMATS_WORDING} file"
    return None


def _too_many_pixels(path: Path, what: str, width: int, height: int) -> str:
    return (
        f"{what} {display_path(path)} is {width:,} × {height:,} pixels; images may have at most "
        f"{MAX_IMAGE_PIXELS / 1e6:.1f} million pixels (4096 × 4096); scale it down"
    )


def font_problem(path: Path) -> str | None:
    """Return why the font at `path` cannot be used for measuring and embedding, or None.

    Reads the header and table directory only: a TrueType font (the only kind
    reportlab embeds) with the tables that measuring needs.
    """
    problem = file_size_problem(path, MAX_FONT_BYTES, "font")
    if problem:
        return problem
    shown = display_path(path)
    try:
        with path.open("rb") as handle:
            head = handle.read(12)
            tags = set()
            if len(head) == 12:
                count = int.from_bytes(head[4:6], "big")
                directory = handle.read(16 * min(count, 512))
                tags = {directory[i : i + 4] for i in range(0, len(directory) - 15, 16)}
    except OSError as exc:
        return f"cannot read font {shown}: {exc.strerror}"
    kind = head[:4]
    if kind == b"OTTO":
        return f"font {shown} is an OpenType font with PostScript outlines; use its TrueType (.ttf) version"
    if kind == b"ttcf":
        return f"font {shown} is a font collection (.ttc); use a single TrueType (.ttf) font"
    if kind in (b"wOFF", b"wOF2"):
        return f"font {shown} is a web font (WOFF); use its TrueType (.ttf) version"
    if kind not in (b"\x00\x01\x00\x00", b"true") or not FONT_TABLES.issubset(tags):
        return f"font {shown} is not a TrueType font that can be read; use a .ttf file"
    return None
