"""What the participant handout says: its sections, their order, and what it leaves out.

`handout.pdf` and `handout.html` both render the `Handout` this module builds from a
Plan, so they cannot drift apart: the same sections in the same order, the same
words, and the same facilitator-only material left out (a scenario's debrief
questions, its possible ally responses and its role cards never reach a
participant). Each renderer decides only how a section looks.

Every word a participant reads that is not workshop or library text is in the
block of labels below, marked for the catalogues (`N_`); the `Handout` carries
them translated into the workshop's language (`Handout.labels`, and the words
inside each section), so the renderers never translate anything themselves.

"Before we begin" comes first: the content note, where the support contacts are,
what each role-play shows and the agreements, so a reader can decide before the
session and find help fast. The back matter starts with the support contacts, on a page of their own, then
the resources participants can follow (never a link nobody has checked), the
sources and credits of every item used, and a page for notes. A scenario's
harmful moment never reaches the handout: the facilitator reads it aloud once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

from facilitator.planning.plan import Plan, PlannedSegment
from facilitator.planning.scenario_guide import WORKSHEET_VOICES, format_name
from facilitator.text.i18n import N_, Words
from facilitator.text.wording import format_label, tidy

# The accessible copy's file name, as the printed handout's cover (and the deck's closing slide) give it.
HANDOUT_HTML = "handout.html"

# ---------------------------------------------------------------------------
# The handout's own words (everything else comes from the workshop and its library)

EYEBROW = N_("Participant handout")
WELCOME = N_(
    "This handout is yours to keep. Write in it, skip what does not help, and take it home. "
    "Nothing you write here will be collected."
)
ACCESSIBLE_COPY = N_(
    "This handout is also an accessible web page, {file}: it works with screen readers "
    "and on phones, and you can type your answers into it. Ask the facilitators for a copy."
)
WITH = N_("With {names}")
FOR_AUDIENCE = N_("For {audience}.")
CONTENTS = N_("Contents")
BEFORE = N_("Before we begin")
CONTENT_NOTE = N_("A note on content")
AGREEMENTS = N_("Our agreements")
AGREEMENTS_INTRO = N_("We agree to look after each other in these ways:")
SUPPORT_POINTER = N_(
    "If anything today is hard for you, you can talk to someone, during the session or after it."
)
SUPPORT_LINK = N_("Who to contact for support, and when")
SUPPORT_IN_PRINT = N_("Who to contact, and when, is on the page “{title}”, near the end of this handout.")
ROLE_PLAY_NOTES = N_("What the role-plays show")
ABOUT = N_("About this session")
OBJECTIVES = N_("What we will explore")
AGENDA = N_("Agenda")
AGENDA_COLUMNS = (N_("Time"), N_("What we do"))
KEY_POINTS = N_("Key points")
TAKEAWAY = N_("Takeaway")
DISCUSSION_INTRO = N_("Jot down anything you want to remember. You may pass on any question.")
WORKSHEET = N_("Worksheet: {title}")
SCENARIO_NOTE = N_("Content note.")
SCENARIO_OPT_OUT = N_("You may watch instead of playing a part, or step out at any time.")
SETTING = N_("Setting")
SITUATION = N_("The situation")
ROLES = N_("Who is in it")
HOW_WE_RUN = N_("How we run it: {format}. You only ever play an ally, a bystander or an observer.")
ROLE_VOICE = N_("{name} ({voice})")
MOMENTS = N_("Moments to watch for")
QUESTIONS = N_("Questions to talk about")
MY_NOTES = N_("My notes")
WRITING_INTRO = N_("This page is for you. Nobody will collect it or ask you to read it out.")
RESOURCES = N_("Resources")
FEEDBACK_ONLINE = N_("Your feedback, online")
FEEDBACK_ONLINE_WHY = N_("Tell us what worked and what did not, any time after the session.")
RESOURCES_INTRO = N_("Places to keep learning after today.")
SUPPORT = N_("Support")
SUPPORT_KEY = "support"  # the support page's anchor, which "Before we begin" links to
SUPPORT_INTRO = N_(
    "Conversations about harm can stay with us for days. If you would like to talk to someone, during "
    "the session or after it, you can reach:"
)
CREDITS = N_("Sources and credits")
CREDITS_INTRO = N_(
    "This handout says the ideas of these sources in our own words. Each is credited with the parts of "
    "today's session that draw on it."
)
USED_IN = N_("Used in: {items}.")
NOTES = N_("Notes")


@dataclass(frozen=True)
class Labels:
    """The handout's headings and fixed sentences that the renderers place, in the workshop's language."""

    contents: str
    content_note: str
    agreements: str
    agreements_intro: str
    support_pointer: str
    support_link: str
    role_play_notes: str
    objectives: str
    agenda: str
    agenda_columns: tuple[str, str]
    key_points: str
    takeaway: str
    discussion_intro: str
    scenario_note: str
    scenario_opt_out: str
    setting: str
    situation: str
    roles: str
    moments: str
    questions: str
    writing_intro: str
    resources_intro: str

    @classmethod
    def translated(cls, words: Words) -> Labels:
        """Return the labels in `words`' language (each field's message is the constant of its name)."""
        values = {}
        for field in fields(cls):
            message = globals()[field.name.upper()]
            values[field.name] = (
                tuple(words._(m) for m in message) if isinstance(message, tuple) else words._(message)
            )
        return cls(**values)


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
    times: str  # start to end, as the language writes a span of time
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
class RolePlayNote:
    """A role-play's content note, listed before anything else so a reader can decide ahead."""

    key: str  # the anchor of the role-play's worksheet
    title: str
    times: str
    content_note: str


