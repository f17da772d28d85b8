"""Place fitted pages on slides: every text frame's paragraphs and lines, positioned and coloured.

`facilitator.render.slides.layout` decides what goes on each slide (sizes, wrapping,
continuation slides) and hands each slide over as a `Page`; a `Placer` turns a Page
into the model `Slide` of `facilitator.render.slides.model`: the title, body and footer
frames with every measured line at its place, markers in the indent, each piece of a
line in its run's colour, a slide's QR codes with their captions, and the logo.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace

from facilitator.planning.plan import Plan
from facilitator.render.slides.frames import Frames, FrameSpec
from facilitator.render.slides.model import (
    Box,
    Line,
    Marker,
    Paragraph,
    Picture,
    Slide,
    Span,
    TextFrame,
)
from facilitator.render.slides.specs import Look, SlideSizes, SlideSpec, slide_fonts
from facilitator.render.slides.words import Labels
from facilitator.text.layout import Block, FontSet, measure
from facilitator.text.markup import Run

WRAP_FACTOR = 0.98  # wrap a little short of the measured width: renderers differ by ~1 %
BULLET = "•"
CODES_PER_ROW = 3  # QR codes in a row of a `codes` slide
CODE_GAP = 12.0  # between a code, its caption and the next cell
CODE_LARGEST = 220.0  # a code's side at most (about 3 in on a 13.3 in wide slide)


@dataclass
class Page:
    """One slide's text, fitted: its title (size, lines, box), its body blocks (measured) and notes."""

    title: str
    title_size: float
    title_box: Box
    body: list[Block]
    body_box: Box
    notes: list[str]
    spec: SlideSpec
    codes: tuple[tuple[str, str], ...] = ()  # the QR codes this slide shows (a `codes` spec)


