"""Read a user's PowerPoint template (.pptx or .potx) at check time, without python-pptx.

`template_problem` refuses a template that cannot be used: over a budget
(file size, unpacked size, members, compression ratio, XML size, layouts —
all from the zip's central directory, before anything is inflated), or
refused by the survey of its parts (`facilitator.workshop.template_parts`: a
DTD or undefined entity, no layouts, a colour that is not one). `read_template`
gives its layout names, colour scheme and page size; `template_diagnostics`
warns about what the deck will not find or will leave out (links outside the
file, macros) and the web links it keeps; the theme takes the deck's colours
from the template's colour scheme (`COLOUR_ROLES`). Building a deck on the
template is `facilitator.render.pptx_template`.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

from facilitator.errors import Diagnostic, display_path
from facilitator.workshop.assets import file_size_problem
from facilitator.workshop.colours import WCAG_AA, contrast_ratio
from facilitator.workshop.template_parts import (
    MAX_TEMPLATE_LAYOUTS,
    MAX_TEMPLATE_XML,
    Survey,
    TemplateRefused,
    survey_package,
)

# Theme colour slots checked against the light background, as text would use them.
CONTRAST_SLOTS = (("dk1", "lt1"), ("dk2", "lt1"), ("accent1", "lt1"))
# How the deck's colour roles are taken from a template's colour scheme.
COLOUR_ROLES = {
    "background": "lt1",
    "text": "dk1",
    "heading": "dk2",
    "accent": "accent1",
    "muted": "dk1",
    "title_background": "lt1",
    "title_text": "dk2",
}
# The layout the deck falls back on when the one it wants is missing (then the first layout).
FALLBACK_LAYOUT = "Title Only"
TEMPLATE_SUFFIXES = (".pptx", ".potx")
MAX_TEMPLATE_BYTES = 50 * 1024 * 1024
MAX_TEMPLATE_UNPACKED = 200 * 1024 * 1024
MAX_TEMPLATE_MEMBERS = 2_000
MAX_COMPRESSION_RATIO = 100  # for members over 1 MB; Office XML and media stay far below it
_RATIO_FLOOR = 1024 * 1024
# The template pictures notes.pdf and slides-handout.pdf draw: no larger than this in the file, and
# no more pixels than this (a decompression bomb); the deck keeps every picture as the template has it.
MAX_PAPER_PICTURE_BYTES = 20 * 1024 * 1024
MAX_PAPER_PICTURE_PIXELS = 40_000_000
# Windows metafiles, which Pillow can name but not draw.
_METAFILES = ("WMF", "EMF")
PAPER_PICTURES = (
    f"PNG, JPEG, GIF, BMP or TIFF pictures of up to {MAX_PAPER_PICTURE_BYTES // 1_048_576} MB "
    f"and {MAX_PAPER_PICTURE_PIXELS:,} pixels"
)


def template_problem(path: Path) -> str | None:
    """Return why the slide template at `path` cannot be used, or None.

    First the budgets, from the zip's central directory alone (the declared
    sizes bound what reading a member can ever inflate): file size, members,
    unpacked size, compression ratio, XML size and layouts. Then the survey:
    a DTD or undefined entity in a part it keeps, no layouts, a colour that is
    not one.
    """
    what = "template"
    problem = file_size_problem(path, MAX_TEMPLATE_BYTES, what)
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
    xml = sum(m.file_size for m in members if m.filename.endswith((".xml", ".rels")))
    if xml > MAX_TEMPLATE_XML:
        return (
            f"template {shown} holds {xml / 1_048_576:,.1f} MB of XML; a template may hold at most "
            f"{MAX_TEMPLATE_XML // 1_048_576} MB (its masters and layouts are read in full)"
        )
    layouts = sum(1 for n in names if re.fullmatch(r"ppt/slideLayouts/[^/]+\.xml", n))
    if layouts > MAX_TEMPLATE_LAYOUTS:
        return f"template {shown} has {layouts:,} layouts; a template may have at most {MAX_TEMPLATE_LAYOUTS}"
    result = _surveyed(path.resolve(), *_stamp(path))
    return result if isinstance(result, str) else None


def survey_template(path: Path) -> Survey:
    """Return what a deck keeps of the template at `path` (which `template_problem` has accepted).

    Raises ValueError with the reason when it cannot be used after all (it changed since it was checked).
    """
    problem = template_problem(path)
    if problem:
        raise ValueError(problem)
    result = _surveyed(path.resolve(), *_stamp(path))
    assert isinstance(result, Survey)
    return result


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_mtime_ns, stat.st_size


@lru_cache(maxsize=8)
def _surveyed(path: Path, _mtime: int, _size: int) -> Survey | str:
    """Return the survey of a template, or why it is refused (cached while the file is unchanged)."""
    try:
        with zipfile.ZipFile(path) as archive:
            return survey_package(archive)
    except TemplateRefused as exc:  # "template t.pptx has no layouts…", "template t.pptx: ppt/…: …"
        reason = str(exc)
        return f"template {display_path(path)}{': ' if '/' in reason.split(' ', 1)[0] else ' '}{reason}"
    except (zipfile.BadZipFile, OSError, EOFError, KeyError, ValueError) as exc:
        return f"template {display_path(path)} cannot be read: {exc}"


def scheme_contrast_warnings(colours: dict[str, str], where: str) -> list[Diagnostic]:
    """Return a warning for each of a colour scheme's text colours below WCAG AA on its background."""
    warnings = []
    for fg, bg in CONTRAST_SLOTS:
        if fg in colours and bg in colours:
            ratio = contrast_ratio(colours[fg], colours[bg])
            if ratio < WCAG_AA:
                warnings.append(
                    Diagnostic(
                        where,
                        0,
                        0,
                        "theme.template",
                        f"the template's {fg} {colours[fg]} on {bg} {colours[bg]} has contrast "
                        f"{ratio:.2f}:1; WCAG AA needs at least {WCAG_AA}:1",
                        "theme.contrast",
                        "warning",
                    )
                )
    return warnings


