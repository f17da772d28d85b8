"""What the participant handout says: its sections, their order, and what it leaves out.

`handout.pdf` and `handout.html` both render the `Handout` this module builds from a
Plan, so they cannot drift apart: the same sections in the same order, the same
words, and the same facilitator-only material left out (a scenario's debrief
questions, its possible ally responses and its role cards never reach a
participant). Each renderer decides only how a section looks.

Every word a participant reads that is not workshop or library text is in the
block of labels below, in one place for translation.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.text.wording import format_label, long_date

# The accessible copy's file name, as the printed handout's cover (and the deck's closing slide) give it.
HANDOUT_HTML = "handout.html"

# ---------------------------------------------------------------------------
# The handout's own words (everything else comes from the workshop and its library)

EYEBROW = "Participant handout"
WELCOME = (
    "This handout is yours to keep. Write in it, skip what does not help, and take it home. "
    "Nothing you write here will be collected."
)
ACCESSIBLE_COPY = (
    f"This handout is also an accessible web page, {HANDOUT_HTML}: it works with screen readers "
    "and on phones, and you can type your answers into it. Ask the facilitators for a copy."
)
WITH = "With {names}"
FOR_AUDIENCE = "For {audience}."
CONTENTS = "Contents"
BEFORE = "Before we begin"
CONTENT_NOTE = "A note on content"
AGREEMENTS = "Our agreements"
AGREEMENTS_INTRO = "We agree to look after each other in these ways:"
ABOUT = "About this session"
OBJECTIVES = "What we will explore"
AGENDA = "Agenda"
AGENDA_COLUMNS = ("Time", "What we do")
KEY_POINTS = "Key points"
TAKEAWAY = "Takeaway"
DISCUSSION_INTRO = "Jot down anything you want to remember. You may pass on any question."
WORKSHEET = "Worksheet: {title}"
SCENARIO_NOTE = "Content note."
SCENARIO_OPT_OUT = "You may watch instead of playing a part, or step out at any time."
SETTING = "Setting"
SITUATION = "The situation"
ROLES = "Roles"
MOMENTS = "Moments to watch for"
QUESTIONS = "Questions to talk about"
MY_NOTES = "My notes"
WRITING_INTRO = "This page is for you. Nobody will collect it or ask you to read it out."
RESOURCES = "Resources"
RESOURCES_INTRO = "Places to keep learning after today."
NOTES = "Notes"


# ---------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class WriteIn:
    """A place to write: a question or prompt (numbered), or a notes area (unnumbered).

    `key` is unique within the handout and stays the same while the segment keeps
    its id (the HTML saves answers under it); `lines` is the room a page gives it,
    and with `fill` the rest of the page.
    """

    key: str
    text: str
    number: int | None
    lines: int
    fill: bool = False


@dataclass(frozen=True)
class AgendaRow:
    """One line of the agenda: clock times, what happens, and its kind (none for a break)."""

    start: str
    end: str
    title: str
    kind_label: str | None


@dataclass(frozen=True)
class Cover:
    """The title page: the session's details, the welcome, and where the accessible copy is."""

    eyebrow: str
    title: str
    subtitle: str | None
    details: tuple[str, ...]  # date and time, place, organisation
    facilitators: str | None
    welcome: str
    accessible_copy: str
    logo: Path | None
    logo_alt: str


@dataclass(frozen=True)
class Section:
    """A titled part of the handout, listed in its contents; `key` is its anchor."""

    key: str
    title: str


@dataclass(frozen=True)
class Before(Section):
    """Content note and agreements: read before anything else."""

    content_note: str | None
    agreements: tuple[str, ...]


@dataclass(frozen=True)
class About(Section):
    """Who the session is for, what it explores, and the agenda."""

    audience: str | None
    objectives: tuple[str, ...]
    agenda: tuple[AgendaRow, ...]


@dataclass(frozen=True)
class Point:
    """One key point of a primer: an optional bold lead-in and the point."""

    heading: str | None
    text: str


@dataclass(frozen=True)
class SegmentSection(Section):
    """A part of the handout that follows an agenda segment; `eyebrow` gives its kind and times."""

    eyebrow: str


@dataclass(frozen=True)
class PrimerPage(SegmentSection):
    """A primer section's summary, key points and takeaway."""

    summary: str
    points: tuple[Point, ...]
    takeaway: str


@dataclass(frozen=True)
class DiscussionPage(SegmentSection):
    """A discussion's questions, each with room to write."""

    how: str  # format and group size, or empty
    summary: str
    questions: tuple[WriteIn, ...]


@dataclass(frozen=True)
class ScenarioPage(SegmentSection):
    """A role-play as a worksheet: never its debrief, ally responses or role cards."""

    content_note: str
    setting: str
    situation: str
    roles: tuple[str, ...]
    moments: tuple[str, ...]
    questions: tuple[WriteIn, ...]
    notes: WriteIn


@dataclass(frozen=True)
class WritingPage(SegmentSection):
    """Reflection or activity prompts to write on, privately."""

    purpose: str | None
    prompts: tuple[WriteIn, ...]


@dataclass(frozen=True)
class SpokenPage(SegmentSection):
    """Opening or closing prompts that are said aloud, not written."""

    purpose: str | None
    prompts: tuple[str, ...]


@dataclass(frozen=True)
class ResourceEntry:
    """A place to keep learning: its name, what it is, and its web address."""

    name: str
    description: str | None
    url: str | None