class Placer:
    """Lay fitted pages out as model slides, in the theme's slide font and colours."""

    def __init__(self, plan: Plan, frames: Frames, sizes: SlideSizes) -> None:
        """Read the theme's font and colours and the template's frames."""
        self.plan = plan
        self.labels = Labels(plan.words)
        self.theme = plan.theme
        self.frames = frames
        self.fonts: FontSet = slide_fonts(plan)
        self.sizes = sizes
        self.colours = {k: _hex(v) for k, v in plan.theme.colours.model_dump().items()}
        self.font = plan.theme.fonts.slides.name

    def code_cells(self, page: Page, body: TextFrame) -> tuple[list[TextFrame], list[Picture]]:
        """Return each QR code of a page, under the intro: the code's picture, and under it what it
        opens and its address, three codes a row, as large as the room under the intro allows."""
        area_top = body.box.top + body.text_height + body.insets[1] + body.insets[3] + CODE_GAP
        area = Box(body.box.left, area_top, body.box.width, max(body.box.bottom - area_top, 0.0))
        count = len(page.codes)
        columns = min(count, CODES_PER_ROW)
        rows = -(-count // CODES_PER_ROW)
        cell_w, cell_h = area.width / columns, area.height / rows
        size = self.sizes.minimum
        spec = FrameSpec("code", "", area, (2.0, 2.0, 2.0, 2.0), "t", "ctr", None, None, None, None)
        captions = []
        for label, url in page.codes:
            blocks = [
                Block((Run(label, bold=True),), size, style=Look(align="ctr")),
                Block((Run(url, href=url),), size, style=Look(colour="muted", align="ctr")),
            ]
            captions.append(self.frame(spec, Box(0, 0, cell_w - CODE_GAP, cell_h), blocks, {}))
        caption_h = max(c.text_height for c in captions) + 4.0 + CODE_GAP
        side = max(min(cell_w - 2 * CODE_GAP, cell_h - caption_h, CODE_LARGEST), 0.0)
        texts, pictures = [], []
        for i, ((label, url), caption) in enumerate(zip(page.codes, captions, strict=True)):
            row, column = divmod(i, CODES_PER_ROW)
            in_row = min(CODES_PER_ROW, count - row * CODES_PER_ROW)  # a short last row is centred
            left = area.left + (area.width - in_row * cell_w) / 2 + column * cell_w
            top = area.top + row * cell_h
            box = Box(left + (cell_w - side) / 2, top, side, side)
            alt = self.labels.QR_CODE_OF.format(name=label, url=url)
            pictures.append(Picture(f"QR code {i + 1}", None, box, alt, qr=url))
            under = Box(
                left + CODE_GAP / 2, top + side + CODE_GAP / 2, cell_w - CODE_GAP, caption_h - CODE_GAP
            )
            texts.append(replace(caption, name=f"QR code {i + 1}: address", box=under))
        return texts, pictures

    def slide(self, page: Page) -> Slide:
        """Return the model Slide of a fitted page: its frames, pictures and notes."""
        spec = page.spec
        if spec.kind == "title":
            frames = self.frames.title
            colour = self.colours["title_text"]
            title_colour = frames.title.colour or colour
            body_colours = {"title_text": frames.body.colour or colour}
            background = None if frames.own_background else self.colours["title_background"]
        else:
            frames = self.frames.content
            title_colour = frames.title.colour or self.colours["heading"]
            body_colours = {"text": frames.body.colour or self.colours["text"]}
            background = None
        title_block = Block(
            (Run(page.title, bold=self._title_bold(frames.title)),),
            page.title_size,
            style=Look(colour="title", align=frames.title.align),
        )
        texts = [
            self.frame(frames.title, page.title_box, [title_block], {"title": title_colour}),
            self.frame(
                frames.body,
                page.body_box,
                page.body,
                body_colours,
                anchor="ctr" if spec.kind == "break" else None,
            ),
        ]
        if frames.footer is not None and self.theme.footer:
            footer = frames.footer
            block = Block(
                (Run(self.theme.footer),),
                self.sizes.minimum,
                style=Look(colour="footer", align=footer.align),
            )
            texts.append(
                self.frame(footer, footer.box, [block], {"footer": footer.colour or self.colours["muted"]})
            )
        pictures = []
        if page.codes:
            # The body holds the intro line alone; the codes fill the room under it.
            body = texts[1]
            texts[1] = replace(
                body, box=replace(body.box, height=body.text_height + body.insets[1] + body.insets[3])
            )
            cells, pictures = self.code_cells(page, body)
            texts += cells
        if spec.kind == "title" and self.theme.logo and self.frames.logo_box is not None:
            org = self.plan.workshop.organisation
            alt = self.labels.LOGO_OF.format(organisation=org) if org else self.labels.LOGO
            pictures.append(Picture("Logo", self.theme.logo, self.frames.logo_box, alt))
        return Slide(
            title=page.title,
            kind=spec.kind,
            layout=frames.layout,
            background=background,
            frames=tuple(texts),
            rects=(),
            pictures=tuple(pictures),
            notes=tuple(page.notes),
            segment=spec.segment,
            for_room=spec.for_room,
        )

    @staticmethod
    def _title_bold(spec: FrameSpec) -> bool:
        return spec.bold if spec.bold is not None else True

    def frame(
        self,
        spec: FrameSpec,
        box: Box,
        blocks: Sequence[Block],
        colours: dict[str, str],
        anchor: str | None = None,
    ) -> TextFrame:
        """Return a text frame: `blocks` measured inside `box` and turned into placed paragraphs."""
        left, _top, right, _bottom = spec.insets
        inner_width = box.width - left - right
        wrap_width = inner_width * WRAP_FACTOR
        palette = {**self.colours, **colours}
        paragraphs = []
        y = 0.0
        for i, block in enumerate(blocks):
            block = measure(block, wrap_width, self.fonts)
            if i:
                y += block.space_before
            paragraph = self.paragraph(block, inner_width, y, palette)
            paragraphs.append(paragraph)
            y += len(paragraph.lines) * paragraph.pitch
        return TextFrame(
            spec.role, spec.name, box, spec.insets, anchor or spec.anchor, tuple(paragraphs), spec.placeholder
        )

    def paragraph(self, block: Block, inner_width: float, top: float, palette: dict[str, str]) -> Paragraph:
        """Return a measured block as a model Paragraph whose lines start at `top` in its frame."""
        look = block.style if isinstance(block.style, Look) else Look()
        colour = palette[look.colour]
        muted = palette["muted"]

        def spans(runs: Sequence[Run], start: int = 0) -> tuple[Span, ...]:
            out = []
            for i, run in enumerate(runs, start=start):
                shade = muted if look.muted_from is not None and i >= look.muted_from else colour
                out.append(Span(run.text, shade, run.bold, run.italic, run.href))
            return tuple(out)

        marker = None
        if not block.continued:
            accent = palette["accent"]
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


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()
