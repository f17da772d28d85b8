"""Check the images and fonts a workshop names before anything is built (templates: `template`).

Workshop files travel between organisations, so a named file may be missing,
mislabelled, enormous or hostile. Each check bounds its cost before paying it:
an image's size comes from its header (`PIL.Image.open` decodes no pixels) before
its pixels are decoded once, under the pixel cap; a font's table directory and
character map are read, never the whole file, and the code points its ranges
cover are counted, never listed; a template's sizes come from the zip's central
directory (which inflates nothing). The renderers may then trust every asset
they are given.
"""

from __future__ import annotations

import struct
import warnings
import zlib
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from facilitator.errors import display_path, short

# Formats both python-pptx (slides) and reportlab (PDFs) can place.
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
FORMATS_WORDING = "PNG, JPEG or GIF"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 4096 * 4096  # plenty for a logo or a slide picture; ~64 MB decoded as RGBA

MAX_FONT_BYTES = 40 * 1024 * 1024
# What reportlab reads to measure and embed a font; every one must lie inside the file.
FONT_TABLES = {b"cmap", b"head", b"hhea", b"hmtx", b"maxp", b"name", b"post", b"loca", b"glyf"}
MAX_FONT_TABLES = 512
MAX_CMAP_GROUPS = 65_536  # a TrueType font has at most 65,535 glyphs
MAX_CMAP_CHARS = 200_000  # Unicode assigns about 150,000 characters; reading each costs the build memory
UNICODE_SIZE = 0x110000
TRUSTED_FONTS = Path(__file__).resolve().parents[2] / "assets"  # the fonts shipped with facilitator


