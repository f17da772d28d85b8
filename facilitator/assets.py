"""Check the files a workshop names — logo, images, slide templates, fonts — before anything is built.

Workshop files travel between organisations, so a named file may be missing,
mislabelled, enormous or hostile. Each check reads only headers: an image's
size comes from `PIL.Image.open` (which decodes no pixels), a template's
sizes from the zip's central directory (which inflates nothing). The
renderers may then trust every asset they are given.
"""

from __future__ import annotations

import warnings
import zipfile
from pathlib import Path

from facilitator.errors import Diagnostic, display_path
from facilitator.schema import ThemeChoice
from facilitator.source import SourceDoc
from facilitator.theme import Theme

# Formats both python-pptx (slides) and reportlab (PDFs) can place.
IMAGE_FORMATS = {"PNG": "PNG", "JPEG": "JPEG", "GIF": "GIF"}
FORMATS_WORDING = "PNG, JPEG or GIF"
MAX_IMAGE_BYTES = 20 * 1024 * 1024
MAX_IMAGE_PIXELS = 4096 * 4096  # plenty for a logo or a slide picture; ~64 MB decoded as RGBA

TEMPLATE_SUFFIXES = (".pptx", ".potx")
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_TEMPLATE_UNPACKED = 200 * 1024 * 1024
MAX_TEMPLATE_MEMBERS = 2_000
MAX_COMPRESSION_RATIO = 100  # for members over 1 MB; Office XML and media stay far below it
_RATIO_FLOOR = 1024 * 1024
MAX_FONT_BYTES = 40 * 1024 * 1024
FONT_TABLES = {b"cmap", b"head", b"hmtx", b"glyf"}  # what measuring and embedding read


def _size_problem(path: Path, limit: int, what: str) -> str | None:
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
    problem = _size_problem(path, MAX_IMAGE_BYTES, what)
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


def template_problem(path: Path) -> str | None:
    """Return why the slide template at `path` cannot be used (not a .pptx zip, or a zip bomb), or None.

    Only the zip's central directory is read; the declared sizes bound what
    reading a member can ever inflate, so checking them is enough.
    """
    what = "template"
    problem = _size_problem(path, MAX_TEMPLATE_BYTES, what)
    if problem:
        return problem
    shown = display_path(path)
    if path.suffix.lower() not in TEMPLATE_SUFFIXES:
        return f"template {shown} should be a PowerPoint .pptx or .potx file"
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        return f"template {shown} is not a PowerPoint file (a .pptx is a zip archive; this is not one)"
    if len(members) > MAX_TEMPLATE_MEMBERS:
        return (
            f"template {shown} holds {len(members):,} files; "
            f"a template may hold at most {MAX_TEMPLATE_MEMBERS:,}"
        )
    unpacked = sum(m.file_size for m in members)
    if unpacked > MAX_TEMPLATE_UNPACKED:
        return (
            f"template {shown} unpacks to {unpacked / 1_048_576:,.0f} MB; "
            f"a template may unpack to at most {MAX_TEMPLATE_UNPACKED // 1_048_576} MB"
        )
    for member in members:
        if member.file_size > _RATIO_FLOOR and member.file_size > MAX_COMPRESSION_RATIO * max(
            member.compress_size, 1
        ):
            return (
                f"template {shown} looks like a zip bomb: {member.filename} is compressed "
                f"{member.file_size // max(member.compress_size, 1):,} to 1"
            )
    names = {m.filename for m in members}
    if "[Content_Types].xml" not in names or "ppt/presentation.xml" not in names:
        return f"template {shown} is a zip archive but not a PowerPoint presentation"
    return None


def font_problem(path: Path) -> str | None:
    """Return why the font at `path` cannot be used for measuring and embedding, or None.

    Reads the header and table directory only: a TrueType font (the only kind
    reportlab embeds) with the tables that measuring needs.
    """
    problem = _size_problem(path, MAX_FONT_BYTES, "font")
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


def theme_asset_diagnostics(theme: Theme, choice: str | ThemeChoice, doc: SourceDoc) -> list[Diagnostic]:
    """Return an error for the theme's logo, template or a font file when it cannot be used.

    The error points at `theme.logo` / `theme.template` / `theme.fonts.…` in the
    workshop file when the workshop names the file, and at `theme` when its
    theme file does.
    """
    diagnostics = []
    for role in ("slides", "print"):
        own = isinstance(choice, ThemeChoice) and getattr(choice.fonts, role) is not None
        family = getattr(theme.fonts, role)
        for style in ("regular", "bold", "italic", "bold_italic"):
            problem = font_problem(Path(getattr(family, style)))
            if problem:
                loc = ("theme", "fonts", role, style) if own else ("theme",)
                diagnostics.append(doc.diagnostic(loc, problem, "asset.font"))
    checks = (("logo", lambda path: image_problem(path, "logo")), ("template", template_problem))
    for key, check in checks:
        path = getattr(theme, key)
        if path is None:
            continue
        problem = check(path)
        if problem:
            own = isinstance(choice, ThemeChoice) and getattr(choice, key)
            diagnostics.append(doc.diagnostic(("theme", key) if own else ("theme",), problem, f"asset.{key}"))
    return diagnostics
