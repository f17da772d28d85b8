"""Find characters the print font cannot draw, and say which file and line each came from.

reportlab draws a missing glyph as an empty box, silently. This module reads
the print font's character map (its cmap) and checks every text of the
workshop file and of the library items the workshop uses, before anything is
rendered. The PDF renderers leave such characters out (see `drawable`), so the
warning is the only trace they leave.
"""

from __future__ import annotations

import struct
import unicodedata
from collections.abc import Iterable, Iterator
from functools import lru_cache
from pathlib import Path
from typing import Any

from facilitator.errors import Diagnostic
from facilitator.workshop.assets import cmap_problem, cmap_subtables, ttf_tables
from facilitator.workshop.languages import choose, is_language_map
from facilitator.workshop.source import Loc, SourceDoc, format_loc

CODE = "font.missing-glyph"
# Characters that only shape their neighbours (variation selectors, joiners):
# they are left out quietly when the font lacks them, without a warning of their own.
_INVISIBLE = frozenset(
    {0x200B, 0x200C, 0x200D, 0x2060, 0xFEFF, *range(0xFE00, 0xFE10), *range(0xE0100, 0xE01F0)}
)
_ALWAYS_DRAWABLE = frozenset({0x09, 0x0A, 0x0D})
# reportlab writes a wrong text mapping for characters beyond the Basic Multilingual Plane
# (emoji among them): they would print but copy and search as other characters, so they are
# treated as undrawable even where the font has a glyph.
_LAST_BMP = 0xFFFF
_LAST_BMP_CHAR = chr(_LAST_BMP)


@lru_cache(maxsize=16)
def font_cmap(path: Path) -> frozenset[int]:
    """Return the code points a TrueType font has glyphs for.

    The `cmap` table is read directly (formats 4 and 12), without reading the rest
    of the file, so that `validate` need not import reportlab; the tests check it
    against reportlab's `TTFont(...).face.charToGlyph`, which is used for any other
    format. A character map `facilitator.workshop.assets.cmap_problem` refuses (a
    range past Unicode, overlapping ranges, more ranges than glyphs) is never listed:
    nothing in it counts as drawable.
    """
    try:
        with Path(path).open("rb") as handle:
            offset, length = ttf_tables(handle)[b"cmap"]
            handle.seek(offset)
            cmap = handle.read(length)
        if cmap_problem(cmap):
            return _ALWAYS_DRAWABLE
        codes = _read_cmap(cmap)
    except (OSError, KeyError, struct.error, ValueError, IndexError):
        return _ALWAYS_DRAWABLE
    if not codes:
        from reportlab.pdfbase.ttfonts import TTFont

        face = TTFont(f"cmap-{Path(path).stem}", str(path)).face
        codes = {code for code, glyph in face.charToGlyph.items() if glyph}
    return frozenset(codes) | _ALWAYS_DRAWABLE


def _read_cmap(cmap: bytes) -> set[int] | None:
    """Return the code points mapped to a real glyph by the font's Unicode cmap subtables.

    `cmap` has passed `cmap_problem`, so its ranges lie within Unicode and add up to no
    more code points than Unicode has (format 12), or 65,536 (format 4).
    """
    codes: set[int] = set()
    found = False
    for platform, encoding, at in cmap_subtables(cmap):
        if not (platform == 0 or (platform == 3 and encoding in (1, 10))):
            continue
        fmt = struct.unpack_from(">H", cmap, at)[0]
        if fmt == 12:
            found = True
            groups = struct.unpack_from(">I", cmap, at + 12)[0]
            for start, end, glyph in struct.iter_unpack(">III", cmap[at + 16 : at + 16 + 12 * groups]):
                codes.update(range(start + (glyph == 0), end + 1))
        elif fmt == 4:
            found = True
            codes |= _format4(cmap, at)
    if found and 0x20 in codes:
        codes.add(0xA0)  # reportlab draws a no-break space with the space glyph
    return codes if found else None


def _format4(data: bytes, at: int) -> set[int]:
    codes = set()
    segs = struct.unpack_from(">H", data, at + 6)[0] // 2
    ends = struct.unpack_from(f">{segs}H", data, at + 14)
    starts = struct.unpack_from(f">{segs}H", data, at + 16 + 2 * segs)
    deltas = struct.unpack_from(f">{segs}h", data, at + 16 + 4 * segs)
    range_at = at + 16 + 6 * segs
    ranges = struct.unpack_from(f">{segs}H", data, range_at)
    for i in range(segs):
        for code in range(starts[i], ends[i] + 1):
            if code == 0xFFFF:
                continue
            if ranges[i] == 0:
                glyph = (code + deltas[i]) & 0xFFFF
            else:
                where = range_at + 2 * i + ranges[i] + 2 * (code - starts[i])
                glyph = struct.unpack_from(">H", data, where)[0]
                glyph = (glyph + deltas[i]) & 0xFFFF if glyph else 0
            if glyph:
                codes.add(code)
    return codes


