"""Pydantic models of the workshop file; unknown keys are errors.

The library's items have theirs in `facilitator.workshop.library_schema`, the kinds
of value both hold (ids, texts per language, minutes, clock times) are in
`facilitator.workshop.fields`.

Each field's description is what `facilitator schema` and the README's YAML
reference show, so it is written for a facilitator, not a programmer.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from typing import Annotated, Any, ClassVar, Literal

from pydantic import (
    Discriminator,
    Field,
    StringConstraints,
    Tag,
    field_validator,
)

from facilitator.errors import did_you_mean
from facilitator.workshop.fields import (
    MAX_SEGMENT_MINUTES,
    ClockTime,
    Duration,
    Id,
    Line,
    Minutes,
    Model,
    Name,
    Plain,
    PlainLine,
    Text,
)
from facilitator.workshop.library_schema import (
    DiscussionFormat,
    Resource,
)

SEGMENT_KINDS = (
    "opening",
    "primer",
    "discussion",
    "scenario",
    "activity",
    "break",
    "reflection",
    "closing",
)
LIBRARY_SEGMENT_KINDS = {"primer": "primer", "discussion": "discussions", "scenario": "scenarios"}
DISCUSSION_FORMATS = (
    "think-pair-share",
    "pairs",
    "small-groups",
    "whole-room",
    "journaling",
    "fishbowl",
)
# The longest agenda: a day (the longest duration) of one-minute segments.
MAX_SEGMENTS = 24 * 60
MAX_QR_URL = 300  # characters of a web address printed as a QR code (longer ones get too dense to scan)
# Who a scenario role is in the scene, and who may play it (see ../shared/FACILITATION.md):
# participants play allies, bystanders and observers only.
ROLE_PARTS = ("ally", "bystander", "observer", "targeted", "affected", "source-of-harm")
PARTICIPANT_PARTS = ("ally", "bystander", "observer")
PLAYED_BY = ("participant", "co-facilitator", "card", "nobody")
# How the room runs a role-play: parallel small groups are for gentle scenes only.
SCENARIO_FORMATS = ("small-groups", "fishbowl", "demonstration")

MAX_FACILITATORS = 20

# ---------------------------------------------------------------------------
# The workshop file


class SegmentBase(Model):
    """Keys every agenda segment accepts."""

    id: Id | None = Field(None, description="segment id, for notes and derived workshops")
    title: Line | None = Field(None, description="title to show instead of the default")
    minutes: Minutes
    notes: Text | None = Field(None, description="facilitator notes for this segment")
    materials: list[Text] = Field(default_factory=list, description="what this segment needs")
    fixed: bool = Field(False, description="keep these minutes when fitting to time")
    optional: bool = Field(False, description="may be dropped when fitting to a shorter time")
    required: bool = Field(
        False,
        description="never dropped or shortened when fitting or in the timer (aftercare, breaks); cannot "
        "also be `optional`",
    )
    aftercare_for: Id | None = Field(
        None,
        description="id of the scenario segment this one looks after: keeps its minutes, and is dropped only "
        "together with that scenario",
    )
    min_minutes: Annotated[int, Field(ge=1, le=MAX_SEGMENT_MINUTES)] | None = Field(
        None, description="never fit below this"
    )
    lead: Name | None = Field(None, description="who leads this segment, e.g. one of the `facilitators`")


class FreeformFields(SegmentBase):
    """Keys of segments whose content is written in the workshop or taken from an activity."""

    use: Id | None = Field(None, description="id of a library activity to draw steps and prompts from")
    instructions: list[Text] = Field(default_factory=list, description="facilitator steps")
    prompts: list[Text] = Field(default_factory=list, description="prompts shown to participants")


class OpeningSegment(FreeformFields):
    """Welcome, agreements, land acknowledgement and content note."""

    kind: ClassVar[str] = "opening"

    opening: Line | None = Field(description="title of the opening")


class PrimerSegment(SegmentBase):
    """Teach one primer section from the library."""

    kind: ClassVar[str] = "primer"

    primer: Id = Field(description="id of a primer section")


class DiscussionSegment(SegmentBase):
    """Run one discussion-question set from the library."""

    kind: ClassVar[str] = "discussion"

    discussion: Id = Field(description="id of a discussion-question set")
    format: DiscussionFormat | None = Field(None, description="how the room discusses")
    group_size: Line | None = Field(None, description="overrides the set's group size")
    questions: list[Annotated[int, Field(ge=1, le=20)]] = Field(
        default_factory=list,
        description="which of the set's questions to use, by number (`[1, 4]`); default: all of them",
    )


class ScenarioSegment(SegmentBase):
    """Run one role-play scenario from the library, with its debrief."""

    kind: ClassVar[str] = "scenario"

    scenario: Id = Field(description="id of a role-play scenario")
    format: Literal["small-groups", "fishbowl", "demonstration"] | None = Field(
        None, description="how the room runs it, instead of the scenario's own `format`"
    )


class ActivitySegment(FreeformFields):
    """A free-form activity described in the workshop file."""

    kind: ClassVar[str] = "activity"

    activity: Line = Field(description="title of the activity")


class BreakSegment(SegmentBase):
    """A break; the slide shows the time to return."""

    kind: ClassVar[str] = "break"

    break_: Line | None = Field(alias="break", description="title of the break")


class ReflectionSegment(FreeformFields):
    """Quiet reflection or a commitment exercise."""

    kind: ClassVar[str] = "reflection"

    reflection: Line | None = Field(description="title of the reflection")


class ClosingSegment(FreeformFields):
    """Close: takeaways, resources, feedback."""

    kind: ClassVar[str] = "closing"

    closing: Line | None = Field(description="title of the closing")


def segment_kind(value: Any) -> str | None:
    """Return the kind of a segment (its one kind key), or None when it has none or several."""
    if isinstance(value, dict):
        present = [k for k in SEGMENT_KINDS if k in value]
        return present[0] if len(present) == 1 else None
    return getattr(value, "kind", None)


def default_segment_ids(agenda: list[Any]) -> list[str]:
    """Return each segment's id: its own `id`, else its library id, else its kind (`break-2` when taken).

    Works on checked segments and on raw mappings alike, so derived workshops
    can name segments before validation exactly as the plan later does.
    """

    def own_id(segment: Any) -> str | None:
        value = segment.get("id") if isinstance(segment, dict) else getattr(segment, "id", None)
        return value if isinstance(value, str) and value else None

    explicit = {own_id(s) for s in agenda} - {None}
    used: set[str] = set()
    ids: list[str] = []
    # Where the search for a free `base-n` resumes: every smaller n is taken already (searching
    # from 1 each time made 1,440 activities cost a million tries).
    next_n: dict[str, int] = {}
    for segment in agenda:
        given = own_id(segment)
        if given:
            used.add(given)
            ids.append(given)
            continue
        kind = segment_kind(segment) or "segment"
        ref = segment.get(kind) if isinstance(segment, dict) else getattr(segment, kind, None)
        base = ref if kind in LIBRARY_SEGMENT_KINDS and isinstance(ref, str) and ref else kind
        n = next_n.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in used or candidate in explicit:
            n += 1
            candidate = f"{base}-{n}"
        next_n[base] = n
        used.add(candidate)
        ids.append(candidate)
    return ids


SEGMENT_MODELS: dict[str, type[SegmentBase]] = {
    "opening": OpeningSegment,
    "primer": PrimerSegment,
    "discussion": DiscussionSegment,
    "scenario": ScenarioSegment,
    "activity": ActivitySegment,
    "break": BreakSegment,
    "reflection": ReflectionSegment,
    "closing": ClosingSegment,
}
Segment = Annotated[
    Annotated[OpeningSegment, Tag("opening")]
    | Annotated[PrimerSegment, Tag("primer")]
    | Annotated[DiscussionSegment, Tag("discussion")]
    | Annotated[ScenarioSegment, Tag("scenario")]
    | Annotated[ActivitySegment, Tag("activity")]
    | Annotated[BreakSegment, Tag("break")]
    | Annotated[ReflectionSegment, Tag("reflection")]
    | Annotated[ClosingSegment, Tag("closing")],
    Discriminator(
        segment_kind,
        custom_error_type="segment_kind",
        custom_error_message="segment kind",
    ),
]


class FontOverride(Model):
    """A font family of your own: the name the deck names, and its TrueType files for measuring and print."""

    name: PlainLine = Field(description="the font's name, as installed where the deck is shown (e.g. `Lato`)")
    regular: Plain = Field(description="TrueType (.ttf) file, relative to the workshop file")
    bold: Plain = Field(description="TrueType file of the bold style")
    italic: Plain = Field(description="TrueType file of the italic style")
    bold_italic: Plain = Field(description="TrueType file of the bold italic style")


class FontOverrides(Model):
    """Fonts to use instead of the theme's: for slides, for printed documents, or both."""

    slides: FontOverride | None = Field(None, description="the slide font; text is measured with its files")
    print: FontOverride | None = Field(None, description="the font embedded in the PDFs")