def file_size_problem(path: Path, limit: int, what: str) -> str | None:
    """Return why the file at `path` cannot be read (missing, a folder, over `limit` bytes), or None."""
    try:
        if not path.exists():
            return f"{what} {display_path(path)} does not exist"
        if path.is_dir():
            return f"{what} {display_path(path)} is a folder, not a file"
        if not path.is_file():
            return f"{what} {display_path(path)} is not a plain file (a pipe or a device, say)"
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
    """Return why the image at `path` cannot be used (missing, not an image, wrong format, huge, damaged).

    The header is read first: `Image.open` is lazy, and the pixel count is
    checked before anything decodes. Then the pixels are decoded once, as the
    build will, so damaged picture data (with valid checksums) is found here.
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
    try:
        with Image.open(path) as image:
            image.load()
    except (OSError, SyntaxError, ValueError, EOFError, zlib.error) as exc:
        reason = short(str(exc) or type(exc).__name__, 60)
        return f"{what} {display_path(path)}: its picture data is damaged ({reason}); use another copy"
    return None


# What `image_metadata` names, by EXIF tag: what a picture can say about who made it, where and with what.
_EXIF_NAMES = {0x013B: "artist", 0x8298: "copyright", 0x010F: "camera", 0x0110: "camera", 0x0131: "software"}
_EXIF_IFD, _GPS_IFD = 0x8769, 0x8825


def image_metadata(path: Path) -> list[str]:
    """Return what private metadata the image at `path` carries (GPS position, artist, comment, …).

    None of it reaches the outputs (`clean_image` leaves it out); `validate` says so.
    """
    from PIL import Image

    try:
        with Image.open(path) as image:
            found: list[str] = []
            exif = image.getexif()
            if exif.get_ifd(_GPS_IFD):
                found.append("GPS position")
            found += [_EXIF_NAMES[tag] for tag in exif if tag in _EXIF_NAMES]
            if exif.get_ifd(_EXIF_IFD) or (exif and not found):
                found.append("EXIF data")
            info = image.info
            if info.get("comment"):
                found.append("a comment")
            if getattr(image, "text", None) or any(k in info for k in ("XML:com.adobe.xmp", "xmp")):
                found.append("text notes")
    except (OSError, SyntaxError, ValueError, EOFError):
        return []
    return list(dict.fromkeys(found))


def clean_image(path: Path) -> bytes:
    """Return the image at `path` re-encoded with its pixels only: no EXIF, GPS, comment or text notes.

    A JPEG stays a JPEG (with its own quantization, so it looks the same), anything
    else becomes a PNG (keeping transparency). Every logo goes into the deck and the
    PDFs this way. The file must have passed `image_problem`.
    """
    info = path.stat()
    return _clean_image(path.resolve(), info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=8)
def _clean_image(path: Path, size: int, mtime_ns: int) -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    with Image.open(path) as image:
        image.load()
        transparency = image.info.get("transparency")
        image.info = {}  # Pillow writes a JPEG's comment from here
        if image.format == "JPEG":
            image.save(buffer, "JPEG", quality="keep")
        else:
            extra = {"transparency": transparency} if transparency is not None else {}
            image.save(buffer, "PNG", **extra)
    return buffer.getvalue()


def _too_many_pixels(path: Path, what: str, width: int, height: int) -> str:
    return (
        f"{what} {display_path(path)} is {width:,} × {height:,} pixels; images may have at most "
        f"{MAX_IMAGE_PIXELS / 1e6:.1f} million pixels (4096 × 4096); scale it down"
    )


def font_problem(path: Path) -> str | None:
    """Return why the font at `path` cannot be used for measuring and embedding, or None.

    Reads the table directory and the character map only, with every cost bounded
    before it is paid: a TrueType font (the only kind reportlab embeds) whose tables
    all lie inside the file (a cut-short download is named as such) and whose
    character map stays within Unicode, with no more ranges than a font has glyphs.
    A font from outside the project's assets/ is then read once as the build will read
    it (reportlab), so a font `validate` accepts never fails the build.
    """
    problem = file_size_problem(path, MAX_FONT_BYTES, "font")
    if problem:
        return problem
    shown = display_path(path)
    try:
        with path.open("rb") as handle:
            problem = _font_kind_problem(handle.read(12), shown)
            if problem:
                return problem
            tables = ttf_tables(handle)
            size = path.stat().st_size
            missing = sorted(t.decode("latin-1") for t in FONT_TABLES - set(tables))
            if missing:
                return f"font {shown} has no {', '.join(missing)} table; use a complete TrueType (.ttf) file"
            for tag, (offset, length) in sorted(tables.items(), key=lambda item: item[1]):
                if offset + length > size:
                    return (
                        f"font {shown} is cut short: its {tag.decode('latin-1').strip()} table ends past the "
                        f"end of the file ({size:,} bytes); download or copy the font again"
                    )
            handle.seek(tables[b"maxp"][0] + 4)
            glyphs = int.from_bytes(handle.read(2), "big")
            offset, length = tables[b"cmap"]
            handle.seek(offset)
            problem = cmap_problem(handle.read(length), glyphs)
    except OSError as exc:
        return f"cannot read font {shown}: {exc.strerror}"
    if problem:
        return f"font {shown}: {problem}"
    if not path.resolve().is_relative_to(TRUSTED_FONTS):
        return _read_as_built(path)
    return None


def _font_kind_problem(head: bytes, shown: str) -> str | None:
    kind = head[:4]
    if kind == b"OTTO":
        return f"font {shown} is an OpenType font with PostScript outlines; use its TrueType (.ttf) version"
    if kind == b"ttcf":
        return f"font {shown} is a font collection (.ttc); use a single TrueType (.ttf) font"
    if kind in (b"wOFF", b"wOF2"):
        return f"font {shown} is a web font (WOFF); use its TrueType (.ttf) version"
    if kind not in (b"\x00\x01\x00\x00", b"true") or len(head) < 12:
        return f"font {shown} is not a TrueType font that can be read; use a .ttf file"
    return None


def ttf_tables(handle: BinaryIO) -> dict[bytes, tuple[int, int]]:
    """Return the (offset, length) of each table of the TrueType file open in `handle`, by tag."""
    handle.seek(4)
    count = int.from_bytes(handle.read(2), "big")
    handle.seek(12)
    directory = handle.read(16 * min(count, MAX_FONT_TABLES))
    tables = {}
    for i in range(0, len(directory) - 15, 16):
        tag, _checksum, offset, length = struct.unpack_from(">4sIII", directory, i)
        tables[tag] = (offset, length)
    return tables


def cmap_problem(cmap: bytes, glyphs: int | None = None) -> str | None:
    """Return what makes a character map too costly (or too broken) to read, or None.

    Looks at every subtable reportlab may pick, and adds up the code points each
    range covers (never listing them): a range past U+10FFFF, ranges that together
    cover more characters than any font does (they overlap, or map all of Unicode),
    more ranges than a font has glyphs, or (given the font's number of `glyphs`) a
    range mapping to glyphs the font does not have would make the build read
    billions of entries or fail half-way.
    """
    try:
        for platform, encoding, at in cmap_subtables(cmap):
            if not (platform in (0, 3) or (platform == 1 and encoding in (0, 1))):
                continue
            fmt = struct.unpack_from(">H", cmap, at)[0]
            if fmt in (12, 13):
                problem = _groups_problem(cmap, at, glyphs if fmt == 12 else None)
            elif fmt == 4:
                problem = _segments_problem(cmap, at)
            elif fmt == 10:
                count = struct.unpack_from(">I", cmap, at + 16)[0]
                problem = f"its character map lists {count:,} characters" if count > MAX_CMAP_CHARS else None
            else:
                problem = None
            if problem:
                return problem
    except struct.error:
        return "its character map (cmap table) is cut short or damaged; use another copy of the font"
    return None


def cmap_subtables(cmap: bytes) -> list[tuple[int, int, int]]:
    """Return (platform, encoding, offset in `cmap`) of each subtable of a cmap table."""
    count = struct.unpack_from(">H", cmap, 2)[0]
    return [struct.unpack_from(">HHI", cmap, 4 + 8 * j) for j in range(count)]


def _groups_problem(cmap: bytes, at: int, glyphs: int | None) -> str | None:
    groups = struct.unpack_from(">I", cmap, at + 12)[0]
    if groups > MAX_CMAP_GROUPS:
        return f"its character map has {groups:,} ranges; a font has at most {MAX_CMAP_GROUPS:,} glyphs"
    covered = 0
    for start, end, glyph in struct.iter_unpack(">III", cmap[at + 16 : at + 16 + 12 * groups]):
        if start > end or end >= UNICODE_SIZE:
            return f"its character map has a range U+{start:04X}–U+{end:04X}, beyond Unicode (U+10FFFF)"
        if glyphs is not None and glyph + end - start >= glyphs:
            return (
                f"its character map sends U+{start:04X}–U+{end:04X} to glyphs up to {glyph + end - start:,}, "
                f"and the font has {glyphs:,}"
            )
        covered += end - start + 1
    if groups and len(cmap) < at + 16 + 12 * groups:
        raise struct.error("cut short")
    if covered > MAX_CMAP_CHARS:
        return (
            f"its character map covers {covered:,} characters; Unicode assigns about 150,000 and a font "
            f"may cover at most {MAX_CMAP_CHARS:,}"
        )
    return None


def _segments_problem(cmap: bytes, at: int) -> str | None:
    segments = struct.unpack_from(">H", cmap, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segments}H", cmap, at + 14)
    starts = struct.unpack_from(f">{segments}H", cmap, at + 16 + 2 * segments)
    covered = sum(end - start + 1 for start, end in zip(starts, ends, strict=True) if end >= start)
    if covered > 0x10000:
        return f"its character map's segments cover {covered:,} characters, more than 65,536 (they overlap)"
    return None


def _read_as_built(path: Path) -> str | None:
    """Read a font as the build will (reportlab), once its costs are known to be bounded.

    The font is read, then every glyph its character map reaches (and the parts of
    composite glyphs) is copied into a subset, as embedding it in a PDF does: a damaged
    glyph table fails here, at check time, rather than half-way through a build.
    """
    info = path.stat()
    return _read_as_built_once(path.resolve(), info.st_size, info.st_mtime_ns)


@lru_cache(maxsize=32)
def _read_as_built_once(path: Path, size: int, mtime_ns: int) -> str | None:
    from reportlab.pdfbase.ttfonts import TTFontFile  # only for a font from outside the project

    try:
        font = TTFontFile(str(path), validate=0)
        font.makeSubset(sorted(font.charToGlyph))
    except Exception as exc:  # reportlab raises TTFError, struct.error, IndexError, … on a broken file
        reason = short(str(exc).split("\n")[0] or type(exc).__name__, 80)
        return f"font {display_path(path)} cannot be read as a TrueType font ({reason}); use another copy"
    return None
