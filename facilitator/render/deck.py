"""The slide deck: a 16:9, editable .pptx with speaker notes on every slide (python-pptx only).

Text is measured with the theme's slide font (`facilitator.text.layout`) and never
left to autofit: what does not fit continues on another slide titled
"… (2 of 3)", and nothing is set smaller than the theme's minimum size. The
file is byte-identical from one build to the next.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import zipfile
from collections.abc import Sequence
from copy import deepcopy
from dataclasses import dataclass, field, replace
from functools import lru_cache

from lxml import etree
from pptx import Presentation
from pptx.opc.constants import CONTENT_TYPE as CT
from pptx.opc.constants import RELATIONSHIP_TYPE as RT
from pptx.opc.packuri import PackURI
from pptx.opc.serialized import PackageWriter
from pptx.oxml.ns import qn
from pptx.parts.slide import NotesSlidePart, SlidePart
from pptx.presentation import Presentation as PresentationObject
from pptx.util import Emu

from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.render import Output
from facilitator.render.pptx_package import fix_package
from facilitator.render.pptx_speed import speed_up
from facilitator.text.layout import Block, FontSet, blocks_height, font_set, measure, paginate, wrap
from facilitator.text.markup import Run, parse_inline, plain_text
from facilitator.text.wording import format_label, long_date

Element = etree._Element  # an lxml element of the slide XML
EMU_PER_PT = 12700
SLIDE_W, SLIDE_H = 960.0, 540.0  # 16:9, 13.333 × 7.5 in
MARGIN_X = 54.0
TITLE_TOP = 30.0
TITLE_GAP = 22.0  # from the title's box to the body's box (the accent rule sits in it)
BOTTOM_MARGIN = 34.0
INSET_X, INSET_Y = 7.2, 3.6  # text-frame insets, as PowerPoint's defaults
WRAP_FACTOR = 0.98  # wrap a little short of the measured width: renderers differ by ~1 %
HEIGHT_FACTOR = 0.97
TITLE_MAX_LINES = 2
BREAK_SIZE = 72.0
BREAK_OFFSET = 90.0  # the break slide's body sits this much lower than other slides'
TITLE_SLIDE_LEFT = MARGIN_X + 24
TITLE_SLIDE_WIDTH = SLIDE_W - TITLE_SLIDE_LEFT - MARGIN_X - 40
TITLE_SLIDE_GAP = 18.0
LAYOUT_TITLE, LAYOUT_CONTENT = 0, 1
DECORATIVE_NS = "http://schemas.microsoft.com/office/drawing/2017/decorative"
# What an opening, reflection or closing slide says when the workshop gives it no prompts.
FREEFORM_LEADS = {
    "opening": "Welcome to {title}.",
    "reflection": "A few quiet minutes to reflect.",
    "closing": "Thank you for taking part.",
}


# ---------------------------------------------------------------------------
# What goes on a slide, before it is laid out


@dataclass(frozen=True)
class Look:
    """How a body paragraph is drawn: colour role, bullet or number, an agenda time prefix."""

    colour: str = "text"
    bullet: bool = False
    number: int | None = None
    prefix: str | None = None  # drawn before a tab in the indent (the agenda's clock time)
    muted_from: int | None = None  # runs from this index on are drawn in the muted colour
    align: str = "l"


@dataclass
class SlideSpec:
    """One logical slide: it becomes one or more slides once its body is paginated."""

    title: str
    notes: list[str]
    body: list[Block] = field(default_factory=list)
    header: list[Block] = field(default_factory=list)
    kind: str = "content"  # content | title | break
    shrink: bool = True  # may use a smaller body size (down to the minimum) to fit one slide


def _runs(text: str) -> tuple[Run, ...]:
    return parse_inline(text)


def _plain(text: str) -> tuple[Run, ...]:
    return (Run(text),)


class Builder:
    """Turn a Plan into SlideSpecs, in presentation order."""

    def __init__(self, plan: Plan) -> None:
        """Keep the plan and the theme's sizes for building paragraphs."""
        self.plan = plan
        self.sizes = plan.theme.sizes
        self.specs: list[SlideSpec] = []

    # Paragraph helpers ---------------------------------------------------

    def para(
        self,
        runs: Sequence[Run],
        size: float,
        look: Look = Look(),
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
            indent = max(indent, _fonts(self.plan).width(f"{len(texts)}.", size) + size * 0.6)
        blocks = []
        for i, text in enumerate(texts, start=1):
            look = Look(number=i) if numbered else Look(bullet=True)
            blocks.append(self.para(_runs(text), size, look, size * 0.45 if i > 1 else 0.0, indent))
        return blocks

    def meta(self, parts: Sequence[str]) -> list[Block]:
        """Return the lead-in line repeated on each slide of a segment (format, time…)."""
        parts = [p for p in parts if p]
        if not parts:
            return []
        size = max(self.sizes.minimum, self.sizes.body - 4)
        return [self.para((Run(" · ".join(parts), bold=True),), size, Look(colour="accent"))]

    def add(self, spec: SlideSpec) -> None:
        """Queue a slide."""
        self.specs.append(spec)

    # Notes ---------------------------------------------------------------

    @staticmethod
    def segment_tail(segment: PlannedSegment) -> list[str]:
        """Return the last lines of a segment's speaker notes: its own notes, then the cue."""
        lines = [f"Notes: {plain_text(segment.notes)}"] if segment.notes else []
        return [*lines, f"Move on: {segment.cue()}"]

    @staticmethod
    def timing(segment: PlannedSegment) -> str:
        """Return a notes line with the segment's kind, clock time and minutes."""
        return (
            f"{segment.kind_label}: {segment.title}. {segment.start}–{segment.end} "
            f"({segment.minutes} minutes)."
        )

    @staticmethod
    def listing(heading: str, items: Sequence[str]) -> list[str]:
        """Return a notes section: a heading line then one line per item."""
        if not items:
            return []
        return [f"{heading}:"] + [f"• {plain_text(item)}" for item in items]

    # Slides -----------------------------------------------------------------

    def build(self) -> list[SlideSpec]:
        """Return every slide of the deck, in order."""
        plan = self.plan
        self.title_slide()
        segments = plan.segments
        # Land acknowledgement, objectives, agenda, content note and agreements come first,
        # before anyone is asked to take part in anything.
        self.front_matter(segments[0])
        closing_done = False
        for segment in segments:
            self.segment(segment)
            if segment.kind == "closing" and not closing_done:
                self.closing(segment)
                closing_done = True
        if not closing_done:
            self.closing(segments[-1])
        return self.specs

    def title_slide(self) -> None:
        """Queue the title slide."""
        w = self.plan.workshop
        plan = self.plan
        when = f"{long_date(w.date)} · {plan.start}–{plan.end}"
        details = [when, w.location, w.organisation]
        if w.facilitators:
            details.append("Facilitated by " + _join_names(w.facilitators))
        size = max(self.sizes.minimum, self.sizes.body - 2)
        body = []
        if w.subtitle:
            body.append(self.para(_runs(w.subtitle), self.sizes.body + 4, Look(colour="title_text")))
        for j, line in enumerate(d for d in details if d):
            before = size * (1.2 if j == 0 and w.subtitle else 0.15)
            body.append(self.para(_plain(line), size, Look(colour="title_text"), before=before))
        first = plan.segments[0]
        notes = [
            f"{w.title}: {long_date(w.date)}, {plan.start}–{plan.end} ({plan.total_minutes} minutes).",
        ]
        if w.location:
            notes.append(f"Location: {w.location}.")
        if w.audience:
            notes.append(f"Audience: {w.audience}.")
        notes.append(f"Show this slide as people arrive. At {first.start}, start with {first.title}.")
        self.add(SlideSpec(w.title, notes, body, kind="title", shrink=False))

    def front_matter(self, first: PlannedSegment) -> None:
        """Queue the land acknowledgement, objectives, agenda, agreements and content note."""
        w = self.plan.workshop
        size = self.sizes.body
        cue = f"Then: {first.title}."
        when = self.timing(first) if first.kind == "opening" else f"Before {first.title} ({first.start})."
        if w.land_acknowledgement:
            self.add(
                SlideSpec(
                    "Land acknowledgement",
                    [when, "Read the acknowledgement slowly, in your own voice.", cue],
                    [self.para(_runs(w.land_acknowledgement), size)],
                )
            )
        if w.objectives:
            self.add(
                SlideSpec(
                    "Objectives",
                    [when, "Read the objectives and say how the agenda serves them.", cue],
                    self.bullets(w.objectives, size),
                )
            )
        self.agenda(when, cue)
        if w.content_note:
            intense = [s for s in self.plan.segments if s.scenario and s.scenario.intensity == "intense"]
            extra = [f"Name the intense role-play ahead: {s.title} at {s.start}." for s in intense] or [
                "Say where the harder material comes in the agenda."
            ]
            self.add(
                SlideSpec(
                    "Content note",
                    [
                        when,
                        "Read the content note aloud. Say that anyone may pass, observe or step out.",
                        *extra,
                        cue,
                    ],
                    [self.para(_runs(w.content_note), size)],
                )
            )
        if w.agreements:
            self.add(
                SlideSpec(
                    "Community agreements",
                    [
                        when,
                        "Read each agreement, give an example, and invite additions in people's own words.",
                        cue,
                    ],
                    self.bullets(w.agreements, size),
                )
            )

    def agenda(self, when: str, cue: str) -> None:
        """Queue the agenda with clock times."""
        plan = self.plan
        size = self.sizes.body
        rows = []
        for j, s in enumerate(plan.segments):
            runs = (*_plain(s.title), Run(f"  {s.minutes}\u00a0min"))
            look = Look(prefix=s.start, muted_from=len(runs) - 1)
            rows.append(self._agenda_row(runs, size, look, j))
        rows.append(self._agenda_row(_plain("End"), size, Look(prefix=plan.end), len(rows)))
        breaks = [f"{s.title} at {s.start}" for s in plan.of_kind("break")]
        notes = [when, "Walk through the agenda and point out the breaks."]
        if breaks:
            notes.append("Breaks: " + "; ".join(breaks) + ".")
        self.add(SlideSpec("Agenda", [*notes, cue], rows, shrink=False))

    def _agenda_row(self, runs: Sequence[Run], size: float, look: Look, j: int) -> Block:
        indent = self.fonts_width("00:00", size) + size * 1.2
        return Block(tuple(runs), size, indent=indent, space_before=size * 0.3 if j else 0.0, style=look)

    def fonts_width(self, text: str, size: float) -> float:
        """Return the width of bold `text` in the slide font."""
        return _fonts(self.plan).width(text, size, bold=True)

    def segment(self, s: PlannedSegment) -> None:
        """Queue the slides of one agenda segment."""
        {
            "primer": self.primer,
            "discussion": self.discussion,
            "scenario": self.scenario,
            "break": self.break_,
        }.get(s.kind, self.freeform)(s)

    def primer(self, s: PlannedSegment) -> None:
        """Queue a primer section: its points, then its takeaway."""
        size = self.sizes.body
        notes = [self.timing(s)]
        body: list[Block] = []
        if s.primer:
            p = s.primer
            fn = p.facilitator_notes
            notes += [f"Summary: {plain_text(p.summary)}", f"Introduce: {plain_text(fn.introduce)}"]
            notes += self.listing("Common misunderstandings", fn.misunderstandings)
            notes += self.listing("Listen for", fn.listen_for)
            for i, point in enumerate(p.points):
                runs = _runs(point.text)
                if point.heading:
                    heading = tuple(replace(r, bold=True) for r in _runs(point.heading))
                    runs = (
                        (*heading, Run(" "), *runs)
                        if heading[-1].text.endswith((".", ":", "?", "!"))
                        else (
                            *heading,
                            Run(". ", bold=True),
                            *runs,
                        )
                    )
                body.append(self.para(runs, size, Look(bullet=True), before=size * 0.5 if i else 0.0))
            takeaway = (Run("Takeaway: ", bold=True), *_runs(p.takeaway))
            body.append(self.para(takeaway, size, Look(colour="accent"), before=size * 0.9))
        notes += self.segment_tail(s)
        self.add(SlideSpec(s.title, notes, body))

    def discussion(self, s: PlannedSegment) -> None:
        """Queue a discussion: its questions with format, group size and minutes."""
        size = self.sizes.body
        d = s.discussion
        fmt = format_label(s.discussion_format)
        header = self.meta([fmt, s.group_size or "", f"{s.minutes} minutes"])
        notes = [self.timing(s)]
        if fmt:
            notes.append(f"Format: {fmt}" + (f", groups of {s.group_size}." if s.group_size else "."))
        body: list[Block] = []
        if d:
            notes += [f"How to run it: {plain_text(d.guidance)}", f"Safety: {plain_text(d.safety)}"]
            for n, q in enumerate(d.questions, start=1):
                if q.follow_ups:
                    notes += self.listing(f"Follow-ups for question {n}", q.follow_ups)
            body = self.bullets([q.text for q in d.questions], size, numbered=True)
            body = [replace(b, space_before=size * 0.5) if i else b for i, b in enumerate(body)]
            if header:
                body[0] = replace(body[0], space_before=size * 0.5)
        notes += self.segment_tail(s)
        self.add(SlideSpec(s.title, notes, body, header))

    def scenario(self, s: PlannedSegment) -> None:
        """Queue a role-play: the situation and roles, the prompts, then the debrief."""
        size = self.sizes.body
        sc = s.scenario
        cue = f"Move on: {s.cue()}"
        timing = self.timing(s)
        if sc is None:
            self.add(SlideSpec(s.title, [timing, cue], self.meta([f"{s.minutes} minutes"])))
            return
        header = self.meta(["Role-play", sc.setting, f"{s.minutes} minutes"])
        gap = size * 0.5
        body = [self.para(_runs(sc.situation), size, before=gap)]
        roles = (Run("Roles: ", bold=True), Run("; ".join(plain_text(r.name) for r in sc.roles)))
        body.append(self.para(roles, size, before=size * 0.7))
        if sc.intensity == "intense":
            note = (
                Run("Content note: ", bold=True, italic=True),
                *(replace(r, italic=True) for r in _runs(sc.content_note)),
            )
            body.append(self.para(note, size, Look(colour="muted"), before=size * 0.7))
        notes = [timing, f"Intensity: {sc.intensity}.", f"Content note: {plain_text(sc.content_note)}"]
        if s.notes:
            notes.append(f"Notes: {plain_text(s.notes)}")
        notes.append("Role cards:")
        notes += [f"• {plain_text(r.name)}: {plain_text(r.card)}" for r in sc.roles]
        notes.append(cue)
        self.add(SlideSpec(s.title, notes, body, header))

        prompts = self.bullets(sc.prompts, size)
        prompts[0] = replace(prompts[0], space_before=gap)
        notes = [timing, *self.listing("Decision points", sc.decision_points)]
        notes += ["Let the groups play, then use these prompts.", cue]
        self.add(SlideSpec(_subtitled(s.title, "discuss"), notes, prompts, header))

        debrief = self.bullets(sc.debrief, size, numbered=True)
        debrief[0] = replace(debrief[0], space_before=gap)
        notes = [timing, "Debrief out of role: thank the players and let them step out of their roles."]
        notes += self.listing("Debrief questions", sc.debrief)
        notes += self.listing("Possible ally responses", [r.text for r in sc.ally_responses])
        notes.append(cue)
        self.add(SlideSpec(_subtitled(s.title, "debrief"), notes, debrief, self.meta(["Debrief"])))

    def break_(self, s: PlannedSegment) -> None:
        """Queue a break slide showing the time to come back."""
        body = [
            self.para((Run(f"Back at {s.end}", bold=True),), BREAK_SIZE, Look(colour="accent")),
            self.para(_plain(f"{s.minutes}-minute break"), self.sizes.body, Look(colour="muted"), 6.0),
        ]
        notes = [self.timing(s), f"Say when to be back: {s.end}."]
        notes += self.segment_tail(s)
        self.add(SlideSpec(s.title, notes, body, kind="break", shrink=False))

    def freeform(self, s: PlannedSegment) -> None:
        """Queue an opening, activity, reflection or closing segment: its prompts (or steps)."""
        size = self.sizes.body
        header = self.meta([s.kind_label, f"{s.minutes} minutes"])
        shown = s.prompts or s.instructions
        body = self.bullets(shown, size)
        if not body:  # nothing written for the room: say what this part is for
            lead = _runs(s.activity.purpose) if s.activity else None
            if lead is None and s.kind in FREEFORM_LEADS:
                lead = _plain(FREEFORM_LEADS[s.kind].format(title=plain_text(self.plan.workshop.title)))
            body = [self.para(lead, size + 4, Look(colour="accent"))] if lead else []
        if header:
            body[0] = replace(body[0], space_before=size * 0.5)
        notes = [self.timing(s)]
        if s.activity:
            notes.append(f"Purpose: {plain_text(s.activity.purpose)}")
        notes += self.listing("Steps", s.instructions)
        if s.activity:
            notes += self.listing("Facilitator notes", s.activity.facilitator_notes)
            if s.activity.template:
                notes.append(f"Template: {plain_text(s.activity.template)}")
        notes += self.listing("Materials", s.materials)
        notes += self.segment_tail(s)
        self.add(SlideSpec(s.title, notes, body, header))

    def closing(self, s: PlannedSegment) -> None:
        """Queue the closing slides: key takeaways, resources and a feedback prompt."""
        size = self.sizes.body
        plan = self.plan
        timing = self.timing(s)
        cue = f"Move on: {s.cue()}"
        primers = list({seg.primer.id: seg.primer for seg in plan.segments if seg.primer}.values())
        if primers:
            body = []
            for i, p in enumerate(primers):
                runs = (Run(plain_text(p.title) + ": ", bold=True), *_runs(p.takeaway))
                body.append(self.para(runs, size, Look(bullet=True), before=size * 0.45 if i else 0.0))
            notes = [timing, "Read the takeaways and ask which one people will act on first.", cue]
            self.add(SlideSpec("Key takeaways", notes, body))
        if plan.resources:
            body = []
            for i, r in enumerate(plan.resources):
                runs: tuple[Run, ...] = (Run(r.name, bold=True),)
                if r.url:
                    joiner = " " if r.name.rstrip().endswith((".", ":", "?", "!")) else ": "
                    runs += (Run(joiner), Run(r.url, href=r.url))
                body.append(self.para(runs, size, Look(bullet=True), before=size * 0.4 if i else 0.0))
            notes = [timing, "Point to the resources; they are also in the handout."]
            notes += [f"• {r.name}: {r.description}" for r in plan.resources if r.description]
            notes.append(cue)
            self.add(SlideSpec("Resources", notes, body))
        prompt = "Before you go, please tell us how it went."
        lines = [
            prompt,
            "What worked well for you today?",
            "What would you change for next time?",
        ]
        if plan.workshop.printables.feedback:
            lines.append("Please fill in the feedback form and leave it on your table.")
        body = [self.para(_plain(lines[0]), size + 4, Look(colour="accent"))]
        body += [replace(b, space_before=size * 0.6) for b in self.bullets(lines[1:], size)]
        notes = [timing, "Leave time for the feedback forms before people leave.", f"Close: {s.cue()}"]
        self.add(SlideSpec("Your feedback", notes, body))


def _subtitled(title: str, part: str) -> str:
    """Return `Title: part`, or `Title? Part` when the title ends in its own punctuation."""
    if title.rstrip().endswith(("?", "!", ".", "…")):
        return f"{title.rstrip()} {part[:1].upper()}{part[1:]}"
    return f"{title}: {part}"


def _join_names(names: Sequence[str]) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def _fonts(plan: Plan) -> FontSet:
    f = plan.theme.fonts.slides
    return font_set(f.regular, f.bold, f.italic, f.bold_italic)


# ---------------------------------------------------------------------------
# Laying slides out


@dataclass
class Page:
    """One finished slide: its title, title size and lines, and its body blocks."""

    title: str
    title_size: float
    title_lines: int
    body: list[Block]
    notes: list[str]
    kind: str


class Layout:
    """Fit SlideSpecs onto slides: choose sizes, paginate, and give every slide a unique title."""

    def __init__(self, plan: Plan) -> None:
        """Read the theme's font and sizes."""
        self.theme = plan.theme
        self.fonts = _fonts(plan)
        self.sizes = plan.theme.sizes
        self.footer = bool(plan.theme.footer)

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
            title = spec.title if len(pages) == 1 else f"{spec.title} ({n} of {len(pages)})"
            notes = spec.notes
            if len(pages) > 1:
                notes = [notes[0], f"Slide {n} of {len(pages)} for this part.", *notes[1:]]
            out.append(Page(title, size, lines, body, notes, spec.kind))
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
                return Page(spec.title, size, lines, body, spec.notes, spec.kind)
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


def _scale(block: Block, factor: float, floor: float = 0.0) -> Block:
    size = max(floor, block.size * factor)
    ratio = size / block.size
    return replace(
        block, size=size, indent=block.indent * ratio, space_before=block.space_before * ratio, lines=None
    )


# ---------------------------------------------------------------------------
# Writing the .pptx


def _emu(points: float) -> Emu:
    return Emu(round(points * EMU_PER_PT))


def _hex(colour: str) -> str:
    return colour.lstrip("#").upper()


class Writer:
    """Write Pages into a python-pptx Presentation, building the XML of text directly for speed."""

    def __init__(self, plan: Plan) -> None:
        """Start a 16:9 presentation on the theme's template (slides removed), or python-pptx's, themed."""
        self.plan = plan
        self.theme = plan.theme
        self.colours = {k: _hex(v) for k, v in plan.theme.colours.model_dump().items()}
        self.font = plan.theme.fonts.slides.name
        self.lang = plan.workshop.language
        self.fonts = _fonts(plan)
        if plan.theme.template:
            from facilitator.render.pptx_template import open_template

            self.prs = open_template(plan.theme.template)
        else:
            self.prs = Presentation()
        self.prs.slide_width = _emu(SLIDE_W)
        self.prs.slide_height = _emu(SLIDE_H)
        if plan.theme.template:  # its masters, layouts and colours stay as they are
            wanted = plan.theme.layouts
            self.layouts = [
                _template_layout(self.prs, wanted.title),
                _template_layout(self.prs, wanted.content),
            ]
        else:
            self._theme_parts()
            self.layouts = list(self.prs.slide_layouts)
        self._sld_id_lst = self.prs.part._element.get_or_add_sldIdLst()
        self._next_slide_id = max([256] + [int(e.get("id")) + 1 for e in self._sld_id_lst])
        self._notes_master_part = None
        self._prototypes: dict[int, tuple] = {}
        speed_up(self.prs)  # name new parts in O(1) instead of walking the package each time

    def _theme_parts(self) -> None:
        """Put the theme's colours and font in the .pptx theme and the master background."""
        c = self.colours
        for part in self.prs.part.package.iter_parts():
            if str(part.partname) == "/ppt/theme/theme1.xml":
                xml = part.blob.decode("utf-8")
                for slot, colour in (
                    ("dk1", c["text"]),
                    ("lt1", c["background"]),
                    ("dk2", c["heading"]),
                    ("accent1", c["accent"]),
                    ("hlink", c["accent"]),
                ):
                    xml = re.sub(
                        rf"<a:{slot}>.*?</a:{slot}>",
                        f'<a:{slot}><a:srgbClr val="{colour}"/></a:{slot}>',
                        xml,
                        count=1,
                    )
                xml = re.sub(
                    r'(<a:(?:major|minor)Font><a:latin typeface=")[^"]*"', rf'\g<1>{self.font}"', xml
                )
                part._blob = xml.encode("utf-8")
        master = self.prs.slide_master.element
        _set_background(master.find(qn("p:cSld")), c["background"])

    # Text ----------------------------------------------------------------

    def _body_pr(self, tx_body: Element, anchor: str = "t") -> None:
        body_pr = tx_body.find(qn("a:bodyPr"))
        for child in list(body_pr):
            body_pr.remove(child)
        body_pr.attrib.clear()
        body_pr.set("wrap", "square")
        body_pr.set("lIns", str(round(INSET_X * EMU_PER_PT)))
        body_pr.set("rIns", str(round(INSET_X * EMU_PER_PT)))
        body_pr.set("tIns", str(round(INSET_Y * EMU_PER_PT)))
        body_pr.set("bIns", str(round(INSET_Y * EMU_PER_PT)))
        body_pr.set("anchor", anchor)
        body_pr.set("rtlCol", "0")
        body_pr.append(_el("a:noAutofit"))
        for p in tx_body.findall(qn("a:p")):
            tx_body.remove(p)

    def _run(self, parent: Element, run: Run, size: float, colour: str, part: SlidePart) -> None:
        r = _sub(parent, "a:r")
        rpr = _sub(r, "a:rPr", lang=self.lang, sz=str(round(size * 100)), dirty="0")
        if run.bold:
            rpr.set("b", "1")
        if run.italic:
            rpr.set("i", "1")
        if run.href:
            rpr.set("u", "sng")
        fill = _sub(rpr, "a:solidFill")
        _sub(fill, "a:srgbClr", val=colour)
        _sub(rpr, "a:latin", typeface=self.font)
        if run.href:
            rid = part.relate_to(run.href, RT.HYPERLINK, is_external=True)
            _sub(rpr, "a:hlinkClick", **{qn("r:id"): rid})
        _sub(r, "a:t").text = run.text

    def _paragraph(self, tx_body: Element, block: Block, first: bool, part: SlidePart) -> None:
        look: Look = block.style if isinstance(block.style, Look) else Look()
        p = _sub(tx_body, "a:p")
        marker = (look.bullet or look.number is not None or look.prefix is not None) and not block.continued
        ppr = _sub(p, "a:pPr", marL=str(round(block.indent * EMU_PER_PT)), algn=look.align)
        ppr.set("indent", str(-round(block.indent * EMU_PER_PT)) if marker else "0")
        lnspc = _sub(ppr, "a:lnSpc")
        _sub(lnspc, "a:spcPct", val=str(round(block.line_pitch / 1.2 * 100000)))
        _sub(_sub(ppr, "a:spcBef"), "a:spcPts", val=str(0 if first else round(block.space_before * 100)))
        _sub(_sub(ppr, "a:spcAft"), "a:spcPts", val="0")
        colour = self.colours[look.colour]
        if (look.bullet or look.number is not None) and not block.continued:
            _sub(ppr, "a:buClr").append(_el("a:srgbClr", val=self.colours["accent"]))
            _sub(ppr, "a:buSzPct", val="100000")
            if look.bullet:
                _sub(ppr, "a:buFont", typeface="Arial")
                _sub(ppr, "a:buChar", char="•")
            else:
                _sub(ppr, "a:buFont", typeface=self.font)
                _sub(ppr, "a:buAutoNum", type="arabicPeriod", startAt=str(look.number))
        else:
            _sub(ppr, "a:buNone")
        if look.prefix is not None and not block.continued:
            tabs = _sub(ppr, "a:tabLst")
            _sub(tabs, "a:tab", pos=str(round(block.indent * EMU_PER_PT)), algn="l")
            self._run(p, Run(look.prefix, bold=True), block.size, self.colours["accent"], part)
            self._run(p, Run("\t"), block.size, colour, part)
        for i, run in enumerate(block.runs):
            muted = look.muted_from is not None and i >= look.muted_from
            self._run(p, run, block.size, self.colours["muted"] if muted else colour, part)
        _sub(p, "a:endParaRPr", lang=self.lang, sz=str(round(block.size * 100)), dirty="0")

    def _fill(self, sp: Element, blocks: Sequence[Block], part: SlidePart, anchor: str = "t") -> None:
        """Replace the text of a shape element (`p:sp`) with laid-out blocks."""
        tx_body = sp.find(qn("p:txBody"))
        self._body_pr(tx_body, anchor)
        for i, block in enumerate(blocks):
            self._paragraph(tx_body, block, i == 0, part)

    @staticmethod
    def _place(sp: Element, left: float, top: float, width: float, height: float) -> None:
        """Give a shape element its position and size, in points."""
        sp_pr = sp.find(qn("p:spPr"))
        old = sp_pr.find(qn("a:xfrm"))
        if old is not None:
            sp_pr.remove(old)
        sp_pr.insert(0, _xfrm(left, top, width, height))

    # Slides ----------------------------------------------------------------

    def _new_slide(self, layout_index: int) -> tuple[SlidePart, Element, dict, Element]:
        """Return (slide part, slide element, placeholders by idx, notes element) for a new slide.

        The first slide on each layout is made through python-pptx's API; its
        untouched XML (and its notes slide's) is then copied for the next ones,
        which skips re-cloning placeholders from the layout and notes master.
        """
        proto = self._prototypes.get(layout_index)
        if proto is None:
            slide = self.prs.slides.add_slide(self.layouts[layout_index])
            notes = slide.notes_slide
            self._next_slide_id = max(self._next_slide_id, slide.slide_id + 1)
            self._notes_master_part = self.prs.part.notes_master_part
            self._prototypes[layout_index] = (deepcopy(slide.element), deepcopy(notes.element))
            part, element, notes_element = slide.part, slide.element, notes.element
        else:
            sld_xml, notes_xml = proto
            package = self.prs.part.package
            layout_part = self.layouts[layout_index].part
            part = SlidePart(
                package.next_partname("/ppt/slides/slide%d.xml"), CT.PML_SLIDE, package, deepcopy(sld_xml)
            )
            part.relate_to(layout_part, RT.SLIDE_LAYOUT)
            # The presentation part relates to every slide; a new slide cannot already be
            # related, so skip python-pptx's search for an existing relationship (O(slides)).
            rid = self.prs.part._rels._add_relationship(RT.SLIDE, part)
            _sub(self._sld_id_lst, "p:sldId", id=str(self._next_slide_id), **{qn("r:id"): rid})
            self._next_slide_id += 1
            notes_part = NotesSlidePart(
                package.next_partname("/ppt/notesSlides/notesSlide%d.xml"),
                CT.PML_NOTES_SLIDE,
                package,
                deepcopy(notes_xml),
            )
            notes_part.relate_to(self._notes_master_part, RT.NOTES_MASTER)
            notes_part.relate_to(part, RT.SLIDE)
            part.relate_to(notes_part, RT.NOTES_SLIDE)
            element, notes_element = part._element, notes_part._element
        shapes = _template_roles(element) if self.theme.template else _placeholders(element)
        return part, element, shapes, notes_element

    def add(self, page: Page, layout: Layout) -> None:
        """Add one slide for a Page, with its speaker notes."""
        if page.kind == "title":
            self._title_slide(page)
        else:
            self._content_slide(page, layout)

    def _title_slide(self, page: Page) -> None:
        part, element, shapes, notes = self._new_slide(LAYOUT_TITLE)
        c = self.colours
        if not self.theme.template:  # a template's title layout keeps its own background
            _set_background(element.find(qn("p:cSld")), c["title_background"])
        title, sub = shapes[0], shapes[1]
        left, width = TITLE_SLIDE_LEFT, TITLE_SLIDE_WIDTH
        title_h = page.title_lines * page.title_size * 1.2 + 2 * INSET_Y
        body = page.body
        body_h = blocks_height(body) + 2 * INSET_Y
        total = title_h + TITLE_SLIDE_GAP + body_h
        top = max(40.0, (SLIDE_H - total) / 2)
        self._place(title, left, top, width, title_h)
        title_block = Block((Run(page.title, bold=True),), page.title_size, style=Look(colour="title_text"))
        self._fill(title, [title_block], part)
        # An accent rule beside the title block.
        rule = c["accent"] if c["accent"] != c["title_background"] else c["title_text"]
        _add_rule(element, MARGIN_X, top + INSET_Y, 6, total - 2 * INSET_Y, rule)
        self._place(sub, left, top + title_h + TITLE_SLIDE_GAP, width, body_h)
        self._fill(sub, body, part)
        if self.theme.logo:
            org = self.plan.workshop.organisation
            pic = part.slide.shapes.add_picture(
                str(self.theme.logo), _emu(SLIDE_W - MARGIN_X - 110), _emu(30), height=_emu(60)
            )
            if pic.width > _emu(160):
                ratio = 160 * EMU_PER_PT / pic.width
                pic.width, pic.height = _emu(160), Emu(round(pic.height * ratio))
            pic.left = _emu(SLIDE_W - MARGIN_X) - pic.width
            pic.name = "Logo"
            _alt_text(pic._element, f"{org} logo" if org else "Logo of the organisers")
        self._notes(notes, page.notes)

    def _content_slide(self, page: Page, layout: Layout) -> None:
        part, element, shapes, notes = self._new_slide(LAYOUT_CONTENT)
        title, body = shapes[0], shapes[1]
        width = SLIDE_W - 2 * MARGIN_X
        title_h = page.title_lines * page.title_size * 1.2 + 2 * INSET_Y
        self._place(title, MARGIN_X, TITLE_TOP, width, title_h)
        title_block = Block((Run(page.title, bold=True),), page.title_size, style=Look(colour="heading"))
        self._fill(title, [title_block], part)
        _add_rule(element, MARGIN_X + INSET_X, TITLE_TOP + title_h + 7, 64, 4, self.colours["accent"])
        top, height = layout.body_box(page.title_size, page.title_lines)
        if page.kind == "break":
            top, height = top + BREAK_OFFSET, height - BREAK_OFFSET
        self._place(body, MARGIN_X, top, width, height)
        self._fill(body, page.body, part)
        if self.theme.footer:
            size = self.plan.theme.sizes.minimum
            h = size * 1.2 + 2 * INSET_Y
            box = _add_textbox(element, "Footer", MARGIN_X, SLIDE_H - BOTTOM_MARGIN - h + 8, width, h)
            self._fill(box, [Block((Run(self.theme.footer),), size, style=Look(colour="muted"))], part)
        self._notes(notes, page.notes)

    def _notes(self, notes_element: Element, lines: Sequence[str]) -> None:
        """Write speaker notes, one paragraph per line, into a notes slide's body placeholder."""
        body = _placeholders(notes_element, by="type").get("body")
        tx_body = body.find(qn("p:txBody"))
        for p in tx_body.findall(qn("a:p")):
            tx_body.remove(p)
        for line in lines:
            p = _sub(tx_body, "a:p")
            r = _sub(p, "a:r")
            _sub(r, "a:rPr", lang=self.lang, dirty="0")
            _sub(r, "a:t").text = line


def _placeholders(element: Element, by: str = "idx") -> dict:
    """Return a slide element's placeholder shapes keyed by `idx` (as int) or by `type`."""
    found = {}
    for sp in element.iter(qn("p:sp")):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is None:
            continue
        key = int(ph.get("idx", "0")) if by == "idx" else ph.get("type", "obj")
        found.setdefault(key, sp)
    return found


def _template_layout(prs: PresentationObject, name: str):  # type: ignore[no-untyped-def]
    """Return a template's layout by name, else "Title Only", else its first.

    A missing layout is reported as a warning when the workshop is checked
    (`facilitator.workshop.template.template_diagnostics`), before anything is rendered.
    """
    from facilitator.render.pptx_template import find_layout
    from facilitator.workshop.template import FALLBACK_LAYOUT

    return find_layout(prs, name, FALLBACK_LAYOUT)[0]


def _template_roles(element: Element) -> dict:
    """Return a slide on a template's layout as {0: title, 1: body}, removing its other placeholders.

    A template's layouts number their placeholders as they like, so the title
    and the body are found by type; a layout without one gets a text box.
    """
    title = body = None
    for sp in list(element.iter(qn("p:sp"))):
        ph = sp.find(f"{qn('p:nvSpPr')}/{qn('p:nvPr')}/{qn('p:ph')}")
        if ph is None:
            continue
        kind = ph.get("type", "obj")
        if kind in ("title", "ctrTitle") and title is None:
            title = sp
        elif kind in ("body", "obj", "subTitle") and body is None and sp.find(qn("p:txBody")) is not None:
            body = sp
        else:  # pictures, charts, a second body…: left empty they would say "Click to add text"
            sp.getparent().remove(sp)
    if title is None:
        title = _add_textbox(element, "Title", 0, 0, 1, 1)
    if body is None:
        body = _add_textbox(element, "Body", 0, 0, 1, 1)
    return {0: title, 1: body}


def _xfrm(left: float, top: float, width: float, height: float) -> Element:
    xfrm = _el("a:xfrm")
    _sub(xfrm, "a:off", x=str(round(left * EMU_PER_PT)), y=str(round(top * EMU_PER_PT)))
    _sub(xfrm, "a:ext", cx=str(round(width * EMU_PER_PT)), cy=str(round(height * EMU_PER_PT)))
    return xfrm


def _next_shape_id(element: Element) -> int:
    ids = [int(e.get("id")) for e in element.iter(qn("p:cNvPr")) if e.get("id", "").isdigit()]
    return max(ids, default=1) + 1


def _add_rule(element: Element, left: float, top: float, width: float, height: float, colour: str) -> None:
    """Add a flat rectangle of colour, marked decorative so screen readers skip it."""
    sp = _sub(element.find(qn("p:cSld")).find(qn("p:spTree")), "p:sp")
    nv = _sub(sp, "p:nvSpPr")
    c_nv_pr = _sub(nv, "p:cNvPr", id=str(_next_shape_id(element)), name="Accent rule", descr="")
    ext = _sub(_sub(c_nv_pr, "a:extLst"), "a:ext", uri="{C183D7F6-B498-43B3-948B-1728B52AA6E4}")
    decorative = _ns_element("adec:decorative", DECORATIVE_NS)
    decorative.set("val", "1")
    ext.append(decorative)
    _sub(nv, "p:cNvSpPr")
    _sub(nv, "p:nvPr")
    sp_pr = _sub(sp, "p:spPr")
    sp_pr.append(_xfrm(left, top, width, height))
    _sub(_sub(sp_pr, "a:prstGeom", prst="rect"), "a:avLst")
    _sub(_sub(sp_pr, "a:solidFill"), "a:srgbClr", val=colour)
    _sub(_sub(sp_pr, "a:ln"), "a:noFill")


def _add_textbox(
    element: Element, name: str, left: float, top: float, width: float, height: float
) -> Element:
    """Add an empty text box and return its `p:sp` element."""
    sp = _sub(element.find(qn("p:cSld")).find(qn("p:spTree")), "p:sp")
    nv = _sub(sp, "p:nvSpPr")
    _sub(nv, "p:cNvPr", id=str(_next_shape_id(element)), name=name)
    _sub(nv, "p:cNvSpPr", txBox="1")
    _sub(nv, "p:nvPr")
    sp_pr = _sub(sp, "p:spPr")
    sp_pr.append(_xfrm(left, top, width, height))
    _sub(_sub(sp_pr, "a:prstGeom", prst="rect"), "a:avLst")
    _sub(sp_pr, "a:noFill")
    tx_body = _sub(sp, "p:txBody")
    _sub(tx_body, "a:bodyPr")
    _sub(tx_body, "a:lstStyle")
    return sp


@lru_cache(maxsize=256)
def _tag(tag: str) -> str:
    """Return the Clark name (`{uri}local`) of a prefixed tag such as `a:p`, cached."""
    return qn(tag)


def _el(tag: str, **attrs: str) -> Element:
    """Return a new element, its attributes given as keywords."""
    element = etree.Element(_tag(tag))
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _sub(parent: Element, tag: str, **attrs: str) -> Element:
    """Return a new child element appended to `parent`."""
    element = etree.SubElement(parent, _tag(tag))
    for key, value in attrs.items():
        element.set(key, value)
    return element


def _set_background(c_sld: Element, colour: str) -> None:
    """Give a slide or master (its `p:cSld`) a solid background colour."""
    existing = c_sld.find(qn("p:bg"))
    if existing is not None:
        c_sld.remove(existing)
    bg = _el("p:bg")
    bg_pr = _sub(bg, "p:bgPr")
    _sub(_sub(bg_pr, "a:solidFill"), "a:srgbClr", val=colour)
    _sub(bg_pr, "a:effectLst")
    c_sld.insert(0, bg)


def _ns_element(tag: str, namespace: str) -> Element:
    """Return an element in a namespace python-pptx does not know."""
    prefix, local = tag.split(":")
    return etree.Element(f"{{{namespace}}}{local}", nsmap={prefix: namespace})


def _alt_text(element: Element, text: str) -> None:
    """Set a shape element's alternative text (`descr`) and title on its `cNvPr`."""
    c_nv_pr = element.find(".//" + qn("p:cNvPr"))
    c_nv_pr.set("descr", text)
    if text:
        c_nv_pr.set("title", text)


# ---------------------------------------------------------------------------
# Reproducible files


def build_time(plan: Plan) -> dt.datetime:
    """Return the time stamped in the file: `SOURCE_DATE_EPOCH` if set, else the workshop's date."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), tz=dt.timezone.utc).replace(tzinfo=None)
    date = plan.workshop.date
    return dt.datetime(date.year, date.month, date.day)


def normalise_zip(data: bytes, when: dt.datetime) -> bytes:
    """Return the zip `data` rewritten with every entry dated `when` and in a stable order.

    `[Content_Types].xml` stays first, as OPC readers expect; the rest follow sorted by name.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as source:
        return _zip({name: source.read(name) for name in source.namelist()}, when)


def _zip(entries: dict[str, bytes], when: dt.datetime) -> bytes:
    """Return a zip of `entries`, each dated `when`, `[Content_Types].xml` first, the rest sorted."""
    stamp = max(when, dt.datetime(1980, 1, 1)).timetuple()[:6]
    names = sorted(entries, key=lambda n: (n != "[Content_Types].xml", n))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for name in names:
            info = zipfile.ZipInfo(name, date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 0
            target.writestr(info, entries[name], compresslevel=6)
    return out.getvalue()


class _Entries:
    """Collects what python-pptx would write into a zip, as name → bytes."""

    def __init__(self) -> None:
        self.entries: dict[str, bytes] = {}

    def write(self, uri: PackURI, blob: bytes) -> None:
        """Keep one package item."""
        self.entries[uri.membername] = blob


class _CollectingWriter(PackageWriter):
    """python-pptx's package writer, writing into an `_Entries` instead of a zip file."""

    def _write(self) -> None:
        entries = self._pkg_file
        self._write_content_types_stream(entries)  # type: ignore[arg-type]
        self._write_pkg_rels(entries)  # type: ignore[arg-type]
        self._write_parts(entries)  # type: ignore[arg-type]


def save(prs: PresentationObject, when: dt.datetime) -> bytes:
    """Return a presentation as reproducible .pptx bytes, compressing each part once.

    Falls back to saving normally and rewriting the zip if python-pptx's
    writer is not shaped as expected.
    """
    package = prs.part.package
    try:
        collected = _Entries()
        _CollectingWriter.write(collected, package._rels, tuple(package.iter_parts()))  # type: ignore[arg-type]
    except AttributeError:  # pragma: no cover - another python-pptx version
        buffer = io.BytesIO()
        prs.save(buffer)
        return normalise_zip(buffer.getvalue(), when)
    entries = collected.entries
    app = entries.get("docProps/app.xml")
    if app is not None:  # the template's extended properties describe an empty 4:3 deck
        count = str(len(prs.slides))
        text = app.decode("utf-8")
        text = re.sub(r"<PresentationFormat>[^<]*<", "<PresentationFormat>Widescreen<", text)
        text = re.sub(r"<Slides>\d+<", f"<Slides>{count}<", text)
        text = re.sub(r"<Notes>\d+<", f"<Notes>{count}<", text)
        entries["docProps/app.xml"] = text.encode("utf-8")
    return _zip(entries, when)


def _core_properties(prs: PresentationObject, plan: Plan) -> None:
    w = plan.workshop
    when = build_time(plan)
    props = prs.core_properties
    # python-pptx refuses a core property over 255 characters (found by tests/test_properties.py).
    props.title = w.title[:255]
    author = ("; ".join(w.facilitators) or w.organisation or "")[:255]
    props.author = author
    props.last_modified_by = author
    props.subject = (w.subtitle or w.title)[:255]
    props.comments = (f"Workshop slides for {w.audience}." if w.audience else "Workshop slides.")[:255]
    props.keywords = "workshop"
    props.category = "Workshop"
    props.language = w.language
    props.revision = 1
    props.created = when
    props.modified = when
    props.last_printed = when


# ---------------------------------------------------------------------------


def slide_pages(plan: Plan) -> list[Page]:
    """Return every slide of the deck, laid out, in order, with unique titles."""
    specs = Builder(plan).build()
    seen: set[str] = set()
    for spec in specs:
        candidate = spec.title
        if candidate.casefold() in seen:
            candidate = f"{spec.title} ({_first_clock(spec.notes) or 'again'})"
        n = 2
        while candidate.casefold() in seen:
            candidate = f"{spec.title} ({n})"
            n += 1
        seen.add(candidate.casefold())
        spec.title = candidate
    layout = Layout(plan)
    pages = [page for spec in specs for page in layout.pages(spec)]
    # A continuation title could collide with a real one; make those unique too.
    seen = set()
    for page in pages:
        n = 2
        base = page.title
        while page.title.casefold() in seen:
            page.title = f"{base} [{n}]"
            n += 1
        seen.add(page.title.casefold())
    return pages


def _first_clock(notes: Sequence[str]) -> str | None:
    for line in notes:
        match = re.search(r"\b(\d\d:\d\d)–", line)
        if match:
            return match.group(1)
    return None


def render(plan: Plan) -> list[Output]:
    """Return the deck as `deck.pptx`."""
    pages = slide_pages(plan)
    writer = Writer(plan)
    layout = Layout(plan)
    for page in pages:
        writer.add(page, layout)
    _core_properties(writer.prs, plan)
    fix_package(writer.prs)  # notes master listed, true page type, no default-template leftovers
    data = save(writer.prs, build_time(plan))
    return [Output("deck.pptx", data, f"{len(pages)} slides")]