@dataclass(frozen=True)
class Before(Section):
    """Read first: the content note, where support is, what each role-play shows, the agreements."""

    content_note: str | None
    agreements: tuple[str, ...]
    # Where the support contacts are, when the handout has them: the sentence for print (the HTML links).
    support_in_print: str | None = None
    role_plays: tuple[RolePlayNote, ...] = ()


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
    how: str  # how the room runs it, and that participants play only allies, bystanders and observers
    roles: tuple[str, ...]  # each name with who gives the role a voice
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
class SupportEntry:
    """Someone participants can contact for support: who, how to reach them, and when."""

    name: str
    contact: str
    when: str


@dataclass(frozen=True)
class SupportPage(Section):
    """The support contacts, first in the back matter and on a page of their own."""

    intro: str
    entries: tuple[SupportEntry, ...]


@dataclass(frozen=True)
class CreditEntry:
    """A source document (with its publisher, when known) and the parts of the session that use it."""

    title: str
    publisher: str | None
    used_in: str


@dataclass(frozen=True)
class CreditsPage(Section):
    """Every source of every item the session uses."""

    intro: str
    entries: tuple[CreditEntry, ...]


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
    labels: Labels

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
    _ = plan.words._
    sections: list[Section] = [_before(plan), _about(plan)]
    for segment in plan.segments:
        page = _segment(segment)
        if page is not None:
            sections.append(page)
    if workshop.support:
        contacts = tuple(SupportEntry(c.name, c.contact, c.when) for c in workshop.support)
        sections.append(SupportPage(SUPPORT_KEY, _(SUPPORT), _(SUPPORT_INTRO), contacts))
    entries = tuple(ResourceEntry(r.name, r.description, r.url) for r in plan.participant_resources)
    if workshop.feedback_url:  # with the resources: the page people keep after the session
        entries += (ResourceEntry(_(FEEDBACK_ONLINE), _(FEEDBACK_ONLINE_WHY), workshop.feedback_url),)
    if entries:
        sections.append(Resources("resources", _(RESOURCES), entries))
    if plan.credits:
        credits = tuple(
            CreditEntry(c.title, c.publisher, tidy(_(USED_IN).format(items="; ".join(c.used_in))))
            for c in plan.credits
        )
        sections.append(CreditsPage("credits", _(CREDITS), _(CREDITS_INTRO), credits))
    sections.append(Notes("notes", _(NOTES), WriteIn("notes", _(NOTES), None, 8, fill=True)))
    return Handout(
        title=workshop.title,
        language=workshop.language,
        date=workshop.date.isoformat(),
        workshop_id=workshop.id,
        cover=_cover(plan),
        sections=tuple(s for s in sections if _has_content(s)),
        labels=Labels.translated(plan.words),
    )