class LayoutChoice(Model):
    """A template layout picked by its master and its name (each master may repeat every name)."""

    master: PlainLine | int = Field(description="the master: its name, or its number (1 for the first)")
    name: PlainLine = Field(description="the layout's name, as the template spells it (any case)")


class TemplateLayouts(Model):
    """Which of a template's layouts the deck uses: a name, `Master/Name`, or `{master:, name:}`."""

    title: PlainLine | LayoutChoice | None = Field(
        None, description="layout of the title slide (default: `Title Slide`)"
    )
    content: PlainLine | LayoutChoice | None = Field(
        None, description="layout of every other slide (default: `Title and Content` or `Title, Content`)"
    )


class ThemeChoice(Model):
    """A theme named by id or path, with inline overrides."""

    base: Plain = Field("default", description="theme id under assets/themes/, or a path")
    colours: dict[str, Plain] = Field(default_factory=dict, description="colour overrides (#RRGGBB)")
    fonts: FontOverrides = Field(
        default_factory=FontOverrides, description="font overrides: `slides:` and/or `print:` (see below)"
    )
    logo: Plain | None = Field(None, description="logo image (PNG or JPEG), relative to the file")
    footer: Line | None = Field(None, description="footer text on slides and pages")
    template: Plain | None = Field(None, description="your own .pptx or .potx to build on")
    layouts: TemplateLayouts | None = Field(
        None,
        description="the template's layouts for `title:` and `content:` slides: a name, "
        '`"Master/Name"` or `{master:, name:}`',
    )


