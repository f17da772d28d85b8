"""Fit the logical slides onto real ones: sizes, wrapping, continuation slides, and every box.

`build_deck(plan)` is the slide model's entry point. It reads where the
template puts text (`facilitator.render.slides.frames`), takes the specs of
`facilitator.render.slides.content`, gives every slide a unique title, and
fits each spec into its layout's boxes: the title shrinks (never below the
theme's minimum) until it fits its box; the body is measured with the slide
font, never left to autofit, and what does not fit continues on a slide titled
"… (2 of 3)", the parts balanced so that none holds a lone line. It returns the
`Deck` of `facilitator.render.slides.model`, every line measured and placed (the
placing, page by page, is `facilitator.render.slides.placing`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import replace

from facilitator.planning.plan import Plan
from facilitator.render.slides.content import build_specs
from facilitator.render.slides.frames import Frames, FrameSpec, LayoutFrames
from facilitator.render.slides.model import (
    Box,
    Deck,
)
from facilitator.render.slides.placing import WRAP_FACTOR, Page, Placer
from facilitator.render.slides.specs import Look, SlideSizes, SlideSpec
from facilitator.render.slides.words import Labels
from facilitator.text.layout import Block, blocks_height, measure, paginate, wrap
from facilitator.text.markup import Run

HEIGHT_FACTOR = 0.97
TITLE_MAX_LINES = 2  # a content slide's title
TITLE_SLIDE_MAX_LINES = 3
TITLE_GAP = 8.0  # kept between a title that had to grow and the body under it
CODES_PER_SLIDE = 6  # QR codes on a `codes` slide


def slide_sizes(plan: Plan, frames: Frames) -> SlideSizes:
    """Return the sizes slides start from: the template's where its placeholders say, else the theme's."""
    theme = plan.theme.sizes
    floor = theme.minimum

    def size(value: float | None, default: float) -> float:
        return max(floor, value if value else default)

    body = size(frames.content.body.size, theme.body)
    return SlideSizes(
        title=size(frames.title.title.size, theme.title),
        subtitle=size(frames.title.body.size, theme.body + 4),
        heading=size(frames.content.title.size, theme.heading),
        body=body,
        minimum=floor,
        # Two points smaller at most; a template's larger body text may come down to the theme's.
        shrink_to=max(floor, min(body - 2, theme.body)),
    )


def _inner(spec: FrameSpec, box: Box | None = None) -> tuple[float, float]:
    """Return the width text wraps against and the height it may fill inside a frame's box."""
    box = box or spec.box
    left, top, right, bottom = spec.insets
    return (box.width - left - right) * WRAP_FACTOR, box.height * HEIGHT_FACTOR - top - bottom