def missing_chars(text: str, cmap: frozenset[int]) -> list[str]:
    """Return the characters of `text` the font cannot draw, in order, each once (joiners excluded)."""
    if not text or (max(text) <= _LAST_BMP_CHAR and cmap.issuperset(map(ord, text))):
        return []  # the common case, checked in C
    seen: dict[str, None] = {}
    for char in text:
        code = ord(char)
        if (code not in cmap or code > _LAST_BMP) and code not in _INVISIBLE:
            seen.setdefault(char, None)
    return list(seen)


def drawable(text: str, cmap: frozenset[int]) -> str:
    """Return `text` without the characters the font cannot draw (so no empty boxes are printed)."""
    if not text or (max(text) <= _LAST_BMP_CHAR and cmap.issuperset(map(ord, text))):
        return text  # the common case, checked in C
    return "".join(c for c in text if ord(c) in cmap and ord(c) <= _LAST_BMP)


def describe(char: str) -> str:
    """Return a character as messages name it: `U+1F331 🌱 (SEEDLING)`."""
    name = unicodedata.name(char, "")
    return f"U+{ord(char):04X} {char}" + (f" ({name})" if name else "")


def _strings(data: Any, loc: Loc = (), language: str | None = None) -> Iterator[tuple[Loc, str]]:
    """Yield every text in `data` with its key path; of a text given per language, only `language`'s."""
    if isinstance(data, str):
        yield loc, data
    elif language is not None and is_language_map(data):
        key = choose(data, language)
        yield (*loc, key), data[key]
    elif isinstance(data, dict):
        for key, value in data.items():
            yield from _strings(value, (*loc, key), language)
    elif isinstance(data, list):
        for i, value in enumerate(data):
            yield from _strings(value, (*loc, i), language)


def _exact_position(lines: list[str] | None, start: tuple[int, int], char: str) -> tuple[int, int]:
    """Return the line and column of the first `char` at or after `start` in the file's text."""
    if lines is None:
        return start
    line, col = start
    for number in range(line, len(lines) + 1):
        text = lines[number - 1]
        found = text.find(char, col - 1 if number == line else 0)
        if found >= 0:
            return number, found + 1
    return start


def _read_lines(path: Path) -> list[str] | None:
    try:
        return path.read_text(encoding="utf-8-sig").splitlines()
    except (OSError, UnicodeDecodeError):
        return None


def missing_glyph_warnings(
    docs: Iterable[SourceDoc], font_path: Path, font_name: str, language: str | None = None
) -> list[Diagnostic]:
    """Return a warning for each character in `docs` that the font at `font_path` has no glyph for.

    Each warning names the character and the file, line and column it was written at. Of a
    text given per language, only the one the build prints (in `language`) is checked.
    """
    cmap = font_cmap(Path(font_path))
    warnings: list[Diagnostic] = []
    seen_docs: set[Path] = set()
    for doc in docs:
        if doc.path in seen_docs:
            continue
        seen_docs.add(doc.path)
        lines: list[str] | None = None
        for loc, text in _strings(doc.data, language=language):
            chars = missing_chars(text, cmap)
            if not chars:
                continue
            if lines is None:
                lines = _read_lines(doc.path) or []
            start = doc.locate(loc)
            for char in chars:
                line, col = _exact_position(lines or None, start, char)
                warnings.append(
                    Diagnostic(
                        doc.shown_path,
                        line,
                        col,
                        format_loc(loc),
                        f"{describe(char)} is not in the print font {font_name}; "
                        "the PDFs leave it out (the slides may still show it)",
                        CODE,
                        "warning",
                    )
                )
    return warnings


def plan_docs(workshop_doc: SourceDoc, plan: Any, library: Any) -> list[SourceDoc]:
    """Return the workshop's SourceDoc and those of the library items its Plan uses."""
    return [workshop_doc, *used_library_docs(plan, library)]


def used_library_docs(plan: Any, library: Any) -> list[SourceDoc]:
    """Return the SourceDocs of the library items a Plan uses (its segments' items and resource lists)."""
    docs = []
    for segment in plan.segments:
        for kind, library_kind in (
            ("primer", "primer"),
            ("discussion", "discussions"),
            ("scenario", "scenarios"),
            ("activity", "activities"),
        ):
            item = getattr(segment, kind, None)
            entry = library.items[library_kind].get(item.id) if item is not None else None
            if entry is not None:
                docs.append(entry.doc)
    for name in plan.workshop.resources:
        if isinstance(name, str):
            entry = library.items["resources"].get(name)
            if entry is not None:
                docs.append(entry.doc)
    return docs


def with_glyph_warnings(workshop_doc: SourceDoc, plan: Any, library: Any) -> tuple[Any, list[Diagnostic]]:
    """Return the Plan with missing-glyph warnings added to its warnings, and those warnings."""
    import dataclasses

    warnings = check_plan(workshop_doc, plan, library)
    if not warnings:
        return plan, []
    return dataclasses.replace(plan, warnings=(*plan.warnings, *warnings)), warnings


def check_plan(workshop_doc: SourceDoc, plan: Any, library: Any) -> list[Diagnostic]:
    """Return missing-glyph warnings for everything a Plan prints, in the theme's print font."""
    family = plan.theme.fonts.print
    if not Path(family.regular).is_file():
        return []
    docs = plan_docs(workshop_doc, plan, library)
    return missing_glyph_warnings(docs, family.regular, family.name, plan.workshop.language)
