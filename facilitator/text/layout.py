"""Text layout shared by renderers: font metrics, line wrapping and pagination.

Nothing here knows about slides or PDF pages. A renderer describes its text as
`Block`s (a paragraph of inline `Run`s with a size, indent and spacing),
measures them against a width with a `FontSet` (the TTF files of one family),
and `paginate`s them into boxes of a given height. Measurements follow what
LibreOffice and PowerPoint do: lines break at spaces and after hyphens
between letters, a word longer than the line breaks between characters, and
trailing spaces hang past the margin without counting.

All lengths are in points.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from facilitator.text.markup import Run

# Line pitch as a multiple of the font size for single spacing. Measured for Carlito
# (Calibri's metric twin) in LibreOffice 7.4: 1.2 at 18-60 pt; PowerPoint uses the same.
DEFAULT_LINE_PITCH = 1.2
# A break may follow a run of spaces, or a hyphen that sits between two letters; no-break
# spaces (U+00A0, U+202F) hold their neighbours together.
_NO_BREAK = "\u00a0\u202f\u2007\u2060"
_SPACE = rf"[^\S{_NO_BREAK}]"
_TOKEN = re.compile(rf"{_SPACE}+|[\S{_NO_BREAK}]+?(?:(?<=\w)-(?=\w)|(?={_SPACE})|$)")
_CACHE_LIMIT = 200_000  # entries per cache before it is emptied (bounds a long-lived process)
_STYLES = ("regular", "bold", "italic", "bold_italic")


def _is_space(ch: str) -> bool:
    return ch.isspace() and ch not in _NO_BREAK


def _style_of(bold: bool, italic: bool) -> str:
    return _STYLES[(1 if bold else 0) + (2 if italic else 0)]


class FontSet:
    """The four faces of one font family, read from TTF files, measuring text in points.

    Widths are cached per (text, style) at 1 pt and scaled, so measuring the
    same words again at any size costs a dictionary lookup.
    """

    def __init__(self, regular: Path, bold: Path, italic: Path, bold_italic: Path) -> None:
        """Load (once per process) the four TTF files of a family."""
        self.paths = {"regular": regular, "bold": bold, "italic": italic, "bold_italic": bold_italic}
        self._names = {style: _register(Path(path)) for style, path in self.paths.items()}
        self._cache: dict[tuple[str, str], float] = {}
        # Wrapped paragraphs, keyed by (runs, width, size); filled by `wrap`.
        self.wrapped: dict[tuple, tuple[Line, ...]] = {}

    def font_name(self, bold: bool = False, italic: bool = False) -> str:
        """Return the reportlab name under which the face for this style is registered."""
        return self._names[_style_of(bold, italic)]

    def width(self, text: str, size: float, bold: bool = False, italic: bool = False) -> float:
        """Return the advance width of `text` set in this family at `size` points."""
        style = _style_of(bold, italic)
        key = (text, style)
        unit = self._cache.get(key)
        if unit is None:
            from reportlab.pdfbase.pdfmetrics import stringWidth

            unit = stringWidth(text, self._names[style], 1000) / 1000
            if not text.isascii():
                unit += self._fallback_extra(text, style)
            if len(self._cache) > _CACHE_LIMIT:
                self._cache.clear()
            self._cache[key] = unit
        return unit * size

    def _fallback_extra(self, text: str, style: str) -> float:
        """Return extra width (at 1 pt) for characters this family lacks.

        A renderer draws them from a fallback font whose widths are unknown;
        count each as a full em, wider than almost any glyph, to stay safe.
        """
        from reportlab.pdfbase.pdfmetrics import getFont, stringWidth

        name = self._names[style]
        glyphs = getFont(name).face.charToGlyph
        extra = 0.0
        for ch in text:
            if ord(ch) not in glyphs and not _is_space(ch):
                extra += 1.0 - stringWidth(ch, name, 1000) / 1000
        return extra

    def runs_width(self, runs: Iterable[Run], size: float) -> float:
        """Return the width of a sequence of runs on one line, without wrapping."""
        return sum(self.width(run.text, size, run.bold, run.italic) for run in runs)

    def missing(self, text: str) -> list[str]:
        """Return the characters of `text` the regular face has no glyph for (not spaces)."""
        from reportlab.pdfbase.pdfmetrics import getFont

        face = getFont(self._names["regular"]).face
        return sorted({ch for ch in text if not ch.isspace() and ord(ch) not in face.charToGlyph})


@lru_cache(maxsize=64)
def _register(path: Path) -> str:
    from facilitator.text.fonts import register_ttf  # imports reportlab

    name = f"fac-{path.stem}-{abs(hash(str(path.resolve()))) % 10**8}"
    register_ttf(name, path)  # the file is read when the face is first measured
    return name


@lru_cache(maxsize=16)
def font_set(regular: Path, bold: Path, italic: Path, bold_italic: Path) -> FontSet:
    """Return the (cached) FontSet for four TTF paths."""
    return FontSet(regular, bold, italic, bold_italic)


@dataclass(frozen=True)
class Line:
    """One wrapped line: its runs (trailing spaces included, as typed) and its visible width."""

    runs: tuple[Run, ...]
    width: float


@dataclass(frozen=True)
class Block:
    """A paragraph to lay out: inline runs and how they are set.

    `indent` is the left margin of every line (a hanging bullet or number sits
    inside it); `space_before` is dropped when the block starts a box;
    `keep_with_next` moves the block to the next box with the block after it.
    `style` is free for the renderer (a bullet, colour or role) and kept as is.
    """

    runs: tuple[Run, ...]
    size: float
    indent: float = 0.0
    space_before: float = 0.0
    keep_with_next: bool = False
    line_pitch: float = DEFAULT_LINE_PITCH
    style: object = None
    # True on the second and later pieces of a block split over boxes.
    continued: bool = False
    lines: tuple[Line, ...] | None = field(default=None, compare=False)

    @property
    def pitch(self) -> float:
        """Return the distance between baselines of consecutive lines, in points."""
        return self.size * self.line_pitch


def _tokens(runs: Sequence[Run]) -> list[tuple[str, Run, bool]]:
    """Split runs into (text, run, may_break_after) tokens; spaces are tokens of their own."""
    out: list[tuple[str, Run, bool]] = []
    last = len(runs) - 1
    for i, run in enumerate(runs):
        for match in _TOKEN.finditer(run.text):
            text = match.group()
            if _is_space(text[0]):
                out.append((text, run, True))
            else:
                ends_run = match.end() == len(run.text)
                out.append((text, run, text.endswith("-") or (ends_run and i == last)))
    return out


def wrap(runs: Sequence[Run], width: float, fonts: FontSet, size: float) -> list[Line]:
    """Return `runs` broken into lines no wider than `width` points at `size`.

    Breaks at spaces and after hyphens between letters; a word wider than the
    line is broken between characters. Every character of the input appears
    in exactly one line, in order (spaces before the first word excepted).
    Results are cached, so measuring the same paragraph again is free.
    """
    key = (tuple(runs), round(width, 3), size)
    cached = fonts.wrapped.get(key)
    if cached is None:
        if len(fonts.wrapped) > _CACHE_LIMIT:
            fonts.wrapped.clear()
        cached = fonts.wrapped[key] = tuple(_wrap(key[0], width, fonts, size))
    return list(cached)


def _wrap(runs: tuple[Run, ...], width: float, fonts: FontSet, size: float) -> list[Line]:
    measure = fonts.width
    # Fast path: the whole paragraph fits on one line.
    total = sum(measure(r.text, size, r.bold, r.italic) for r in runs)
    if total <= width and "\n" not in "".join(r.text for r in runs):
        stripped = total - sum(measure(t, size, r.bold, r.italic) for t, r in _trailing_spaces(runs))
        return [Line(runs, stripped)]

    lines: list[Line] = []
    current: list[tuple[str, Run]] = []  # pieces of the line so far, spaces included
    current_width = 0.0  # visible width: without trailing spaces
    pending: list[tuple[str, Run]] = []  # the word being assembled (may span runs)
    pending_width = 0.0
    spaces: list[tuple[str, Run]] = []  # spaces after the line's last word
    spaces_width = 0.0

    def flush_line() -> None:
        nonlocal current, current_width, spaces, spaces_width
        lines.append(Line(_join(current + spaces), current_width))
        current, current_width, spaces, spaces_width = [], 0.0, [], 0.0

    def place_word() -> None:
        nonlocal current_width, pending, pending_width, spaces, spaces_width
        if not pending:
            return
        if current and current_width + spaces_width + pending_width > width:
            flush_line()
        if not current and pending_width > width:
            place_long_word(pending)
        else:
            current.extend(spaces)
            current.extend(pending)
            current_width += spaces_width + pending_width
        spaces, spaces_width = [], 0.0
        pending, pending_width = [], 0.0

    def place_long_word(parts: list[tuple[str, Run]]) -> None:
        nonlocal current_width
        for text, run in parts:
            for ch in text:
                w = measure(ch, size, run.bold, run.italic)
                if current and current_width + w > width:
                    flush_line()
                current.append((ch, run))
                current_width += w

    for text, run, breakable in _tokens(runs):
        if _is_space(text[0]):
            place_word()
            if current:
                spaces.append((text, run))
                spaces_width += measure(text, size, run.bold, run.italic)
            continue
        pending.append((text, run))
        pending_width += measure(text, size, run.bold, run.italic)
        if breakable:
            place_word()
    place_word()
    if current or not lines:
        flush_line()
    return lines


def _trailing_spaces(runs: Sequence[Run]) -> list[tuple[str, Run]]:
    """Return the whitespace at the end of a sequence of runs, as (text, run) pieces."""
    out: list[tuple[str, Run]] = []
    for run in reversed(runs):
        text = run.text
        kept = text.rstrip()
        if len(kept) < len(text):
            out.append((text[len(kept) :], run))
        if kept:
            break
    return out


def _join(pieces: Sequence[tuple[str, Run]]) -> tuple[Run, ...]:
    """Return pieces of runs as runs, neighbours cut from the same run joined again."""
    out: list[Run] = []
    texts: list[str] = []
    source: Run | None = None
    for text, run in pieces:
        if run is source:
            texts.append(text)
            continue
        if source is not None:
            out.append(_with(source, "".join(texts)))
        source, texts = run, [text]
    if source is not None:
        out.append(_with(source, "".join(texts)))
    return _merge(out)


def _with(run: Run, text: str) -> Run:
    if run.text == text:
        return run
    return Run(text, run.bold, run.italic, run.href, run.code)


def _merge(runs: Iterable[Run]) -> tuple[Run, ...]:
    """Return runs with neighbours of identical style joined."""
    merged: list[Run] = []
    for run in runs:
        if merged:
            last = merged[-1]
            if (last.bold, last.italic, last.href, last.code) == (run.bold, run.italic, run.href, run.code):
                merged[-1] = _with(run, last.text + run.text)
                continue
        merged.append(run)
    return tuple(merged)


def measure(block: Block, width: float, fonts: FontSet) -> Block:
    """Return `block` with its lines wrapped to `width` (its indent taken off)."""
    if block.lines is not None:
        return block
    return replace(block, lines=tuple(wrap(block.runs, width - block.indent, fonts, block.size)))


def block_height(block: Block, first: bool = False) -> float:
    """Return the height a measured block takes, with its space before unless it is `first`."""
    assert block.lines is not None, "measure the block first"
    return len(block.lines) * block.pitch + (0.0 if first else block.space_before)


def blocks_height(blocks: Sequence[Block]) -> float:
    """Return the height of measured blocks set one after another in a box."""
    return sum(block_height(b, first=i == 0) for i, b in enumerate(blocks))


def _split(block: Block, count: int) -> tuple[Block, Block]:
    """Return the first `count` lines of a measured block and the rest, as two blocks."""
    assert block.lines is not None
    head_lines, tail_lines = block.lines[:count], block.lines[count:]

    def runs_of(lines: Sequence[Line]) -> tuple[Run, ...]:
        joined = _merge(run for line in lines for run in line.runs)
        if joined:
            last = joined[-1]
            joined = (*joined[:-1], _with(last, last.text.rstrip()))
        return tuple(r for r in joined if r.text)

    head = replace(block, runs=runs_of(head_lines), lines=head_lines, keep_with_next=False)
    tail = replace(block, runs=runs_of(tail_lines), lines=tail_lines, space_before=0.0, continued=True)
    return head, tail


def paginate(
    blocks: Sequence[Block],
    width: float,
    height: float,
    fonts: FontSet,
    *,
    header: Sequence[Block] = (),
) -> list[list[Block]]:
    """Return `blocks` split into pages, each fitting a box `width` × `height` points.

    `header` blocks start every page (a repeated lead-in line) and take their
    height from each. A block moves whole to the next page when it fits there;
    one taller than a page is split between lines, and the later pieces are
    marked `continued`. A block marked `keep_with_next` moves with the block
    after it: blocks so linked move as one when they fit on a page together (a
    support contact's name and how to reach them), else each keeps with the
    next one's first line. Nothing is ever dropped: a page holds at least one line even if that line alone is
    too tall.
    """
    head = [measure(b, width, fonts) for b in header]
    room = height - blocks_height(head)
    queue = [measure(b, width, fonts) for b in blocks]
    pages: list[list[Block]] = []
    page: list[Block] = []
    used = 0.0

    def new_page() -> None:
        nonlocal page, used
        pages.append(page)
        page, used = [], 0.0

    i = 0
    while i < len(queue):
        block = queue[i]
        space = block.space_before if (page or head) else 0.0
        need = space + len(block.lines or ()) * block.pitch
        if page and block.keep_with_next and i + 1 < len(queue):
            # A run of blocks each kept with the next moves as one when it fits on a page of its own
            # (else each block after the first could move on alone, leaving the others behind);
            # a run taller than a page keeps this block with the next one's first line.
            end = i + 1
            while end < len(queue) - 1 and queue[end].keep_with_next:
                end += 1
            run = queue[i : end + 1]
            rest = sum(b.space_before + len(b.lines or ()) * b.pitch for b in run[1:])
            fresh = (block.space_before if head else 0.0) + need - space + rest
            follower = queue[i + 1]
            follows = rest if fresh <= room else follower.space_before + follower.pitch
            if used + need + follows > room:
                new_page()
                continue
        if used + need <= room:
            page.append(block)
            used += need
            i += 1
            continue
        fresh_space = block.space_before if head else 0.0
        if page and fresh_space + len(block.lines or ()) * block.pitch <= room:
            new_page()  # fits whole on the next page
            continue
        fit = int((room - used - space + 1e-6) // block.pitch)
        if fit < 1 and page:
            new_page()
            continue
        fit = max(fit, 1)
        if fit >= len(block.lines or ()):  # one line taller than the page: place it anyway
            page.append(block)
            i += 1
            new_page()
            continue
        top, rest = _split(block, fit)
        page.append(top)
        queue[i] = rest
        new_page()
    if page or not pages:
        pages.append(page)
    return [head + p for p in pages]
