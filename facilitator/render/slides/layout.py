"""Fit the logical slides onto real ones: sizes, wrapping, continuation slides, and every box.

`build_deck(plan)` is the slide model's entry point: it takes the specs of
`facilitator.render.slides.content`, gives every slide a unique title, fits
each spec's title and body into its boxes (text is measured with the theme's
slide font, never left to autofit; what does not fit continues on a slide
titled "… (2 of 3)", and nothing is set smaller than the theme's minimum
size), and returns the `Deck` of `facilitator.render.slides.model`, every
line measured and placed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from facilitator.planning.plan import Plan
from facilitator.render.slides.content import Look, SlideSpec, build_specs, slide_fonts
from facilitator.render.slides.model import (
    Box,
    Deck,
    Layout,
    Line,
    Marker,
    Paragraph,
    Picture,
    Placeholder,
    Rect,
    Slide,
    Span,
    TextFrame,
)
from facilitator.render.slides.words import Labels
from facilitator.text.layout import Block, FontSet, blocks_height, measure, paginate, wrap
from facilitator.text.markup import Run

EMU_PER_PT = 12700
SLIDE_W, SLIDE_H = 960.0, 540.0  # 16:9, 13.333 × 7.5 in
MARGIN_X = 54.0
TITLE_TOP = 30.0
TITLE_GAP = 22.0  # from the title's box to the body's box (the accent rule sits in it)
BOTTOM_MARGIN = 34.0
INSET_X, INSET_Y = 7.2, 3.6  # text-frame insets, as PowerPoint's defaults
INSETS = (INSET_X, INSET_Y, INSET_X, INSET_Y)
WRAP_FACTOR = 0.98  # wrap a little short of the measured width: renderers differ by ~1 %
HEIGHT_FACTOR = 0.97
TITLE_MAX_LINES = 2
BREAK_OFFSET = 90.0  # the break slide's body sits this much lower than other slides'
TITLE_SLIDE_LEFT = MARGIN_X + 24
TITLE_SLIDE_WIDTH = SLIDE_W - TITLE_SLIDE_LEFT - MARGIN_X - 40
TITLE_SLIDE_GAP = 18.0
LAYOUT_TITLE, LAYOUT_CONTENT = 0, 1
BULLET = "•"


@dataclass
class Page:
    """One slide's text, fitted: its title, title size and lines, and its body blocks (measured)."""

    title: str
    title_size: float
    title_lines: int
    body: list[Block]
    notes: list[str]
    spec: SlideSpec