def read_template(path: Path) -> tuple[list[str], dict[str, str], tuple[int, int]]:
    """Return a template's layout names (masters in order), first master's colours and slide size (EMU).

    Reads the zip directly, without python-pptx, so that `facilitator validate` stays light.
    Raises ValueError when the template cannot be used (see `template_problem`).
    """
    survey = survey_template(path)
    return survey.layout_names, survey.colours, survey.slide_size


def template_colour_roles(colours: dict[str, str]) -> dict[str, str]:
    """Return the deck's colour roles (text, heading, accent…) taken from a template's colour scheme."""
    return {role: colours[slot] for role, slot in COLOUR_ROLES.items() if slot in colours}


def template_diagnostics(path: Path, where: str) -> list[Diagnostic]:
    """Return warnings about a template's package: links outside it and macros left out, web links kept.

    What the deck makes of its layouts (missing ones, graphics in the way of
    text, its font, its page) is `facilitator.workshop.template_layouts.layout_diagnostics`.
    """
    key = "theme.template"
    try:
        survey = survey_template(path)
    except ValueError as exc:
        return [Diagnostic(where, 0, 0, key, str(exc), "template.unreadable")]
    warnings: list[Diagnostic] = []

    def warn(message: str, code: str) -> None:
        warnings.append(Diagnostic(where, 0, 0, key, message, code, "warning"))

    if survey.left_out:
        warn(
            f"the template links outside itself; left out of the deck: {_listed(survey.left_out)}",
            "template.external",
        )
    if survey.hyperlinks:
        warn(
            f"the template's web links are kept in the deck: {_listed(survey.hyperlinks)}",
            "template.hyperlink",
        )
    if survey.macros:
        warn(f"the template's macros are left out of the deck: {_listed(survey.macros)}", "template.macros")
    return warnings


def paper_picture_problem(path: Path, part: str) -> str | None:
    """Return why the PDF slide painter cannot draw the template's picture `part` (`is 54 MB`), or None.

    It draws `PAPER_PICTURES`.

    Reads the picture's size from the zip and its pixel count from its header, without decoding it.
    """
    from PIL import Image

    try:
        with zipfile.ZipFile(path) as archive:
            size = archive.getinfo(part).file_size
            if size > MAX_PAPER_PICTURE_BYTES:
                return f"is {size / 1_048_576:.0f} MB"
            with archive.open(part) as member, Image.open(member) as image:
                width, height, kind = image.width, image.height, image.format
    except KeyError:
        return "is missing from the template"
    except (OSError, ValueError, zipfile.BadZipFile, Image.DecompressionBombError) as exc:
        return f"cannot be read ({exc})"
    if kind in _METAFILES:
        return f"is a Windows metafile ({kind})"
    if width * height > MAX_PAPER_PICTURE_PIXELS:
        return f"is {width:,} × {height:,} pixels"
    return None


def _listed(items: Sequence[str], most: int = 3) -> str:
    """Return up to `most` items joined, and how many more there are."""
    shown = "; ".join(items[:most])
    return shown + (f"; and {len(items) - most} more" if len(items) > most else "")