def _cover(plan: Plan) -> Cover:
    workshop = plan.workshop
    words = plan.words
    _ = words._
    details = [_("{date}, {times}").format(date=words.date(workshop.date), times=plan.times)]
    details += [x for x in (workshop.location, workshop.organisation) if x]
    names = words.join(workshop.facilitators)
    logo = plan.theme.logo
    return Cover(
        eyebrow=_(EYEBROW),
        title=workshop.title,
        subtitle=workshop.subtitle,
        details=tuple(details),
        facilitators=_(WITH).format(names=names) if names else None,
        welcome=_(WELCOME),
        accessible_copy=_(ACCESSIBLE_COPY).format(file=HANDOUT_HTML),
        logo=logo if logo is not None and logo.is_file() else None,
        # The organisation's name stands beside the logo on the cover, so the logo adds nothing to read.
        logo_alt="",
    )


def segment_key(segment: PlannedSegment) -> str:
    """Return the anchor of a segment's section in the handout."""
    return f"segment-{segment.id}"


def _before(plan: Plan) -> Before:
    workshop = plan.workshop
    _ = plan.words._
    role_plays = tuple(
        RolePlayNote(segment_key(s), s.title, s.times, s.scenario.content_note)
        for s in plan.segments
        if s.kind == "scenario" and s.scenario is not None
    )
    where = _(SUPPORT_IN_PRINT).format(title=_(SUPPORT)) if workshop.support else None
    return Before("before", _(BEFORE), workshop.content_note, tuple(workshop.agreements), where, role_plays)


def _about(plan: Plan) -> About:
    workshop = plan.workshop
    _ = plan.words._
    audience = None
    if workshop.audience:
        audience = _(FOR_AUDIENCE).format(audience=workshop.audience[0].lower() + workshop.audience[1:])
    rows = tuple(
        AgendaRow(s.start, s.end, s.times, s.title, None if s.kind == "break" else s.kind_label)
        for s in plan.segments
    )
    return About("about", _(ABOUT), audience, tuple(workshop.objectives), rows)


def _has_content(section: Section) -> bool:
    if isinstance(section, Before):
        return bool(
            section.content_note or section.agreements or section.support_in_print or section.role_plays
        )
    return True


def _eyebrow(segment: PlannedSegment) -> str:
    return f"{segment.kind_label} · {segment.times}"


def _segment(segment: PlannedSegment) -> Section | None:
    _ = segment.words._
    key = segment_key(segment)
    eyebrow = _eyebrow(segment)
    if segment.kind == "primer" and segment.primer:
        primer = segment.primer
        points = tuple(Point(p.heading, p.text) for p in primer.points)
        return PrimerPage(key, segment.title, eyebrow, primer.summary, points, primer.takeaway)
    if segment.kind == "discussion" and segment.discussion:
        discussion = segment.discussion
        label = format_label(segment.discussion_format, segment.words)
        how = " · ".join(x for x in (label, segment.group_size) if x)
        questions = tuple(
            WriteIn(f"{segment.id}-{n}", q.text, n, 4) for n, q in enumerate(discussion.questions, start=1)
        )
        return DiscussionPage(key, segment.title, eyebrow, how, discussion.summary, questions)
    if segment.kind == "scenario" and segment.scenario:
        scenario = segment.scenario
        # Left out on purpose: scenario.harmful_moment, .debrief, .ally_responses and each role's card.
        prompts = tuple(
            WriteIn(f"{segment.id}-{n}", p, n, 3) for n, p in enumerate(scenario.prompts, start=1)
        )
        return ScenarioPage(
            key,
            _(WORKSHEET).format(title=segment.title),
            eyebrow,
            scenario.content_note,
            scenario.setting,
            scenario.situation,
            _(HOW_WE_RUN).format(format=format_name(segment, segment.words).lower()),
            tuple(
                _(ROLE_VOICE).format(name=role.name, voice=_(WORKSHEET_VOICES[role.played_by]))
                for role in scenario.roles
            ),
            tuple(scenario.decision_points),
            prompts,
            WriteIn(f"{segment.id}-notes", _(MY_NOTES), None, 5, fill=True),
        )
    purpose = segment.activity.purpose if segment.activity else None
    if segment.kind in ("activity", "reflection") and segment.prompts:
        prompts = tuple(WriteIn(f"{segment.id}-{n}", p, n, 4) for n, p in enumerate(segment.prompts, start=1))
        return WritingPage(key, segment.title, eyebrow, purpose, prompts)
    if segment.kind in ("opening", "closing") and segment.prompts:
        return SpokenPage(key, segment.title, eyebrow, purpose, tuple(segment.prompts))
    return None