class Fitter:
    """Fit SlideSpecs onto slides: choose sizes, paginate, and lay every slide out as a model Slide."""

    def __init__(self, plan: Plan) -> None:
        """Read the theme's font, sizes and colours."""
        self.plan = plan
        self.labels = Labels(plan.words)
        self.theme = plan.theme
        self.fonts: FontSet = slide_fonts(plan)
        self.sizes = plan.theme.sizes
        self.footer = bool(plan.theme.footer)
        self.colours = {k: _hex(v) for k, v in plan.theme.colours.model_dump().items()}
        self.font = plan.theme.fonts.slides.name

    # Fitting -------------------------------------------------------------

    def title_fit(self, title: str, width: float, size: float) -> tuple[float, int]:
        """Return a title size (heading size, shrinking to the minimum) and its line count."""
        inner = (width - 2 * INSET_X) * WRAP_FACTOR
        runs = (Run(title, bold=True),)
        candidate = size
        while True:
            lines = len(wrap(runs, inner, self.fonts, candidate))
            if lines <= TITLE_MAX_LINES or candidate <= self.sizes.minimum:
                return candidate, lines
            candidate = max(self.sizes.minimum, candidate - 2)

    def body_box(self, title_size: float, title_lines: int) -> tuple[float, float]:
        """Return the body's top and height, in points, under a title of that many lines."""
        title_h = title_lines * title_size * 1.2 + 2 * INSET_Y
        top = TITLE_TOP + title_h + TITLE_GAP
        bottom = SLIDE_H - BOTTOM_MARGIN - (self.sizes.minimum * 1.2 + 2 * INSET_Y + 6 if self.footer else 0)
        return top, bottom - top

    def inner_width(self) -> float:
        """Return the width text wraps against inside the body box."""
        return (SLIDE_W - 2 * MARGIN_X - 2 * INSET_X) * WRAP_FACTOR

    def pages(self, spec: SlideSpec) -> list[Page]:
        """Return the slides one spec needs."""
        if spec.kind == "title":
            return [self.title_page(spec)]
        width = SLIDE_W - 2 * MARGIN_X
        size, lines = self.title_fit(spec.title, width, self.sizes.heading)
        pages = self._paginate(spec, size, lines)
        if len(pages) > 1:
            # Make room for " (2 of 3)" in the title and lay out again.
            suffix = " (00 of 00)" if len(pages) > 9 else " (0 of 0)"
            size, lines = self.title_fit(spec.title + suffix, width, self.sizes.heading)
            pages = self._paginate(spec, size, lines)
        out = []
        for n, body in enumerate(pages, start=1):
            title = (
                spec.title
                if len(pages) == 1
                else self.labels.CONTINUED.format(title=spec.title, n=n, total=len(pages))
            )
            notes = spec.notes
            if len(pages) > 1:
                notes = [notes[0], self.labels.SLIDE_OF_PART.format(n=n, total=len(pages)), *notes[1:]]
            out.append(Page(title, size, lines, body, notes, spec))
        return out

    def title_page(self, spec: SlideSpec) -> Page:
        """Return the title slide, its text shrunk (never below the minimum) to fit between margins."""
        room = SLIDE_H - 2 * (100.0 if self.theme.logo else 40.0)
        inner = (TITLE_SLIDE_WIDTH - 2 * INSET_X) * WRAP_FACTOR
        factor = 1.0
        while True:
            size, lines = self.title_fit(
                spec.title, TITLE_SLIDE_WIDTH, max(self.sizes.minimum, self.sizes.title * factor)
            )
            body = [measure(_scale(b, factor, self.sizes.minimum), inner, self.fonts) for b in spec.body]
            total = lines * size * 1.2 + 2 * INSET_Y + TITLE_SLIDE_GAP + blocks_height(body) + 2 * INSET_Y
            smallest = min([size] + [b.size for b in body])
            if total <= room or smallest <= self.sizes.minimum:
                return Page(spec.title, size, lines, body, spec.notes, spec)
            factor *= 0.92

    def _paginate(self, spec: SlideSpec, title_size: float, title_lines: int) -> list[list[Block]]:
        _top, height = self.body_box(title_size, title_lines)
        if spec.kind == "break":
            height -= BREAK_OFFSET
        height = height * HEIGHT_FACTOR - 2 * INSET_Y
        width = self.inner_width()
        body, header = spec.body, spec.header
        pages = paginate(body, width, height, self.fonts, header=header)
        if len(pages) > 1 and spec.shrink:
            body_size = self.sizes.body
            floor = max(self.sizes.minimum, body_size - 2)
            size = body_size - 2
            while size >= floor:
                scaled = [_scale(b, size / body_size) for b in body]
                heads = [_scale(b, size / body_size, self.sizes.minimum) for b in header]
                trial = paginate(scaled, width, height, self.fonts, header=heads)
                if len(trial) == 1:
                    return trial
                size -= 2
        return pages

    # Placing -------------------------------------------------------------

    def slide(self, page: Page) -> Slide:
        """Return the model Slide of a fitted page: its frames, rules, pictures and notes."""
        spec = page.spec
        if spec.kind == "title":
            frames, rects, pictures, layout, background = self._title_slide(page)
        else:
            frames, rects, pictures, layout, background = self._content_slide(page)
        return Slide(
            title=page.title,
            kind=spec.kind,
            layout=layout,
            background=background,
            frames=tuple(frames),
            rects=tuple(rects),
            pictures=tuple(pictures),
            notes=tuple(page.notes),
            segment=spec.segment,
            for_room=spec.for_room,
        )

    def _title_slide(self, page: Page) -> tuple[list[TextFrame], list[Rect], list[Picture], int, str | None]:
        c = self.colours
        background = None if self.theme.template else c["title_background"]
        left, width = TITLE_SLIDE_LEFT, TITLE_SLIDE_WIDTH
        title_h = page.title_lines * page.title_size * 1.2 + 2 * INSET_Y
        body_h = blocks_height(page.body) + 2 * INSET_Y
        total = title_h + TITLE_SLIDE_GAP + body_h
        top = max(40.0, (SLIDE_H - total) / 2)
        title_block = Block((Run(page.title, bold=True),), page.title_size, style=Look(colour="title_text"))
        title = self.frame(
            "title", "Title", Box(left, top, width, title_h), [title_block], Placeholder("ctrTitle", 0)
        )
        body_box = Box(left, top + title_h + TITLE_SLIDE_GAP, width, body_h)
        body = self.frame("subtitle", "Subtitle", body_box, page.body, Placeholder("subTitle", 1))
        # An accent rule beside the title block.
        rule = c["accent"] if c["accent"] != c["title_background"] else c["title_text"]
        rects = [Rect("Accent rule", Box(MARGIN_X, top + INSET_Y, 6, total - 2 * INSET_Y), rule)]
        pictures = []
        if self.theme.logo:
            org = self.plan.workshop.organisation
            box = _logo_box(self.theme.logo)
            alt = self.labels.LOGO_OF.format(organisation=org) if org else self.labels.LOGO
            pictures.append(Picture("Logo", self.theme.logo, box, alt))
        return [title, body], rects, pictures, LAYOUT_TITLE, background

    def _content_slide(
        self, page: Page
    ) -> tuple[list[TextFrame], list[Rect], list[Picture], int, str | None]:
        width = SLIDE_W - 2 * MARGIN_X
        title_h = page.title_lines * page.title_size * 1.2 + 2 * INSET_Y
        title_block = Block((Run(page.title, bold=True),), page.title_size, style=Look(colour="heading"))
        title = self.frame(
            "title", "Title", Box(MARGIN_X, TITLE_TOP, width, title_h), [title_block], Placeholder("title", 0)
        )
        rects = [
            Rect(
                "Accent rule", Box(MARGIN_X + INSET_X, TITLE_TOP + title_h + 7, 64, 4), self.colours["accent"]
            )
        ]
        top, height = self.body_box(page.title_size, page.title_lines)
        if page.spec.kind == "break":
            top, height = top + BREAK_OFFSET, height - BREAK_OFFSET
        frames = [
            title,
            self.frame("body", "Body", Box(MARGIN_X, top, width, height), page.body, Placeholder("body", 1)),
        ]
        if self.theme.footer:
            size = self.sizes.minimum
            h = size * 1.2 + 2 * INSET_Y
            box = Box(MARGIN_X, SLIDE_H - BOTTOM_MARGIN - h + 8, width, h)
            block = Block((Run(self.theme.footer),), size, style=Look(colour="muted"))
            frames.append(self.frame("footer", "Footer", box, [block], None))
        return frames, rects, [], LAYOUT_CONTENT, None

    def frame(
        self,
        role: str,
        name: str,
        box: Box,
        blocks: Sequence[Block],
        placeholder: Placeholder | None,
        anchor: str = "t",
    ) -> TextFrame:
        """Return a text frame: `blocks` measured inside `box` and turned into placed paragraphs."""
        inner_width = box.width - INSETS[0] - INSETS[2]
        wrap_width = inner_width * WRAP_FACTOR
        paragraphs = []
        y = 0.0
        for i, block in enumerate(blocks):
            block = measure(block, wrap_width, self.fonts)
            if i:
                y += block.space_before
            paragraph = self.paragraph(block, inner_width, y)
            paragraphs.append(paragraph)
            y += len(paragraph.lines) * paragraph.pitch
        return TextFrame(role, name, box, INSETS, anchor, tuple(paragraphs), placeholder)

    def paragraph(self, block: Block, inner_width: float, top: float) -> Paragraph:
        """Return a measured block as a model Paragraph whose lines start at `top` in its frame."""
        look = block.style if isinstance(block.style, Look) else Look()
        colour = self.colours[look.colour]
        muted = self.colours["muted"]

        def spans(runs: Sequence[Run], start: int = 0) -> tuple[Span, ...]:
            out = []
            for i, run in enumerate(runs, start=start):
                shade = muted if look.muted_from is not None and i >= look.muted_from else colour
                out.append(Span(run.text, shade, run.bold, run.italic, run.href))
            return tuple(out)

        marker = None
        if not block.continued:
            accent = self.colours["accent"]
            if look.bullet:
                marker = Marker("bullet", BULLET, accent)
            elif look.number is not None:
                marker = Marker("number", f"{look.number}.", accent)
            elif look.prefix is not None:
                marker = Marker("prefix", look.prefix, accent, bold=True)
        all_spans = spans(block.runs)
        lines = []
        # Lines hold pieces of the block's runs; colour each piece by the run it came from.
        index = _RunIndex(block.runs)
        for n, line in enumerate(block.lines or ()):
            pieces = index.take(line.runs)
            x = block.indent
            room = inner_width - block.indent
            if look.align == "ctr":
                x += max(0.0, (room - line.width) / 2)
            elif look.align == "r":
                x += max(0.0, room - line.width)
            line_spans = tuple(
                Span(run.text, all_spans[i].colour, run.bold, run.italic, run.href) for run, i in pieces
            )
            lines.append(Line(line_spans, line.width, x, top + n * block.pitch))
        return Paragraph(
            spans=all_spans,
            size=block.size,
            font=self.font,
            indent=block.indent,
            space_before=block.space_before,
            line_pitch=block.line_pitch,
            align=look.align,
            marker=marker,
            lines=tuple(lines),
            continued=block.continued,
        )