@dataclass(frozen=True)
class Resources(Section):
    """The resource list."""

    entries: tuple[ResourceEntry, ...]


@dataclass(frozen=True)
class Notes(Section):
    """A last page of room to write."""

    area: WriteIn


@dataclass(frozen=True)
class Handout:
    """Everything the handout says, in order: the cover, then its sections."""

    title: str
    language: str
    date: str  # ISO date, to tell one session's saved answers from another's
    workshop_id: str
    cover: Cover
    sections: tuple[Section, ...]

    def write_ins(self) -> tuple[WriteIn, ...]:
        """Return every place to write, in reading order."""
        found: list[WriteIn] = []
        for section in self.sections:
            if isinstance(section, DiscussionPage):
                found += section.questions
            elif isinstance(section, ScenarioPage):
                found += [*section.questions, section.notes]
            elif isinstance(section, WritingPage):
                found += section.prompts
            elif isinstance(section, Notes):
                found.append(section.area)
        return tuple(found)


# ---------------------------------------------------------------------------
# Building it from a Plan


def handout(plan: Plan) -> Handout:
    """Return what the participant handout of `plan` says, in order."""
    workshop = plan.workshop
    sections: list[Section] = [_before(plan), _about(plan)]
    for segment in plan.segments:
        page = _segment(segment)
        if page is not None:
            sections.append(page)
    if plan.resources:
        entries = tuple(ResourceEntry(r.name, r.description, r.url) for r in plan.resources)
        sections.append(Resources("resources", RESOURCES, entries))
    sections.append(Notes("notes", NOTES, WriteIn("notes", NOTES, None, 8, fill=True)))
    return Handout(
        title=workshop.title,
        language=workshop.language,
        date=workshop.date.isoformat(),
        workshop_id=workshop.id,
        cover=_cover(plan),
        sections=tuple(s for s in sections if _has_content(s)),
    )


def _cover(plan: Plan) -> Cover:
    workshop = plan.workshop
    details = [f"{long_date(workshop.date)}, {plan.start}–{plan.end}"]
    details += [x for x in (workshop.location, workshop.organisation) if x]
    names = ", ".join(workshop.facilitators)
    logo = plan.theme.logo
    return Cover(
        eyebrow=EYEBROW,
        title=workshop.title,
        subtitle=workshop.subtitle,
        details=tuple(details),
        facilitators=WITH.format(names=names) if names else None,
        welcome=WELCOME,
        accessible_copy=ACCESSIBLE_COPY,
        logo=logo if logo is not None and logo.is_file() else None,
        # The organisation's name stands beside the logo on the cover, so the logo adds nothing to read.
        logo_alt="",
    )


def _before(plan: Plan) -> Before:
    workshop = plan.workshop
    return Before("before", BEFORE, workshop.content_note, tuple(workshop.agreements))


def _about(plan: Plan) -> About:
    workshop = plan.workshop
    audience = None
    if workshop.audience:
        audience = FOR_AUDIENCE.format(audience=workshop.audience[0].lower() + workshop.audience[1:])
    rows = tuple(
        AgendaRow(s.start, s.end, s.title, None if s.kind == "break" else s.kind_label) for s in plan.segments
    )
    return About("about", ABOUT, audience, tuple(workshop.objectives), rows)


def _has_content(section: Section) -> bool:
    if isinstance(section, Before):
        return bool(section.content_note or section.agreements)
    return True


def _eyebrow(segment: PlannedSegment) -> str:
    return f"{segment.kind_label} · {segment.start}–{segment.end}"


def _segment(segment: PlannedSegment) -> Section | None:
    key = f"segment-{segment.id}"
    eyebrow = _eyebrow(segment)
    if segment.kind == "primer" and segment.primer:
        primer = segment.primer
        points = tuple(Point(p.heading, p.text) for p in primer.points)
        return PrimerPage(key, segment.title, eyebrow, primer.summary, points, primer.takeaway)
    if segment.kind == "discussion" and segment.discussion:
        discussion = segment.discussion
        how = " · ".join(x for x in (format_label(segment.discussion_format), segment.group_size) if x)
        questions = tuple(
            WriteIn(f"{segment.id}-{n}", q.text, n, 4) for n, q in enumerate(discussion.questions, start=1)
        )
        return DiscussionPage(key, segment.title, eyebrow, how, discussion.summary, questions)
    if segment.kind == "scenario" and segment.scenario:
        scenario = segment.scenario
        # Left out on purpose: scenario.debrief, scenario.ally_responses and each role's card.
        prompts = tuple(
            WriteIn(f"{segment.id}-{n}", p, n, 3) for n, p in enumerate(scenario.prompts, start=1)
        )
        return ScenarioPage(
            key,
            WORKSHEET.format(title=segment.title),
            eyebrow,
            scenario.content_note,
            scenario.setting,
            scenario.situation,
            tuple(role.name for role in scenario.roles),
            tuple(scenario.decision_points),
            prompts,
            WriteIn(f"{segment.id}-notes", MY_NOTES, None, 5, fill=True),
        )
    purpose = segment.activity.purpose if segment.activity else None
    if segment.kind in ("activity", "reflection") and segment.prompts:
        prompts = tuple(WriteIn(f"{segment.id}-{n}", p, n, 4) for n, p in enumerate(segment.prompts, start=1))
        return WritingPage(key, segment.title, eyebrow, purpose, prompts)
    if segment.kind in ("opening", "closing") and segment.prompts:
        return SpokenPage(key, segment.title, eyebrow, purpose, tuple(segment.prompts))
    return None