def check_time_zone(value: str | None) -> str | None:
    """Accept an IANA time zone name such as `America/Vancouver`; refuse anything else, with a hint."""
    if value is None:
        return value
    if re.fullmatch(r"[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+){0,2}", value) and value != "localtime":
        try:
            zoneinfo.ZoneInfo(value)
            return value
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
    names = [name for name in zoneinfo.available_timezones() if "/" in name or name == "UTC"]
    hint = did_you_mean(value, names)
    raise ValueError(
        f"'{value}' is not a time zone{hint}; use an IANA name such as America/Vancouver or Europe/Paris"
    )


class SupportContact(Model):
    """Somewhere a participant can get personal support after the session."""

    name: Line = Field(description="the person or service, e.g. `9-8-8 Suicide Crisis Helpline`")
    contact: Line = Field(description="how to reach them: a phone number, text number, email or address")
    when: Line = Field(description="when they can be reached, e.g. `Any time, day or night`")


class Printables(Model):
    """Which printables to make (each on by default)."""

    role_cards: bool = True
    name_tents: bool = True
    pronouns: bool = Field(True, description="a pronouns line on the name tents")
    sign_in: bool = True
    feedback: bool = True


class Workshop(Model):
    """A workshop: its details and its agenda of timed segments."""

    id: Id = Field(description="names the output folder, `output/<id>/`")
    title: Line = Field(description="shown on the title slide, handout cover and guide")
    subtitle: Line | None = Field(None, description="a second line under the title")
    audience: Line | None = Field(None, description="who the session is for")
    date: dt.date = Field(description="YYYY-MM-DD")
    start: ClockTime = Field(description='clock time the session starts, quoted: "09:30"')
    duration: Duration
    location: Line | None = Field(None, description="where the session happens")
    facilitators: list[Name] = Field(
        default_factory=list, max_length=MAX_FACILITATORS, description="names of the facilitators"
    )
    organisation: Line | None = Field(None, description="the organization hosting the session")
    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})*$")] = Field(
        "en", description="language tag, e.g. `en`, `fr-CA`"
    )
    theme: Plain | ThemeChoice = Field("default", description="theme id, path, or overrides")
    expected_participants: Annotated[int, Field(ge=1, le=1000)] = Field(
        20, description="used for printing counts"
    )
    paper: Literal["a4", "letter"] | None = Field(None, description="handout paper size")
    objectives: list[Text] = Field(default_factory=list, description="what participants will be able to do")
    land_acknowledgement: Text | None = Field(
        None, description="written with the local Nations; shown on its own slide"
    )
    content_note: Text | None = Field(None, description="what the session touches on")
    agreements: list[Text] = Field(default_factory=list, description="community agreements")
    support: list[SupportContact] = Field(
        default_factory=list,
        description="where participants can get personal support (see below): printed in the handout, "
        "on the last slide and in the guide's checklist",
    )
    resources: list[Id | Resource] = Field(
        default_factory=list, description="resource-list ids from the library, or entries"
    )
    library: list[Plain] = Field(
        default_factory=list, description="extra library folders, relative to this file"
    )
    printables: Printables = Field(default_factory=Printables, description="which printables to make")
    variables: dict[str, Plain] = Field(
        default_factory=dict,
        description="values for `{{ name }}` placeholders in workshop and library text: `venue: Main Hall`",
    )
    timezone: Plain | None = Field(
        None,
        description="IANA time zone of `start` (for session.ics), e.g. `America/Vancouver`; "
        "default: this computer's",
    )
    feedback_url: Text | None = Field(
        None,
        description="web address of an online feedback form: a QR code on the printed form, the handout's "
        "resources page and the resources slide",
    )
    fit: Literal["none", "proportional"] = Field(
        "none", description="`proportional`: scale flexible segments so the agenda fills `duration`"
    )
    agenda: list[Segment] = Field(
        min_length=1, max_length=MAX_SEGMENTS, description="the timed segments, in order (see below)"
    )

    @field_validator("timezone")
    @classmethod
    def _time_zone(cls, value: str | None) -> str | None:
        return check_time_zone(value)

    @field_validator("feedback_url")
    @classmethod
    def _web_address(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"https?://\S+", value):
            raise ValueError(f"'{value}' is not a web address; use https://… or http://…")
        if value is not None and len(value) > MAX_QR_URL:
            raise ValueError(
                f"is {len(value)} characters long; a QR code people can scan holds {MAX_QR_URL} at most"
            )
        return value