class _RunIndex:
    """Walks a block's runs as its lines consume them, to say which run each line's piece came from."""

    def __init__(self, runs: Sequence[Run]) -> None:
        self.runs = list(runs)
        self.i = 0  # the run being consumed
        self.used = 0  # characters of it already consumed

    def take(self, pieces: Sequence[Run]) -> list[tuple[Run, int]]:
        """Return each piece of a line with the index of the run it belongs to (splitting merged pieces)."""
        out: list[tuple[Run, int]] = []
        for piece in pieces:
            text = piece.text
            while text:
                while self.i < len(self.runs) and self.used >= len(self.runs[self.i].text):
                    self.i, self.used = self.i + 1, 0
                if self.i >= len(self.runs):  # more text than runs (should not happen): keep it
                    out.append((replace(piece, text=text), len(self.runs) - 1))
                    break
                run = self.runs[self.i]
                rest = run.text[self.used :]
                while rest[:1].isspace() and not text[:1].isspace():  # spaces the wrapper dropped
                    self.used += 1
                    rest = rest[1:]
                if not rest:
                    continue
                # The wrapper may have joined neighbouring runs: consume what belongs to this one.
                n = min(len(rest), len(text)) if text.startswith(rest) or rest.startswith(text) else len(text)
                out.append((replace(piece, text=text[:n]), self.i))
                self.used += n
                text = text[n:]
        return out


