"""The pieces slides and their notes are made of: paragraphs, bullets, a lead-in line, notes lines.

`SpecWriter` is the base of the content builder (`facilitator.render.slides.content.Builder`):
it holds the plan, the labels in the workshop's language and the sizes, and
makes the `Block`s of a slide's body and the lines of its speaker notes, so
that the builder says only which slides a workshop has and what is on them.
"""

from __future__ import annotations

from collections.abc import Sequence

from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.render.slides.notes_text import note_parts
from facilitator.render.slides.specs import Look, SlideSizes, SlideSpec, slide_fonts
from facilitator.render.slides.words import Labels
from facilitator.text.layout import Block
from facilitator.text.markup import Run, parse_inline, plain_text
from facilitator.text.wording import tidy

PLAIN = Look()  # a paragraph in the text colour, without bullet or number


def runs_of(text: str) -> tuple[Run, ...]:
    return parse_inline(text)


def plain_runs(text: str) -> tuple[Run, ...]:
    return (Run(text),)


class SpecWriter:
    """What every slide builder needs: paragraphs, bullets, a lead-in line, and speaker-notes lines."""

    def __init__(self, plan: Plan, sizes: SlideSizes, *, clock: bool = True) -> None:
        """Keep the plan and the sizes paragraphs start from; without `clock`, slides show no clock time."""
        self.clock = clock
        self.plan = plan
        self.W = Labels(plan.words)  # every label, in the workshop's language
        self.sizes = sizes
        self.specs: list[SlideSpec] = []
        self._segment: int | None = None  # the segment whose slides are being queued

    # Paragraph helpers ---------------------------------------------------

    def para(
        self,
        runs: Sequence[Run],
        size: float,
        look: Look = PLAIN,
        before: float = 0.0,
        indent: float | None = None,
    ) -> Block:
        """Return a body paragraph; bulleted and numbered ones hang from an indent."""
        if indent is None:
            indent = size * 1.1 if (look.bullet or look.number is not None) else 0.0
        return Block(tuple(runs), size, indent=indent, space_before=before, style=look)

    def bullets(self, texts: Sequence[str], size: float, numbered: bool = False) -> list[Block]:
        """Return one bulleted (or numbered) paragraph per text, all hanging from one indent."""
        indent = size * 1.1
        if numbered:
            indent = max(indent, slide_fonts(self.plan).width(f"{len(texts)}.", size) + size * 0.6)
        blocks = []
        for i, text in enumerate(texts, start=1):
            look = Look(number=i) if numbered else Look(bullet=True)
            blocks.append(self.para(runs_of(text), size, look, size * 0.45 if i > 1 else 0.0, indent))
        return blocks

    def meta(self, parts: Sequence[str]) -> list[Block]:
        """Return the lead-in line repeated on each slide of a segment (format, time…)."""
        parts = [p for p in parts if p]
        if not parts:
            return []
        size = max(self.sizes.minimum, self.sizes.body - 4)
        return [self.para((Run(" · ".join(parts), bold=True),), size, Look(colour="accent"))]

    def add(self, spec: SlideSpec) -> None:
        """Queue a slide, as part of the segment being built; its notes read as sentences."""
        if spec.segment is None:
            spec.segment = self._segment
        spec.notes = [tidy(line) for line in spec.notes]
        self.specs.append(spec)

    # Notes ---------------------------------------------------------------

    def segment_tail(self, segment: PlannedSegment) -> list[str]:
        """Return the last lines of a segment's speaker notes: its own notes, then the cue."""
        return [*self.own_notes(segment.notes), self.W.MOVE_ON.format(cue=segment.cue())]

    def own_notes(self, text: str | None) -> list[str]:
        """Return a segment's own `notes:` as notes lines: its paragraphs, and a list as a list.

        A YAML block may hold a list ("- Bring markers"); run together it would
        read as one sentence with dashes in it, so each item keeps its own line.
        """
        lines: list[str] = []
        for kind, part in note_parts(text or ""):
            if kind == "item":
                lines.append(self.W.ITEM.format(text=plain_text(part)))
            elif not lines:
                lines.append(self.W.NOTES.format(text=plain_text(part)))
            else:
                lines.append(plain_text(part))
        if lines and not lines[0].startswith(self.W.NOTES.format(text="").strip()):
            lines.insert(0, self.W.NOTES.format(text="").strip())
        return lines

    def timing(self, segment: PlannedSegment) -> str:
        """Return a notes line with the segment's kind, clock time and minutes."""
        return self.W.TIMING.format(
            kind=segment.kind_label, title=segment.title, times=segment.times, minutes=segment.minutes
        )

    def listing(self, heading: str, items: Sequence[str]) -> list[str]:
        """Return a notes section: a heading line then one line per item."""
        if not items:
            return []
        return [self.W.LISTING.format(heading=heading)] + [
            self.W.ITEM.format(text=plain_text(item)) for item in items
        ]