class Fitter(Placer):
    """Fit SlideSpecs into the template's frames: choose sizes and paginate (`Placer` lays the slides out)."""

    def title_fit(self, title: str, spec: FrameSpec, size: float, most: int) -> tuple[float, float]:
        """Return a title's size (shrinking to the minimum until it fits its box) and the height it needs."""
        width, height = _inner(spec)
        runs = (Run(title, bold=self._title_bold(spec)),)
        candidate = size
        while True:
            lines = len(wrap(runs, width, self.fonts, candidate))
            need = lines * candidate * 1.2
            if (lines <= most and need <= height) or candidate <= self.sizes.minimum:
                return candidate, need
            candidate = max(self.sizes.minimum, candidate - 2)

    def content_boxes(self, frames: LayoutFrames, title_need: float) -> tuple[Box, Box]:
        """Return the title's and the body's boxes: the template's, unless the title needs more room.

        A title that does not fit its box even at the minimum size grows
        downwards, and a body below it starts lower; nothing is left to overflow.
        """
        title, body = frames.title.box, frames.body.box
        _left, top, _right, bottom = frames.title.insets
        need = title_need + top + bottom
        if need <= title.height + 0.01:
            return title, body
        grown = replace(title, height=need)
        if body.top < grown.bottom + TITLE_GAP and body.top >= title.top:
            shift = grown.bottom + TITLE_GAP - body.top
            body = replace(body, top=body.top + shift, height=max(body.height - shift, 0.0))
        return grown, body

    def pages(self, spec: SlideSpec) -> list[Page]:
        """Return the slides one spec needs."""
        if spec.kind == "title":
            return [self.title_page(spec)]
        if spec.kind == "codes":
            return self.code_pages(spec)
        frames = self.frames.content
        size, need = self.title_fit(spec.title, frames.title, self.sizes.heading, TITLE_MAX_LINES)
        title_box, body_box = self.content_boxes(frames, need)
        pages = self._paginate(spec, body_box)
        if len(pages) > 1:
            # Make room for " (2 of 3)" in the title and lay out again.
            suffix = " (00 of 00)" if len(pages) > 9 else " (0 of 0)"
            size, need = self.title_fit(
                spec.title + suffix, frames.title, self.sizes.heading, TITLE_MAX_LINES
            )
            title_box, body_box = self.content_boxes(frames, need)
            pages = self._paginate(spec, body_box)
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
            out.append(Page(title, size, title_box, body, body_box, notes, spec))
        return out

    def code_pages(self, spec: SlideSpec) -> list[Page]:
        """Return the slides of a spec of QR codes: its intro line, then up to six codes a slide."""
        frames = self.frames.content
        parts = -(-len(spec.codes) // CODES_PER_SLIDE)
        share = -(-len(spec.codes) // parts)  # shared out: seven codes are four and three, not six and one
        chunks = [spec.codes[i : i + share] for i in range(0, len(spec.codes), share)]
        suffix = "" if len(chunks) == 1 else " (00 of 00)" if len(chunks) > 9 else " (0 of 0)"
        size, need = self.title_fit(spec.title + suffix, frames.title, self.sizes.heading, TITLE_MAX_LINES)
        title_box, body_box = self.content_boxes(frames, need)
        out = []
        for n, chunk in enumerate(chunks, start=1):
            title, notes = spec.title, spec.notes
            if len(chunks) > 1:
                title = self.labels.CONTINUED.format(title=spec.title, n=n, total=len(chunks))
                notes = [notes[0], self.labels.SLIDE_OF_PART.format(n=n, total=len(chunks)), *notes[1:]]
            out.append(Page(title, size, title_box, list(spec.body), body_box, notes, spec, chunk))
        return out

    def title_page(self, spec: SlideSpec) -> Page:
        """Return the title slide: its title fitted to its box, the subtitle and details shrunk to theirs.

        Nothing is set below the minimum, and the subtitle never outgrows the title.
        """
        frames = self.frames.title
        size, need = self.title_fit(spec.title, frames.title, self.sizes.title, TITLE_SLIDE_MAX_LINES)
        title_box, body_box = self.content_boxes(frames, need)
        width, height = _inner(frames.body, body_box)
        align = frames.body.align
        factor = 1.0
        while True:
            body = []
            for block in spec.body:
                block = _scale(block, factor, self.sizes.minimum)
                if block.size > size:  # never larger than the title
                    block = _scale(block, size / block.size, self.sizes.minimum)
                look = block.style if isinstance(block.style, Look) else Look()
                body.append(measure(replace(block, style=replace(look, align=align)), width, self.fonts))
            smallest = min([b.size for b in body] or [size])
            if blocks_height(body) <= height or smallest <= self.sizes.minimum:
                break
            factor *= 0.92
        if blocks_height(body) > height:  # even at the minimum: the box grows down the page
            _left, top, _right, bottom = frames.body.insets
            need = (blocks_height(body) + top + bottom) / HEIGHT_FACTOR
            floor = self.frames.height * 0.96
            body_box = replace(body_box, height=max(body_box.height, min(need, floor - body_box.top)))
        return Page(spec.title, size, title_box, body, body_box, spec.notes, spec)

    def _paginate(self, spec: SlideSpec, box: Box) -> list[list[Block]]:
        width, height = _inner(self.frames.content.body, box)
        body, header = spec.body, spec.header
        pages = paginate(body, width, height, self.fonts, header=header)
        if len(pages) > 1 and spec.shrink:
            # A little smaller (never below `shrink_to`) when that needs fewer slides: the largest
            # size that needs the fewest.
            body_size = self.sizes.body
            size = body_size - 2
            chosen = body, header
            while size >= self.sizes.shrink_to:
                scaled = [_scale(b, size / body_size) for b in spec.body]
                heads = [_scale(b, size / body_size, self.sizes.minimum) for b in spec.header]
                trial = paginate(scaled, width, height, self.fonts, header=heads)
                if len(trial) < len(pages):
                    pages, chosen = trial, (scaled, heads)
                if len(trial) == 1:
                    return trial
                size -= 2
            body, header = chosen
        return self._balance(pages, body, header, width, height)

    def _balance(
        self, pages: list[list[Block]], body: list[Block], header: list[Block], width: float, height: float
    ) -> list[list[Block]]:
        """Return `pages` spread evenly: the shortest box height that still needs no more slides.

        Filling each slide to the brim leaves the last with what is over (the
        agenda's "End" row alone on "Agenda (2 of 2)"); lowering the height
        every slide may fill, for as long as the count stays the same, shares
        the text out instead.
        """
        if len(pages) < 2:
            return pages
        low, high, best = 0.0, height, pages
        for _ in range(12):
            middle = (low + high) / 2
            trial = paginate(body, width, middle, self.fonts, header=header)
            if len(trial) <= len(pages):
                high, best = middle, trial
            else:
                low = middle
            if high - low < 1.0:
                break
        return best


def _scale(block: Block, factor: float, floor: float = 0.0) -> Block:
    size = max(floor, block.size * factor)
    ratio = size / block.size
    return replace(
        block, size=size, indent=block.indent * ratio, space_before=block.space_before * ratio, lines=None
    )


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


# The last model built, with the Plan (by identity) and `clock` it was built for: deck.pptx and
# notes.pdf draw the same model, which is laid out once. Every part of a Deck is frozen.
_last: tuple[Plan, bool, Deck] | None = None


def build_deck(plan: Plan, *, clock: bool = True) -> Deck:
    """Return the slide model of a workshop's deck: every slide laid out, in order, with unique titles.

    Without `clock`, no slide shows a clock time (see `content.build_specs`). Asked again
    for the same Plan object and `clock`, it returns the model it built last.
    """
    global _last
    if _last is not None and _last[0] is plan and _last[1] == clock:
        return _last[2]
    deck = _lay_out(plan, clock)
    _last = (plan, clock, deck)
    return deck


def _lay_out(plan: Plan, clock: bool) -> Deck:
    """Build the slide model (see `build_deck`)."""
    frames = Frames(plan)
    sizes = slide_sizes(plan, frames)
    specs = build_specs(plan, sizes, clock=clock)
    unique_titles(specs, Labels(plan.words))
    fitter = Fitter(plan, frames, sizes)
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
    background = None if frames.content.own_background else fitter.colours["background"]
    return Deck(
        width=frames.width,
        height=frames.height,
        template=frames.template,
        layouts=frames.layouts,
        slides=slides,
        colours=dict(fitter.colours),
        font=fitter.font,
        language=plan.workshop.language,
        master_background=background,
    )