def _scale(block: Block, factor: float, floor: float = 0.0) -> Block:
    size = max(floor, block.size * factor)
    ratio = size / block.size
    return replace(
        block, size=size, indent=block.indent * ratio, space_before=block.space_before * ratio, lines=None
    )


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


def _logo_box(path) -> Box:  # type: ignore[no-untyped-def]
    """Return the logo's box: 60 pt high (at most 160 pt wide) in the top-right corner.

    Sizes are worked out in EMU as python-pptx would from the image's pixels and
    resolution, so the painter places exactly this box.
    """
    from PIL import Image

    with Image.open(path) as image:
        px_w, px_h = image.size
        dpi = image.info.get("dpi")
    horz, vert = (_int_dpi(dpi[0]), _int_dpi(dpi[1])) if isinstance(dpi, tuple) else (72, 72)
    native_cx, native_cy = int(914400 * px_w / horz), int(914400 * px_h / vert)
    height = round(60 * EMU_PER_PT)
    width = round(native_cx * (float(height) / float(native_cy)))
    most = round(160 * EMU_PER_PT)
    if width > most:
        height = round(height * (160 * EMU_PER_PT / width))
        width = most
    left = round((SLIDE_W - MARGIN_X) * EMU_PER_PT) - width
    return Box(left / EMU_PER_PT, 30.0, width / EMU_PER_PT, height / EMU_PER_PT)


def _int_dpi(value: object) -> int:
    try:
        dpi = round(float(value))  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return 72
    return dpi if 1 <= dpi <= 2048 else 72


def _first_clock(notes: Sequence[str]) -> str | None:  # `10:15–`, `10 h 15 –`
    for line in notes:
        match = re.search(r"\b(\d\d?(?::|\u00a0h\u00a0)\d\d)\u202f?–", line)
        if match:
            return match.group(1)
    return None


def unique_titles(specs: list[SlideSpec], labels: Labels) -> None:
    """Give every spec a title no other spec has (a repeated title gets its clock time)."""
    seen: set[str] = set()
    for spec in specs:
        candidate = spec.title
        if candidate.casefold() in seen:
            candidate = f"{spec.title} ({_first_clock(spec.notes) or labels.AGAIN})"
        n = 2
        while candidate.casefold() in seen:
            candidate = f"{spec.title} ({n})"
            n += 1
        seen.add(candidate.casefold())
        spec.title = candidate


def build_deck(plan: Plan) -> Deck:
    """Return the slide model of a workshop's deck: every slide laid out, in order, with unique titles."""
    specs = build_specs(plan)
    unique_titles(specs, Labels(plan.words))
    fitter = Fitter(plan)
    pages = [page for spec in specs for page in fitter.pages(spec)]
    # A continuation title could collide with a real one; make those unique too.
    seen: set[str] = set()
    for page in pages:
        n = 2
        base = page.title
        while page.title.casefold() in seen:
            page.title = f"{base} [{n}]"
            n += 1
        seen.add(page.title.casefold())
    slides = tuple(fitter.slide(page) for page in pages)
    layouts = (Layout(1, "Title Slide", LAYOUT_TITLE), Layout(1, "Title and Content", LAYOUT_CONTENT))
    return Deck(
        width=SLIDE_W,
        height=SLIDE_H,
        template=plan.theme.template,
        layouts=layouts,
        slides=slides,
        colours=dict(fitter.colours),
        font=fitter.font,
        language=plan.workshop.language,
    )
